package io.modelscale.policy;

import io.modelscale.policy.model.RayServePolicy;

import io.modelscale.core.Problem;
import io.modelscale.policy.hpa.ModelHpaPolicy;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleUpPolicy;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.control.Either;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one explicit registry of policies and presets by stable name: what scenario files and the command line name,
 * and what a user adds their own policy to with one call. No reflection, no classpath scanning: every entry is a
 * factory put here by code.
 *
 * <p>A registry is an immutable value: each {@code with…} returns a new registry, or the problem with the name
 * (malformed, or already taken by any entry of any kind, so that a name always means one thing; every preset of the
 * standard registry is made of its entries, each under its own name). The
 * {@link #standard()} registry holds:
 * <table>
 *   <caption>The standard registry</caption>
 *   <tr><th>name</th><th>what it makes, with its default settings</th></tr>
 *   <tr><td>{@code model.inferenceLag}</td><td>Seldon's lag and inactivity policy as documented: Helm thresholds,
 *       capacity check, 5 minute stability window both ways</td></tr>
 *   <tr><td>{@code model.inferenceLag.seldonCore}</td><td>the same as Seldon 2.10's code runs it: no capacity check,
 *       a 60 s window on scale-downs only</td></tr>
 *   <tr><td>{@code model.demandLag}</td><td>the demand-driven lag policy with a 60 s cooldown</td></tr>
 *   <tr><td>{@code model.knative}</td><td>Knative's KPA at 4 concurrent requests per replica</td></tr>
 *   <tr><td>{@code model.hpa}</td><td>an HPA on the model's own requests per second, 3 per replica</td></tr>
 *   <tr><td>{@code model.rayServe}</td><td>Ray Serve's default autoscaling policy: 2 ongoing requests per replica,
 *       30 s look-back, upscale delay 30 s, downscale delay 600 s</td></tr>
 *   <tr><td>{@code model.sloAware}</td><td>the SLO-aware policy: each model sized by Erlang's delay formula for 99 %
 *       of requests within 1 s, a 10 minute scale-down window, a 5 minute reversal guard</td></tr>
 *   <tr><td>{@code server.modelReplicaCount}</td><td>Seldon's scale-up by model replica count</td></tr>
 *   <tr><td>{@code server.memoryAware}</td><td>scale-up to the models' lower bounds</td></tr>
 *   <tr><td>{@code server.memoryAware.countOnly}</td><td>scale-up to the largest model's replica count, with the
 *       memory-aware policy's reversal guard</td></tr>
 *   <tr><td>{@code server.emptyReplica}</td><td>Seldon's empty-replica scale-down</td></tr>
 *   <tr><td>{@code server.lightlyLoaded}</td><td>Seldon's scale-down with packing always tried</td></tr>
 *   <tr><td>{@code server.lightlyLoaded.seldonCore}</td><td>the same as Seldon 2.10 installs it: packing read as a
 *       fraction, 0, drawn on every evaluation</td></tr>
 *   <tr><td>{@code server.consolidating}</td><td>the consolidating scale-down, 5 minute window, one replica per
 *       step</td></tr>
 *   <tr><td>{@code documented}, {@code seldonCore}, {@code consolidating}, {@code rayServe}, {@code knative},
 *       {@code hpa}</td><td>the {@link Presets}</td></tr>
 * </table>
 */
public final class PolicyRegistry {

    /** What a name looks like: dot-separated words of letters and digits, each starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");

    private final SortedMap<String, Supplier<? extends ModelScalingPolicy<?>>> models;
    private final SortedMap<String, Supplier<? extends ServerScaleUpPolicy<?>>> scaleUps;
    private final SortedMap<String, Supplier<? extends ServerScaleDownPolicy<?>>> scaleDowns;
    private final SortedMap<String, Preset> presets;

    private PolicyRegistry(SortedMap<String, Supplier<? extends ModelScalingPolicy<?>>> models,
                           SortedMap<String, Supplier<? extends ServerScaleUpPolicy<?>>> scaleUps,
                           SortedMap<String, Supplier<? extends ServerScaleDownPolicy<?>>> scaleDowns,
                           SortedMap<String, Preset> presets) {
        this.models = models;
        this.scaleUps = scaleUps;
        this.scaleDowns = scaleDowns;
        this.presets = presets;
    }

    /** A registry with nothing in it. */
    public static PolicyRegistry empty() {
        return new PolicyRegistry(TreeMap.empty(), TreeMap.empty(), TreeMap.empty(), TreeMap.empty());
    }

    /** Every shipped policy and preset, under its stable name. */
    public static PolicyRegistry standard() {
        return empty()
            .withModelPolicy(Presets.documentedLag().name(), () -> Presets.documentedLag().policy())
            .flatMap(r -> r.withModelPolicy(Presets.seldonCoreLag().name(), () -> Presets.seldonCoreLag().policy()))
            .flatMap(r -> r.withModelPolicy(Presets.demandLag().name(), () -> Presets.demandLag().policy()))
            .flatMap(r -> r.withModelPolicy(Presets.knativeModels().name(), () -> Presets.knativeModels().policy()))
            .flatMap(r -> r.withModelPolicy(Presets.sloAware().name(), () -> Presets.sloAware().policy()))
            .flatMap(r -> r.withModelPolicy(RayServePolicy.NAME, () -> new RayServePolicy(
                RayServePolicy.Config.defaults())))
            .flatMap(r -> r.withModelPolicy(ModelHpaPolicy.NAME, ModelHpaPolicy::perReplicaRequestRate))
            .flatMap(r -> r.withServerScaleUp(Presets.modelReplicaCount().name(),
                () -> Presets.modelReplicaCount().policy()))
            .flatMap(r -> r.withServerScaleUp(Presets.memoryAware().name(), () -> Presets.memoryAware().policy()))
            .flatMap(r -> r.withServerScaleUp(io.modelscale.policy.server.MemoryAwareScaleUp.COUNT_ONLY_NAME,
                io.modelscale.policy.server.MemoryAwareScaleUp::countOnly))
            .flatMap(r -> r.withServerScaleDown(Presets.emptyReplica().name(), () -> Presets.emptyReplica().policy()))
            .flatMap(r -> r.withServerScaleDown(Presets.lightlyLoaded().name(), () -> Presets.lightlyLoaded().policy()))
            .flatMap(r -> r.withServerScaleDown(Presets.seldonCorePacking().name(),
                () -> Presets.seldonCorePacking().policy()))
            .flatMap(r -> r.withServerScaleDown(Presets.consolidation().name(), () -> Presets.consolidation().policy()))
            .flatMap(r -> r.withPreset(Presets.documented()))
            .flatMap(r -> r.withPreset(Presets.seldonCore()))
            .flatMap(r -> r.withPreset(Presets.consolidating()))
            .flatMap(r -> r.withPreset(Presets.rayServe()))
            .flatMap(r -> r.withPreset(Presets.knative()))
            .flatMap(r -> r.withPreset(Presets.hpa()))
            .getOrElseThrow(problem -> new IllegalStateException(problem.describe()));
    }

    /** This registry with a model policy under {@code name}, or the problem with the name. */
    public Either<Problem, PolicyRegistry> withModelPolicy(String name,
                                                           Supplier<? extends ModelScalingPolicy<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        return free(name).map(n -> new PolicyRegistry(models.put(n, factory), scaleUps, scaleDowns, presets));
    }

    /** This registry with a server scale-up policy under {@code name}, or the problem with the name. */
    public Either<Problem, PolicyRegistry> withServerScaleUp(String name,
                                                             Supplier<? extends ServerScaleUpPolicy<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        return free(name).map(n -> new PolicyRegistry(models, scaleUps.put(n, factory), scaleDowns, presets));
    }

    /** This registry with a server scale-down policy under {@code name}, or the problem with the name. */
    public Either<Problem, PolicyRegistry> withServerScaleDown(String name,
                                                               Supplier<? extends ServerScaleDownPolicy<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        return free(name).map(n -> new PolicyRegistry(models, scaleUps, scaleDowns.put(n, factory), presets));
    }

    /** This registry with {@code preset} under its name, or the problem with the name. */
    public Either<Problem, PolicyRegistry> withPreset(Preset preset) {
        Objects.requireNonNull(preset, "preset");
        return free(preset.name()).map(n -> new PolicyRegistry(models, scaleUps, scaleDowns,
            presets.put(n, preset)));
    }

    /** A new instance of the model policy registered as {@code name}, or the problem naming the known ones. */
    public Either<Problem, Named<ModelScalingPolicy<?>>> modelPolicy(String name) {
        return lookup(models, name).<Named<ModelScalingPolicy<?>>>map(f -> new Named<>(name, f.get()))
            .toEither(() -> unknown("model policy", name, models.keySet()));
    }

    /** A new instance of the server scale-up policy registered as {@code name}, or the problem. */
    public Either<Problem, Named<ServerScaleUpPolicy<?>>> serverScaleUp(String name) {
        return lookup(scaleUps, name).<Named<ServerScaleUpPolicy<?>>>map(f -> new Named<>(name, f.get()))
            .toEither(() -> unknown("server scale-up policy", name, scaleUps.keySet()));
    }

    /** A new instance of the server scale-down policy registered as {@code name}, or the problem. */
    public Either<Problem, Named<ServerScaleDownPolicy<?>>> serverScaleDown(String name) {
        return lookup(scaleDowns, name).<Named<ServerScaleDownPolicy<?>>>map(f -> new Named<>(name, f.get()))
            .toEither(() -> unknown("server scale-down policy", name, scaleDowns.keySet()));
    }

    /** The preset registered as {@code name}, or the problem naming the known ones. */
    public Either<Problem, Preset> preset(String name) {
        return lookup(presets, name).toEither(() -> unknown("preset", name, presets.keySet()));
    }

    /** The names of the model policies, in order. */
    public SortedSet<String> modelPolicies() {
        return models.keySet();
    }

    /** The names of the server scale-up policies, in order. */
    public SortedSet<String> serverScaleUps() {
        return scaleUps.keySet();
    }

    /** The names of the server scale-down policies, in order. */
    public SortedSet<String> serverScaleDowns() {
        return scaleDowns.keySet();
    }

    /** The names of the presets, in order. */
    public SortedSet<String> presets() {
        return presets.keySet();
    }

    private static <V> io.vavr.control.Option<V> lookup(SortedMap<String, V> entries, String name) {
        return name == null ? io.vavr.control.Option.none() : entries.get(name);
    }

    private Either<Problem, String> free(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Either.left(Problem.of("name", name == null ? Problem.MISSING : name, "'" + name + "' is not a"
                + " policy name: expected dot-separated words of letters and digits, such as model.myPolicy"));
        }
        if (models.containsKey(name) || scaleUps.containsKey(name) || scaleDowns.containsKey(name)
            || presets.containsKey(name)) {
            return Either.left(Problem.of("name", name, "'" + name + "' is already registered: choose another name"));
        }
        return Either.right(name);
    }

    private static Problem unknown(String kind, String name, SortedSet<String> known) {
        return Problem.of(kind, name == null ? Problem.MISSING : name, "unknown " + kind + " '" + name
            + "': expected " + (known.isEmpty() ? "none is registered" : "one of " + known.mkString(", ")));
    }
}
