package io.modelscale.policy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.KnativeAutoscaler;
import io.modelscale.policy.model.LagSettings;
import io.modelscale.policy.server.ServerAutoscaler;
import java.util.Objects;

/**
 * A complete, named set of autoscaling settings.
 *
 * @param name         a stable name, as scenario files use it
 * @param lagSettings  the agents' inference-lag statistics settings
 * @param inferenceLag the scheduler's decision on lag triggers
 * @param modelPolicy  which model policy scales models: Seldon's lag triggers or the demand-driven variant
 * @param demandLag    the demand-driven policy's settings, used when {@code modelPolicy} says so
 * @param knative      Knative's autoscaler settings, used when {@code modelPolicy} says so
 * @param placement    the placement rules
 * @param servers      the server autoscaling
 */
public record Preset(String name, LagSettings lagSettings, InferenceLagPolicy.Config inferenceLag,
                     ModelPolicy modelPolicy, DemandLagPolicy.Config demandLag, KnativeAutoscaler.Config knative,
                     SchedulerConfig placement, ServerAutoscaler.Config servers) {

    /** Which model policy a preset uses. */
    public enum ModelPolicy {
        /** Seldon's: agents' lag and inactivity triggers, decided by {@link InferenceLagPolicy}. */
        INFERENCE_LAG,
        /** modelscale's {@link DemandLagPolicy}, on the model's demand. */
        DEMAND_LAG,
        /** Knative's {@link KnativeAutoscaler}, on the model's concurrency. */
        KNATIVE
    }

    /** The same preset with another model policy. */
    public Preset withModelPolicy(ModelPolicy policy) {
        return new Preset(name, lagSettings, inferenceLag, policy, demandLag, knative, placement, servers);
    }

    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lagSettings, "lagSettings");
        Objects.requireNonNull(inferenceLag, "inferenceLag");
        Objects.requireNonNull(modelPolicy, "modelPolicy");
        Objects.requireNonNull(demandLag, "demandLag");
        Objects.requireNonNull(knative, "knative");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(servers, "servers");
    }
}
