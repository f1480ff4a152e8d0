package io.modelscale.policy;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the shipped presets that a sweep varies, each unset unless given; {@link Presets#tuned} builds a preset
 * with them. Which apply depends on the preset ({@link #applicable}):
 * <ul>
 *   <li>{@code lagThreshold}: the lag per replica that triggers a model scale-up ({@code documented} and {@code seldonCore}; 30 by default);</li>
 *   <li>{@code targetAttainment}: the share of requests the SLO-aware model policy sizes to start within its wait
 *       target ({@code consolidating}; 0.99);</li>
 *   <li>{@code scaleDownWindow}: how long the SLO-aware model policy waits with fewer replicas enough before it
 *       scales a model down ({@code consolidating}; 10 minutes);</li>
 *   <li>{@code consolidationWindow}: how long a server must have been over-provisioned before the consolidating
 *       scale-down acts ({@code consolidating}; 5 minutes);</li>
 *   <li>{@code packingPercentage}: the chance, in percent, that Seldon's lightly-loaded scale-down is tried at an
 *       evaluation ({@code seldonCore}, which installs 0);</li>
 *   <li>{@code targetPerReplica}: the per-replica target of the model autoscaler that names the preset: ongoing
 *       requests ({@code rayServe}; 2), concurrent requests ({@code knative}; 4), requests per second
 *       ({@code hpa}; 3);</li>
 *   <li>{@code busySeconds}: whether the SLO-aware model policy also sizes each model to the requests outstanding
 *       in the period's busy seconds ({@code consolidating}; false);</li>
 *   <li>{@code memoryScaleUp}: whether a server scales up for memory, so that every replica the model policy asks
 *       for fits within the replicas' memory requests ({@code server.memoryAware}), or only to the most replicas one
 *       of its models wants, as Seldon's scale-up does, with the same reversal guard
 *       ({@code server.memoryAware.countOnly}), the replicas that do not fit waiting for room
 *       ({@code consolidating}; true);</li>
 *   <li>{@code retryWhenRoomFrees}: whether the models short of replicas are placed again whenever a model replica
 *       unloads, not only when a server replica connects or disconnects ({@link Preset#retryWhenRoomFrees()};
 *       {@code consolidating}; true).</li>
 * </ul>
 *
 * @param lagThreshold        the lag threshold, at least 1
 * @param targetAttainment    the target attainment, in (0, 1)
 * @param scaleDownWindow     the model scale-down window, not negative
 * @param consolidationWindow the consolidation window, not negative
 * @param packingPercentage   the packing chance in percent, 0 to 100
 * @param targetPerReplica    the per-replica target, above zero (for {@code hpa}, whole thousandths)
 * @param busySeconds         whether the SLO-aware model policy sizes to the busy seconds as well
 * @param memoryScaleUp       whether servers scale up for the memory of the replicas the model policy asks for
 * @param retryWhenRoomFrees  whether the models short of replicas are placed again whenever a model replica unloads
 */
public record Tuning(Option<Long> lagThreshold, Option<Double> targetAttainment, Option<Duration> scaleDownWindow,
                     Option<Duration> consolidationWindow, Option<Double> packingPercentage,
                     Option<Double> targetPerReplica, Option<Boolean> busySeconds, Option<Boolean> memoryScaleUp,
                     Option<Boolean> retryWhenRoomFrees) {

    /** Settings without the switch of placing short models again when room frees. */
    public Tuning(Option<Long> lagThreshold, Option<Double> targetAttainment, Option<Duration> scaleDownWindow,
                  Option<Duration> consolidationWindow, Option<Double> packingPercentage,
                  Option<Double> targetPerReplica, Option<Boolean> busySeconds, Option<Boolean> memoryScaleUp) {
        this(lagThreshold, targetAttainment, scaleDownWindow, consolidationWindow, packingPercentage, targetPerReplica,
            busySeconds, memoryScaleUp, Option.none());
    }

    /** Settings without the memory scale-up switch. */
    public Tuning(Option<Long> lagThreshold, Option<Double> targetAttainment, Option<Duration> scaleDownWindow,
                  Option<Duration> consolidationWindow, Option<Double> packingPercentage,
                  Option<Double> targetPerReplica, Option<Boolean> busySeconds) {
        this(lagThreshold, targetAttainment, scaleDownWindow, consolidationWindow, packingPercentage, targetPerReplica,
            busySeconds, Option.none());
    }

    /** Settings without the busy seconds. */
    public Tuning(Option<Long> lagThreshold, Option<Double> targetAttainment, Option<Duration> scaleDownWindow,
                  Option<Duration> consolidationWindow, Option<Double> packingPercentage,
                  Option<Double> targetPerReplica) {
        this(lagThreshold, targetAttainment, scaleDownWindow, consolidationWindow, packingPercentage, targetPerReplica,
            Option.none());
    }

    /** Settings without a per-replica target. */
    public Tuning(Option<Long> lagThreshold, Option<Double> targetAttainment, Option<Duration> scaleDownWindow,
                  Option<Duration> consolidationWindow, Option<Double> packingPercentage) {
        this(lagThreshold, targetAttainment, scaleDownWindow, consolidationWindow, packingPercentage, Option.none());
    }

    /** Every setting's name, in order. */
    public static final Seq<String> NAMES = List.of("lagThreshold", "targetAttainment", "scaleDownWindow",
        "consolidationWindow", "packingPercentage", "targetPerReplica", "busySeconds", "memoryScaleUp",
        "retryWhenRoomFrees");

    /** The presets a setting changes, in order: those {@link #applicable} knows. */
    public static final Seq<String> PRESETS = List.of("documented", "seldonCore", "consolidating", "rayServe",
        "knative", "hpa");

    public Tuning {
        Objects.requireNonNull(lagThreshold, "lagThreshold");
        Objects.requireNonNull(targetAttainment, "targetAttainment");
        Objects.requireNonNull(scaleDownWindow, "scaleDownWindow");
        Objects.requireNonNull(consolidationWindow, "consolidationWindow");
        Objects.requireNonNull(packingPercentage, "packingPercentage");
        Objects.requireNonNull(targetPerReplica, "targetPerReplica");
        Objects.requireNonNull(busySeconds, "busySeconds");
        Objects.requireNonNull(memoryScaleUp, "memoryScaleUp");
        Objects.requireNonNull(retryWhenRoomFrees, "retryWhenRoomFrees");
    }

    /** Nothing set: each preset as shipped. */
    public static Tuning none() {
        return new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none());
    }

    /** The settings that change the preset called {@code preset}; empty for a preset this does not know. */
    public static Seq<String> applicable(String preset) {
        return switch (preset) {
            case "documented" -> List.of("lagThreshold");
            case "seldonCore" -> List.of("lagThreshold", "packingPercentage");
            case "consolidating" -> List.of("targetAttainment", "scaleDownWindow", "consolidationWindow",
                "busySeconds", "memoryScaleUp", "retryWhenRoomFrees");
            case "rayServe", "knative", "hpa" -> List.of("targetPerReplica");
            default -> List.empty();
        };
    }

    /** The names of the settings that are set, in {@link #NAMES} order. */
    public Seq<String> set() {
        return NAMES.filter(name -> switch (name) {
            case "lagThreshold" -> lagThreshold.isDefined();
            case "targetAttainment" -> targetAttainment.isDefined();
            case "scaleDownWindow" -> scaleDownWindow.isDefined();
            case "consolidationWindow" -> consolidationWindow.isDefined();
            case "packingPercentage" -> packingPercentage.isDefined();
            case "targetPerReplica" -> targetPerReplica.isDefined();
            case "busySeconds" -> busySeconds.isDefined();
            case "memoryScaleUp" -> memoryScaleUp.isDefined();
            default -> retryWhenRoomFrees.isDefined();
        });
    }
}
