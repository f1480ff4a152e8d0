package io.modelscale.policy.model;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Ray Serve's default autoscaling policy on each model, as its documentation describes it (Ray 2.32 and later).
 * Registered as {@value #NAME}.
 *
 * <p>Ray Serve compares the mean number of ongoing requests per replica (in flight and queued) over a look-back
 * period with {@code target_ongoing_requests} and asks for {@code ceil(running × (1 + (ratio - 1) × factor))}
 * replicas, where {@code ratio} is the mean ongoing requests over {@code target × running} and {@code factor} the
 * upscaling or downscaling factor (1 unless set); a decision to scale up must stand for {@code upscale_delay_s}
 * and one to scale down for {@code downscale_delay_s} before the count changes, and a deployment at zero replicas
 * with requests waiting scales to the upscaling factor rounded up (one at the default). When a downscaling factor
 * below 1 rounds the step back to the current count although fewer replicas would do, it removes one, as Ray does.
 * Defaults: target 2, look-back 30 s, upscale delay 30 s, downscale delay 600 s, both factors 1.
 *
 * <p>Ray decides every 0.1 s; here the policy decides once per stats period, so a delay is met at the first period
 * at or after it ends. The look-back mean is taken over the serving side's one-second means when it gives them
 * ({@link ModelSignals#outstandingPerSecond()}, which this policy asks for), kept across periods in the memory; a
 * router that cannot say gives the requests outstanding at each decision, counted for every second since the last.
 *
 * <p>On one-second means, an idle model's hold stands ({@link Step#steadyUntil()}) once its whole look-back is
 * zeros, while none of its replicas is draining: with no end when the count is what the policy wants, until the
 * downscale delay ends when it waits to scale down.
 *
 * @param config the policy's settings
 */
public record RayServePolicy(Config config) implements ModelScalingPolicy<RayServePolicy.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "model.rayServe";

    /**
     * Ray Serve's {@code autoscaling_config} settings this policy reads.
     *
     * @param targetOngoingRequests {@code target_ongoing_requests}, more than zero
     * @param lookBack              {@code look_back_period_s}, at least one second
     * @param upscaleDelay          {@code upscale_delay_s}, zero or more
     * @param downscaleDelay        {@code downscale_delay_s}, zero or more
     * @param upscalingFactor       {@code upscaling_factor}, more than zero
     * @param downscalingFactor     {@code downscaling_factor}, more than zero
     */
    public record Config(double targetOngoingRequests, Duration lookBack, Duration upscaleDelay,
                         Duration downscaleDelay, double upscalingFactor, double downscalingFactor) {
        public Config {
            Objects.requireNonNull(lookBack, "lookBack");
            Objects.requireNonNull(upscaleDelay, "upscaleDelay");
            Objects.requireNonNull(downscaleDelay, "downscaleDelay");
            if (!(targetOngoingRequests > 0) || Double.isInfinite(targetOngoingRequests)) {
                throw new IllegalArgumentException("targetOngoingRequests must be a finite number above zero, got "
                    + targetOngoingRequests);
            }
            if (lookBack.getSeconds() < 1) {
                throw new IllegalArgumentException("lookBack must be at least one second, got " + lookBack);
            }
            if (upscaleDelay.isNegative() || downscaleDelay.isNegative()) {
                throw new IllegalArgumentException("the delays must not be negative, got " + upscaleDelay + " and "
                    + downscaleDelay);
            }
            for (Duration d : java.util.List.of(lookBack, upscaleDelay, downscaleDelay)) {
                if (d.compareTo(Duration.ofDays(366)) > 0) {
                    throw new IllegalArgumentException("the look-back and the delays must be at most 366 days, got "
                        + d);
                }
            }
            if (!(upscalingFactor > 0) || !(downscalingFactor > 0) || Double.isInfinite(upscalingFactor)
                || Double.isInfinite(downscalingFactor)) {
                throw new IllegalArgumentException("the factors must be finite numbers above zero, got "
                    + upscalingFactor + " and " + downscalingFactor);
            }
        }

        /** Ray Serve's defaults: target 2, look-back 30 s, upscale delay 30 s, downscale delay 600 s, factors 1. */
        public static Config defaults() {
            return new Config(2, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(600), 1, 1);
        }

        /** These settings with another target. */
        public Config withTarget(double target) {
            return new Config(target, lookBack, upscaleDelay, downscaleDelay, upscalingFactor, downscalingFactor);
        }
    }

    /**
     * What the policy remembers for one model: an immutable value, equal to another that remembers the same.
     *
     * <p>Its per-second figures are kept as numbers, not as a sequence of boxes: a model with traffic gets a new
     * window every period. {@link #seconds()} gives them as a sequence.
     */
    public static final class Memory {
        private static final Memory INITIAL = new Memory(Vector.empty(), Option.none(), Option.none(), Option.none());

        /** The ongoing requests of each recent second, never written after construction and never handed out. */
        private final double[] window;
        private final Option<Instant> lastAt;
        private final Option<Instant> upSince;
        private final Option<Instant> downSince;

        /**
         * A memory.
         *
         * @param seconds   the ongoing requests of each recent second, oldest first, at most the look-back's worth
         * @param lastAt    when it last decided; while an idle model's hold stands, the time of the last decision
         *                  before it stood (the time is read only on signals without one-second means: a caller
         *                  that stops giving them after a hold stood fills the seconds since then with the
         *                  outstanding requests)
         * @param upSince   since when it has wanted more replicas, if it has
         * @param downSince since when it has wanted fewer, if it has
         */
        public Memory(Seq<Double> seconds, Option<Instant> lastAt, Option<Instant> upSince,
                      Option<Instant> downSince) {
            this(PerSecond.unboxed(withoutNull(seconds)), lastAt, upSince, downSince);
        }

        /** A memory of figures in an array this memory becomes the only holder of. */
        private Memory(double[] window, Option<Instant> lastAt, Option<Instant> upSince, Option<Instant> downSince) {
            this.window = window;
            this.lastAt = Objects.requireNonNull(lastAt, "lastAt");
            this.upSince = Objects.requireNonNull(upSince, "upSince");
            this.downSince = Objects.requireNonNull(downSince, "downSince");
        }

        private static Seq<Double> withoutNull(Seq<Double> seconds) {
            Objects.requireNonNull(seconds, "seconds");
            if (seconds.contains(null)) {
                throw new NullPointerException("seconds holds null: " + seconds);
            }
            return seconds;
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return INITIAL;
        }

        /** The ongoing requests of each recent second, oldest first, at most the look-back's worth. */
        public Seq<Double> seconds() {
            return PerSecond.boxed(window);
        }

        /** When it last decided (while an idle model's hold stands, the time of the last decision before it). */
        public Option<Instant> lastAt() {
            return lastAt;
        }

        /** Since when it has wanted more replicas, if it has. */
        public Option<Instant> upSince() {
            return upSince;
        }

        /** Since when it has wanted fewer replicas, if it has. */
        public Option<Instant> downSince() {
            return downSince;
        }

        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Memory that && java.util.Arrays.equals(window, that.window)
                && lastAt.equals(that.lastAt) && upSince.equals(that.upSince) && downSince.equals(that.downSince);
        }

        @Override
        public int hashCode() {
            return Objects.hash(java.util.Arrays.hashCode(window), lastAt, upSince, downSince);
        }

        @Override
        public String toString() {
            return "Memory[seconds=" + java.util.Arrays.toString(window) + ", lastAt=" + lastAt + ", upSince="
                + upSince + ", downSince=" + downSince + "]";
        }
    }

    /** A policy with these settings. */
    public RayServePolicy {
        Objects.requireNonNull(config, "config");
    }

    @Override
    public Memory initialMemory(ModelObservation first) {
        return Memory.initial();
    }

    @Override
    public boolean readsOutstandingPerSecond() {
        return true;
    }

    @Override
    public Step<Memory, ModelScalingDecision> decide(Memory memory, ModelObservation observation) {
        Option<Step<Memory, ModelScalingDecision>> disabled = ModelScalingDecision.unlessAutoscaled(memory,
            observation);
        if (disabled.isDefined()) {
            return disabled.get();
        }
        ScalingSpec scaling = observation.scaling();
        Instant now = observation.now();
        ModelSignals signals = observation.own();
        double[] window = remember(memory, signals, now);
        double[] seconds = PerSecond.window(memory.window, window, 0);
        double ongoing = window.length == 0 ? signals.outstanding() : PerSecond.sum(window) / window.length;
        int current = scaling.replicas();
        int running = Math.max(observation.readyReplicas(), 0);
        if (current == 0 || running == 0) {
            // nothing running to measure: the decision timers wait, as Ray's do, rather than start again
            Memory next = new Memory(seconds, Option.some(now), memory.upSince(), memory.downSince());
            if (current == 0 && (signals.outstanding() > 0 || signals.arrivalsPerSecond() > 0)) {
                int from = (int) Math.max(Math.max(1, scaling.autoscalingFloor()),
                    Math.min(Math.ceil(config.upscalingFactor()), scaling.maxReplicas().bound().getOrElse(
                        Integer.MAX_VALUE)));
                return Step.of(new Memory(seconds, Option.some(now), Option.none(), Option.none()),
                    ModelScalingDecision.scale(observation, from, new ModelScaleReason.FromZero(
                        signals.outstanding(), signals.arrivalsPerSecond())));
            }
            return Step.of(next, ModelScalingDecision.hold(observation, HoldReason.LATEST_NOT_AVAILABLE,
                "no replica running to measure (" + current + " desired)"));
        }
        double ratio = ongoing / (config.targetOngoingRequests() * running);
        double factor = ratio > 1 ? config.upscalingFactor() : config.downscalingFactor();
        long raw = (long) Math.ceil(running * (1 + (ratio - 1) * factor));
        if (raw == running && (long) Math.ceil(running * ratio) < running) {
            raw = running - 1L;  // a damped step that rounds back to the count would never scale down: one less
        }
        int desired = (int) Math.max(scaling.autoscalingFloor(), Math.min(raw,
            scaling.maxReplicas().bound().map(b -> (long) b).getOrElse((long) Integer.MAX_VALUE)));
        ModelScaleReason.OngoingRequests why = new ModelScaleReason.OngoingRequests(ongoing,
            config.targetOngoingRequests(), running, desired);
        if (desired > current) {
            Instant since = memory.upSince().getOrElse(now);
            if (!now.isBefore(since.plus(config.upscaleDelay()))) {
                return Step.of(new Memory(seconds, Option.some(now), Option.none(), Option.none()),
                    ModelScalingDecision.scale(observation, desired, why));
            }
            return Step.of(new Memory(seconds, Option.some(now), Option.some(since), Option.none()),
                ModelScalingDecision.hold(observation, HoldReason.DELAYED, () -> why.describe() + "; wanted since "
                    + since + ", upscale delay " + config.upscaleDelay().getSeconds() + " s"));
        }
        if (desired < current) {
            Instant since = memory.downSince().getOrElse(now);
            if (!now.isBefore(since.plus(config.downscaleDelay()))) {
                return Step.of(new Memory(seconds, Option.some(now), Option.none(), Option.none()),
                    ModelScalingDecision.scale(observation, desired, why));
            }
            ModelScalingDecision delayed = ModelScalingDecision.hold(observation, HoldReason.DELAYED,
                () -> why.describe() + "; wanted since " + since + ", downscale delay "
                    + config.downscaleDelay().getSeconds() + " s");
            if (memory.downSince().isDefined() && standsIdle(memory, signals, seconds, observation)) {
                return Step.steady(memory, delayed, since.plus(config.downscaleDelay()));
            }
            return Step.of(new Memory(seconds, Option.some(now), Option.none(), Option.some(since)), delayed);
        }
        ModelScalingDecision hold = ModelScalingDecision.hold(observation, HoldReason.DEMAND_MET, why::describe);
        if (memory.downSince().isEmpty() && standsIdle(memory, signals, seconds, observation)) {
            return Step.steady(memory, hold);
        }
        return Step.of(new Memory(seconds, Option.some(now), Option.none(), Option.none()), hold);
    }

    /**
     * Whether a hold on an idle model stands for as long as the model and its signals stay the same: the serving side
     * gives one-second means (so the time of the last decision is not read), the whole look-back was zeros and still
     * is, no scale-up is wanted, and the ready replicas are the model's own word. The caller adds what the hold
     * needs of the scale-down delay: none running (it stands whatever the time) or one running since before (it
     * stands until the delay ends). Its memory is then the one it was given: deciding again changes nothing,
     * {@code lastAt} included.
     */
    private static boolean standsIdle(Memory memory, ModelSignals signals, double[] seconds,
                                      ModelObservation observation) {
        return signals.outstandingPerSecond().isDefined() && PerSecond.isZeros(seconds)
            && seconds == memory.window && memory.lastAt().isDefined() && memory.upSince().isEmpty()
            && observation.readyFromModelAlone();
    }

    /**
     * The ongoing requests of each second up to now, the look-back's worth: the serving side's one-second means, or
     * else the outstanding requests now for every whole second since the last decision (at least one).
     */
    private double[] remember(Memory memory, ModelSignals signals, Instant now) {
        double[] before = memory.window;
        Seq<Double> added = signals.outstandingPerSecond().getOrNull();
        int count;
        if (added != null) {
            count = added.size();
        } else {
            long elapsed = memory.lastAt().map(at -> Duration.between(at, now).getSeconds()).getOrElse(1L);
            count = (int) Math.max(1, Math.min(elapsed, config.lookBack().getSeconds()));
        }
        int total = before.length + count;
        int size = (int) Math.min(total, config.lookBack().getSeconds());
        int skip = total - size;
        double[] window = new double[size];
        // the window's oldest values are the remembered ones after the first skip, then the new ones
        int kept = Math.max(0, before.length - skip);
        System.arraycopy(before, before.length - kept, window, 0, kept);
        int at = kept;
        int fromAdded = Math.min(count, size - at);
        if (added != null) {
            PerSecond.copyLast(added, fromAdded, window, at);
        } else {
            java.util.Arrays.fill(window, at, at + fromAdded, signals.outstanding());
        }
        return window;
    }
}
