package io.modelscale.simulation.engine;

import io.modelscale.core.Problem;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The policies a run asks for by registered name: a preset, and policies of the registry that replace the preset's
 * own. Unset names keep the preset's; without a preset, {@code documented}.
 *
 * @param preset          the preset, if named
 * @param modelPolicy     the model policy to use instead of the preset's, if named
 * @param serverScaleUp   the server scale-up policy to use instead of the preset's, if named
 * @param serverScaleDown the server scale-down policy to use instead of the preset's, if named
 */
public record PolicyChoice(Option<String> preset, Option<String> modelPolicy, Option<String> serverScaleUp,
                           Option<String> serverScaleDown) {

    /** The preset a run uses when nothing names one. */
    public static final String DEFAULT_PRESET = "documented";

    public PolicyChoice {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(modelPolicy, "modelPolicy");
        Objects.requireNonNull(serverScaleUp, "serverScaleUp");
        Objects.requireNonNull(serverScaleDown, "serverScaleDown");
    }

    /** Nothing named: the default preset with its own policies. */
    public static PolicyChoice none() {
        return new PolicyChoice(Option.none(), Option.none(), Option.none(), Option.none());
    }

    /** This choice with the preset named {@code name}, when one is given. */
    public PolicyChoice withPreset(Option<String> name) {
        return new PolicyChoice(name.orElse(preset), modelPolicy, serverScaleUp, serverScaleDown);
    }

    /** This choice with the model policy named {@code name}, when one is given. */
    public PolicyChoice withModelPolicy(Option<String> name) {
        return new PolicyChoice(preset, name.orElse(modelPolicy), serverScaleUp, serverScaleDown);
    }

    /** The preset these names make in {@code registry}, or the problem with the first unknown name. */
    public Either<Problem, Preset> resolve(PolicyRegistry registry) {
        return resolve(registry, preset.getOrElse(DEFAULT_PRESET));
    }

    /**
     * The preset named {@code presetName} in {@code registry} with this choice's policies, or the problem. A preset
     * with a policy replaced is named after both, such as {@code seldonCore+model.knative}, so that reports say what
     * ran.
     */
    public Either<Problem, Preset> resolve(PolicyRegistry registry, String presetName) {
        return registry.preset(presetName).flatMap(preset -> resolve(registry, preset));
    }

    /**
     * {@code preset} (a tuned one, for example) with this choice's policies, or the problem with the first unknown
     * name; named after both, as above.
     */
    public Either<Problem, Preset> resolve(PolicyRegistry registry, Preset preset) {
        Either<Problem, Preset> chosen = Either.right(preset);
        for (String name : modelPolicy) {
            chosen = chosen.flatMap(p -> registry.modelPolicy(name).map(n -> p.withModelPolicy(n)
                .named(p.name() + "+" + name)));
        }
        for (String name : serverScaleUp) {
            chosen = chosen.flatMap(p -> registry.serverScaleUp(name).map(n -> p.withServerScaleUp(n)
                .named(p.name() + "+" + name)));
        }
        for (String name : serverScaleDown) {
            chosen = chosen.flatMap(p -> registry.serverScaleDown(name).map(n -> p.withServerScaleDown(n)
                .named(p.name() + "+" + name)));
        }
        return chosen;
    }
}
