package io.modelscale.policy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.StabilityWindow.Directions;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.KnativeAutoscaler;
import io.modelscale.policy.model.KnativePolicy;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.RayServePolicy;
import io.modelscale.policy.model.SloAwarePolicy;
import io.modelscale.policy.server.ConsolidatingPolicy;
import io.modelscale.policy.server.EmptyReplicaScaleDown;
import io.modelscale.policy.server.LightlyLoadedScaleDown;
import io.modelscale.policy.server.MemoryAwareScaleUp;
import io.modelscale.policy.server.ModelReplicaCountScaleUp;
import io.modelscale.policy.server.PackingChance;
import io.modelscale.policy.server.ScaleDownCheck;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleUpPolicy;
import io.modelscale.policy.model.LagSettings;
import io.vavr.collection.List;
import java.time.Duration;

/**
 * The shipped presets: the two readings of Seldon Core 2 where its documentation and its code disagree
 * ({@code shared/spec/README.md} §1), modelscale's own, and three alternatives a team might run on Seldon's servers:
 * {@link #rayServe()}, {@link #knative()} and {@link #hpa()}, each {@link #seldonCore()} with its model policy
 * replaced ({@code model.rayServe}, {@code model.knative}, {@code model.hpa}). The table compares the first three.
 *
 * <table>
 *   <caption>How the presets differ</caption>
 *   <tr><th>setting</th><th>{@link #documented()}</th><th>{@link #seldonCore()}</th>
 *       <th>{@link #consolidating()}</th></tr>
 *   <tr><td>model policy</td><td>{@code model.inferenceLag}</td><td>{@code model.inferenceLag.seldonCore}</td>
 *       <td>{@code model.sloAware}</td></tr>
 *   <tr><td>model stability window</td><td>5 minutes since the model's last status change, both directions</td>
 *       <td>60 s since the last status change, scale-down only</td><td>none: the policy scales down after 10
 *       minutes of fewer replicas being enough, and not up within 5 minutes of its own scale-down</td></tr>
 *   <tr><td>capacity check before a model scale-up</td><td>yes</td><td>no</td><td>no</td></tr>
 *   <tr><td>server scale-up</td><td>{@code server.modelReplicaCount}</td><td>{@code server.modelReplicaCount}</td>
 *       <td>{@code server.memoryAware}</td></tr>
 *   <tr><td>server scale-down</td><td>{@code server.emptyReplica}</td><td>{@code server.lightlyLoaded.seldonCore}:
 *       packing chance a fraction tried when {@code rand > 1 - p}, 0 as installed</td>
 *       <td>{@code server.consolidating}</td>
 *       </tr>
 *   <tr><td>placement</td><td>spreading, servers by name, requirements on the lowest replica</td><td>spreading,
 *       servers in random order, requirements on a random replica</td><td>spreading, servers by name, within memory
 *       requests (no overcommit)</td></tr>
 *   <tr><td>a scale-down that leaves a model unplaceable</td><td>carried out</td><td>carried out</td>
 *       <td>refused</td></tr>
 *   <tr><td>models short of replicas placed again</td><td colspan="2">when a server replica connects or
 *       disconnects</td><td>also whenever a model replica unloads ({@link Preset#retryWhenRoomFrees()})</td></tr>
 * </table>
 * The Seldon presets use the Helm chart's lag settings (threshold 30, inactive 600 s); an unset or zero
 * {@code maxReplicas} is unbounded, negative counts are invalid, and no arithmetic wraps around.
 */
public final class Presets {

    private Presets() {
    }

    /** Seldon Core 2 as its documentation describes it, made deterministic. The default. */
    public static Preset documented() {
        return new Preset("documented", documentedLag(), modelReplicaCount(), emptyReplica(),
            SchedulerConfig.spreading(), ScaleDownCheck.planningOnly(SchedulerConfig.spreading()));
    }

    /** Seldon Core 2 as its 2.10 code behaves; its random choices draw from the caller's randomness. */
    public static Preset seldonCore() {
        return new Preset("seldonCore", seldonCoreLag(), modelReplicaCount(), seldonCorePacking(),
            SchedulerConfig.seldonCore(), ScaleDownCheck.planningOnly(SchedulerConfig.spreading()));
    }

    /**
     * modelscale's own: the SLO-aware model policy (99 % of requests within 1 s), placement that spreads within
     * each replica's memory request (never into its overcommit, where a model is evicted whenever another is used),
     * memory-aware server scale-up, the {@link ConsolidatingPolicy} (5 minute window, one replica per step) for
     * scale-down, the two counting memory requests as the placement does, every scale-down checked so that no
     * model is left unplaceable, and the models short of replicas placed again whenever a model replica unloads
     * ({@link Preset#retryWhenRoomFrees()}): room another model's scale-down frees goes to them at once, where
     * Seldon waits for a server replica to connect or disconnect.
     *
     * <p>Placement spreads rather than packs: at the memory floor the free memory is then on every replica, where a
     * hot model's further replicas (one per server replica) can go. Packed, the free memory gathers on the highest
     * replicas, and a model that needs more replicas than there are replicas with room needs a new server replica.
     * The consolidating policy does not need packed replicas to scale down: its repacking plan moves the models off
     * the replicas it removes, make-before-break; spread, more of its scale-downs move models, and more are refused
     * by the check.
     */
    public static Preset consolidating() {
        return new Preset("consolidating", sloAware(), memoryAware(), consolidation(), spreadingWithinRequests(),
            ScaleDownCheck.refusing(spreadingWithinRequests()), true);
    }

    /**
     * Ray Serve's default autoscaling policy on each model ({@code model.rayServe}), on Seldon's servers as its 2.10
     * code runs them ({@link #seldonCore()}'s server policies, placement and check): what a team that scales models
     * as Ray Serve does would get on Seldon Core 2.
     */
    public static Preset rayServe() {
        return seldonCore().named("rayServe").withModelPolicy(rayServeModels(RayServePolicy.Config.defaults()));
    }

    /** Knative's KPA on each model ({@code model.knative}, 4 concurrent requests per replica), on Seldon's servers. */
    public static Preset knative() {
        return seldonCore().named("knative").withModelPolicy(knativeModels());
    }

    /**
     * The Kubernetes HPA on each model, on its requests per second (3 per replica, Seldon's HPA example), on Seldon's
     * servers.
     */
    public static Preset hpa() {
        return seldonCore().named("hpa").withModelPolicy(new Named<>(
            io.modelscale.policy.hpa.ModelHpaPolicy.NAME, io.modelscale.policy.hpa.ModelHpaPolicy.perReplicaRequestRate()));
    }

    /**
     * The preset called {@code name} with {@code tuning}'s settings, named after both, such as
     * {@code consolidating[targetAttainment=0.95,consolidationWindow=2m]}, each value as the command line writes it;
     * or the problem: an unknown preset, a setting
     * that does not apply to it ({@link Tuning#applicable}), or a value out of range.
     */
    public static io.vavr.control.Either<io.modelscale.core.Problem, Preset> tuned(String name, Tuning tuning) {
        io.vavr.collection.Seq<String> unknown = tuning.set().filter(s -> !Tuning.applicable(name).contains(s));
        if (Tuning.applicable(name).isEmpty()) {
            return io.vavr.control.Either.left(io.modelscale.core.Problem.of("preset", name,
                "no tunable preset of that name: expected " + Tuning.PRESETS.init().mkString(", ") + " or "
                    + Tuning.PRESETS.last()));
        }
        if (!unknown.isEmpty()) {
            return io.vavr.control.Either.left(io.modelscale.core.Problem.of(unknown.head(), name, unknown.head()
                + " does not apply to preset " + name + ": expected one of " + Tuning.applicable(name).mkString(", ")));
        }
        try {
            long lag = tuning.lagThreshold().getOrElse(LagSettings.helmDefaults().lagThreshold());
            LagSettings settings = new LagSettings(lag, LagSettings.helmDefaults().inactiveThreshold(),
                LagSettings.helmDefaults().statsPeriod());
            Preset preset = switch (name) {
                case "documented" -> documented().withModelPolicy(new Named<>(InferenceLagPolicy.NAME,
                    StabilityWindow.sinceStatusChange(Duration.ofMinutes(5), Directions.BOTH).wrap(
                        new InferenceLagPolicy(new InferenceLagPolicy.Config(settings, true,
                            SchedulerConfig.spreading())))));
                case "seldonCore" -> seldonCore().withModelPolicy(new Named<>(InferenceLagPolicy.NAME + ".seldonCore",
                    StabilityWindow.sinceStatusChange(Duration.ofSeconds(60), Directions.SCALE_DOWN_ONLY).wrap(
                        new InferenceLagPolicy(new InferenceLagPolicy.Config(settings, false,
                            SchedulerConfig.spreading()))))).withServerScaleDown(new Named<>(
                    LightlyLoadedScaleDown.NAME + ".seldonCore", new LightlyLoadedScaleDown(new PackingChance.Fraction(
                        checkedPercent(tuning.packingPercentage().getOrElse(0.0)) / 100))));
                case "rayServe" -> rayServe().withModelPolicy(rayServeModels(RayServePolicy.Config.defaults()
                    .withTarget(target(tuning, RayServePolicy.Config.defaults().targetOngoingRequests()))));
                case "knative" -> knative().withModelPolicy(new Named<>(KnativePolicy.NAME, new KnativePolicy(
                    KnativeAutoscaler.Config.defaults(target(tuning, 4)))));
                case "hpa" -> hpa().withModelPolicy(new Named<>(io.modelscale.policy.hpa.ModelHpaPolicy.NAME,
                    io.modelscale.policy.hpa.ModelHpaPolicy.perReplicaRequestRate(milli(target(tuning, 3)))));
                default -> {
                    SloAwarePolicy.Config d = SloAwarePolicy.Config.defaults();
                    ConsolidatingPolicy.Config c = ConsolidatingPolicy.Config.defaults();
                    double attainment = tuning.targetAttainment().getOrElse(d.attainment());
                    io.vavr.control.Option<String> wrong = SloAwarePolicy.Config.attainmentProblem(
                        "targetAttainment", attainment);
                    if (wrong.isDefined()) {
                        throw new IllegalArgumentException(wrong.get());
                    }
                    Duration window = tuning.scaleDownWindow().getOrElse(d.scaleDownWindow());
                    if (window.isNegative()) {
                        throw new IllegalArgumentException("scaleDownWindow must not be negative, got " + window);
                    }
                    Preset tuned = consolidating().withModelPolicy(new Named<>(SloAwarePolicy.NAME,
                            new SloAwarePolicy(d.withAttainment(attainment).withScaleDownWindow(window)
                                .withBusySeconds(tuning.busySeconds().getOrElse(d.busySeconds())))))
                        .withServerScaleDown(new Named<>(ConsolidatingPolicy.NAME,
                        ConsolidatingPolicy.of(new ConsolidatingPolicy.Config(tuning.consolidationWindow()
                            .getOrElse(c.window()), c.maxStep()))));
                    tuned = tuned.withRetryWhenRoomFrees(tuning.retryWhenRoomFrees()
                        .getOrElse(consolidating().retryWhenRoomFrees()));
                    yield tuning.memoryScaleUp().getOrElse(true) ? tuned : tuned.withServerScaleUp(
                        new Named<>(MemoryAwareScaleUp.COUNT_ONLY_NAME, MemoryAwareScaleUp.countOnly()));
                }
            };
            return io.vavr.control.Either.right(tuning.set().isEmpty() ? preset : preset.named(name + "["
                + tuning.set().map(s -> s + "=" + value(tuning, s)).mkString(",") + "]"));
        } catch (IllegalArgumentException e) {
            return io.vavr.control.Either.left(io.modelscale.core.Problem.of("tuning", name, e.getMessage()));
        }
    }

    /** A request rate in the HPA's milli-units, refused when it rounds to another value. */
    private static long milli(double perSecond) {
        long milli = Math.round(perSecond * 1000);
        if (milli < 1 || Math.abs(milli - perSecond * 1000) > 1e-6 * Math.max(1, milli)) {
            throw new IllegalArgumentException("targetPerReplica for hpa must be a whole number of thousandths of a"
                + " request per second, at least 0.001, got " + perSecond);
        }
        return milli;
    }

    private static double target(Tuning tuning, double otherwise) {
        double target = tuning.targetPerReplica().getOrElse(otherwise);
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("targetPerReplica must be a finite number above zero, got " + target);
        }
        return target;
    }

    private static double checkedPercent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("packingPercentage must be between 0 and 100, got " + percent);
        }
        return percent;
    }

    /**
     * A duration as the command line writes one ({@code 15m}, {@code 90s}, {@code 1h}): in the largest of hours,
     * minutes and seconds that holds it exactly; ISO-8601 when it is not whole seconds.
     */
    private static String written(Duration duration) {
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        long seconds = duration.getSeconds();
        return seconds != 0 && seconds % 3600 == 0 ? seconds / 3600 + "h"
            : seconds != 0 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String value(Tuning tuning, String name) {
        return switch (name) {
            case "lagThreshold" -> tuning.lagThreshold().get().toString();
            case "targetAttainment" -> tuning.targetAttainment().get().toString();
            case "scaleDownWindow" -> written(tuning.scaleDownWindow().get());
            case "consolidationWindow" -> written(tuning.consolidationWindow().get());
            case "packingPercentage" -> tuning.packingPercentage().get().toString();
            case "targetPerReplica" -> tuning.targetPerReplica().get().toString();
            case "busySeconds" -> tuning.busySeconds().get().toString();
            case "memoryScaleUp" -> tuning.memoryScaleUp().get().toString();
            default -> tuning.retryWhenRoomFrees().get().toString();
        };
    }

    /**
     * Seldon's inference-lag policy as the documentation reads it: the Helm chart's thresholds, a capacity check
     * before a scale-up, and a 5 minute stability window in both directions.
     */
    static Named<ModelScalingPolicy<?>> documentedLag() {
        return new Named<>(InferenceLagPolicy.NAME, StabilityWindow.sinceStatusChange(Duration.ofMinutes(5),
            Directions.BOTH).wrap(new InferenceLagPolicy(InferenceLagPolicy.Config.documented())));
    }

    /**
     * Seldon's inference-lag policy as its 2.10 code behaves: the Helm chart's thresholds, no capacity check, and a
     * 60 s stability window on scale-downs only.
     */
    static Named<ModelScalingPolicy<?>> seldonCoreLag() {
        return new Named<>(InferenceLagPolicy.NAME + ".seldonCore", StabilityWindow.sinceStatusChange(
            Duration.ofSeconds(60), Directions.SCALE_DOWN_ONLY).wrap(new InferenceLagPolicy(
                InferenceLagPolicy.Config.seldonCore())));
    }

    /** Seldon's scale-down as Seldon 2.10 installs it: packing read as a fraction, 0, drawn on every evaluation. */
    static Named<ServerScaleDownPolicy<?>> seldonCorePacking() {
        return new Named<>(LightlyLoadedScaleDown.NAME + ".seldonCore",
            new LightlyLoadedScaleDown(new PackingChance.Fraction(0.0)));
    }

    /** The demand-driven lag policy with its defaults and a 60 s cooldown in both directions. */
    static Named<ModelScalingPolicy<?>> demandLag() {
        return new Named<>(DemandLagPolicy.NAME, StabilityWindow.sinceLastScale(Duration.ofSeconds(60),
            Directions.BOTH).wrap(new DemandLagPolicy(DemandLagPolicy.Config.defaults())));
    }

    /** Spreading (most free memory first), within each replica's memory request. */
    static SchedulerConfig spreadingWithinRequests() {
        return SchedulerConfig.spreading().withinMemoryRequests();
    }

    /** The SLO-aware policy with its defaults: 99 % of requests within 1 s, a 10 minute scale-down window. */
    static Named<ModelScalingPolicy<?>> sloAware() {
        return new Named<>(SloAwarePolicy.NAME, new SloAwarePolicy(SloAwarePolicy.Config.defaults()));
    }

    /** Ray Serve's default policy with its documented defaults (target 2 ongoing requests per replica). */
    static Named<ModelScalingPolicy<?>> rayServeModels(RayServePolicy.Config config) {
        return new Named<>(RayServePolicy.NAME, new RayServePolicy(config));
    }

    /** Knative's autoscaler at 4 concurrent requests per replica, its other settings Knative's defaults. */
    static Named<ModelScalingPolicy<?>> knativeModels() {
        return new Named<>(KnativePolicy.NAME, new KnativePolicy(KnativeAutoscaler.Config.defaults(4)));
    }

    static Named<ServerScaleUpPolicy<?>> modelReplicaCount() {
        return new Named<>(ModelReplicaCountScaleUp.NAME, new ModelReplicaCountScaleUp());
    }

    static Named<ServerScaleUpPolicy<?>> memoryAware() {
        return new Named<>(MemoryAwareScaleUp.NAME, new MemoryAwareScaleUp());
    }

    static Named<ServerScaleDownPolicy<?>> emptyReplica() {
        return new Named<>(EmptyReplicaScaleDown.NAME, new EmptyReplicaScaleDown());
    }

    static Named<ServerScaleDownPolicy<?>> consolidation() {
        return new Named<>(ConsolidatingPolicy.NAME, ConsolidatingPolicy.of(ConsolidatingPolicy.Config.defaults()));
    }

    static Named<ServerScaleDownPolicy<?>> lightlyLoaded() {
        return new Named<>(LightlyLoadedScaleDown.NAME, new LightlyLoadedScaleDown(new PackingChance.Percentage(100)));
    }
}
