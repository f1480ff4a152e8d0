package io.modelscale.policy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.LagSettings;
import io.modelscale.policy.server.ServerAutoscaler;
import java.util.Objects;

/**
 * A complete, named set of autoscaling settings.
 *
 * @param name         a stable name, as scenario files use it
 * @param lagSettings  the agents' inference-lag statistics settings
 * @param inferenceLag the scheduler's decision on lag triggers
 * @param placement    the placement rules
 * @param servers      the server autoscaling
 */
public record Preset(String name, LagSettings lagSettings, InferenceLagPolicy.Config inferenceLag,
                     SchedulerConfig placement, ServerAutoscaler.Config servers) {

    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lagSettings, "lagSettings");
        Objects.requireNonNull(inferenceLag, "inferenceLag");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(servers, "servers");
    }
}
