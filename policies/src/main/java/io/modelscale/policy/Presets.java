package io.modelscale.policy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.KnativeAutoscaler;
import io.modelscale.policy.model.LagSettings;
import io.modelscale.policy.server.ConsolidatingPolicy;
import io.modelscale.policy.server.PackingChance;
import io.modelscale.policy.server.ServerAutoscaler;

/**
 * The two readings of Seldon Core 2 where its documentation and its code disagree ({@code shared/spec/README.md}
 * §1):
 *
 * <table>
 *   <caption>How the presets differ</caption>
 *   <tr><th>setting</th><th>{@link #documented()}</th><th>{@link #seldonCore()}</th></tr>
 *   <tr><td>model stability window</td><td>5 minutes, both directions</td><td>60 s, scale-down only</td></tr>
 *   <tr><td>capacity check before a model scale-up</td><td>yes</td><td>no</td></tr>
 *   <tr><td>order of eligible servers other than the current one</td><td>by name</td><td>random</td></tr>
 *   <tr><td>replica whose capabilities the requirements filter reads</td><td>lowest index</td><td>random</td></tr>
 *   <tr><td>packing percentage</td><td>0–100, the chance packing is tried</td><td>a fraction, tried when
 *       {@code rand > 1 - p}</td></tr>
 * </table>
 * Knative's autoscaler, for presets switched to it ({@link Preset#withModelPolicy}), targets 4 concurrent
 * requests per replica. Both use the Helm chart's lag settings and leave packing off (percentage 0, as installed by default); an unset
 * or zero {@code maxReplicas} is unbounded, negative counts are invalid, no arithmetic wraps around, and neither
 * refuses a scale-down, as Seldon does not. {@link #consolidating()} is modelscale's own.
 */
public final class Presets {

    private Presets() {
    }

    /** Seldon Core 2 as its documentation describes it, made deterministic. The default. */
    public static Preset documented() {
        return new Preset("documented", LagSettings.helmDefaults(), InferenceLagPolicy.Config.documented(),
            Preset.ModelPolicy.INFERENCE_LAG, DemandLagPolicy.Config.defaults(), KnativeAutoscaler.Config.defaults(4),
            SchedulerConfig.spreading(), new ServerAutoscaler.Config(true, ServerAutoscaler.ScaleUp.MODEL_REPLICA_COUNT,
                new ServerAutoscaler.ScaleDown.Seldon(new PackingChance.Percentage(0)), false,
                SchedulerConfig.spreading()));
    }

    /** Seldon Core 2 as its 2.10 code behaves; its random choices draw from the caller's randomness. */
    public static Preset seldonCore() {
        return new Preset("seldonCore", LagSettings.helmDefaults(), InferenceLagPolicy.Config.seldonCore(),
            Preset.ModelPolicy.INFERENCE_LAG, DemandLagPolicy.Config.defaults(), KnativeAutoscaler.Config.defaults(4),
            SchedulerConfig.seldonCore(), new ServerAutoscaler.Config(true, ServerAutoscaler.ScaleUp.MODEL_REPLICA_COUNT,
                new ServerAutoscaler.ScaleDown.Seldon(new PackingChance.Fraction(0.0)), false,
                SchedulerConfig.spreading()));
    }

    /**
     * modelscale's own: the demand-driven lag policy for models, placement that fills low ordinals first, memory-aware
     * server scale-up, the {@link io.modelscale.policy.server.ConsolidatingPolicy} (5 minute window, one replica
     * per step) for scale-down, and every scale-down checked so that no model is left unplaceable.
     */
    public static Preset consolidating() {
        return new Preset("consolidating", LagSettings.helmDefaults(), InferenceLagPolicy.Config.documented(),
            Preset.ModelPolicy.DEMAND_LAG, DemandLagPolicy.Config.defaults(), KnativeAutoscaler.Config.defaults(4),
            SchedulerConfig.packing(), new ServerAutoscaler.Config(true, ServerAutoscaler.ScaleUp.MEMORY_AWARE,
                new ServerAutoscaler.ScaleDown.Consolidating(ConsolidatingPolicy.Config.defaults()), true,
                SchedulerConfig.packing()));
    }
}
