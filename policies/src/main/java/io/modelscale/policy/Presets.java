package io.modelscale.policy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.LagSettings;

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
 * </table>
 * Both use the Helm chart's lag settings; an unset or zero {@code maxReplicas} is unbounded, negative counts are
 * invalid, and no arithmetic wraps around in either.
 */
public final class Presets {

    private Presets() {
    }

    /** Seldon Core 2 as its documentation describes it, made deterministic. The default. */
    public static Preset documented() {
        return new Preset("documented", LagSettings.helmDefaults(), InferenceLagPolicy.Config.documented(),
            SchedulerConfig.spreading());
    }

    /** Seldon Core 2 as its 2.10 code behaves; its random choices draw from the caller's randomness. */
    public static Preset seldonCore() {
        return new Preset("seldonCore", LagSettings.helmDefaults(), InferenceLagPolicy.Config.seldonCore(),
            SchedulerConfig.seldonCore());
    }
}
