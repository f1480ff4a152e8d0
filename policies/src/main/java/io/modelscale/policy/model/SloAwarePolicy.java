package io.modelscale.policy.model;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Sizes each model from its offered load against a wait target, as a queueing model says, rather than waiting for a
 * lag threshold. Registered as {@value #NAME}.
 *
 * <p>Each stats period the policy takes the model's arrival rate and mean service time from its signals (the last
 * service time measured when none finished in the period, the configured assumption before any did), adds the
 * requests queued now spread over the drain time, and asks Erlang's delay formula ({@link ErlangC}, one server per
 * request a replica serves at once) for the fewest slots that start {@code attainment} of requests within
 * {@code waitTarget}. Then:
 * <ul>
 *   <li>more replicas needed than the model has: it scales to that count in one step, from zero as from any count;</li>
 *   <li>fewer needed: once fewer have been enough for the whole {@code scaleDownWindow} at the current count, it
 *       scales down to the most needed in that window (so a dip does not undo a rise, and the window gives the
 *       hysteresis);</li>
 *   <li>the count stays within {@code [max(minReplicas, 1), maxReplicas]};</li>
 *   <li>a model that could not be placed at all (ScheduleFailed, no replica ready) is held: its queue grows every
 *       period, and replicas beyond those that could not be placed would not be placed either.</li>
 * </ul>
 * With {@link Config#busySeconds()} the slots are also at least the requests outstanding in the period's busy seconds:
 * the {@code attainment} quantile of the mean outstanding requests of each second
 * ({@link ModelSignals#outstandingPerSecond()}, which the policy then asks for). A period's mean rate hides a burst
 * shorter than the period, and on traffic that arrives in bursts of a few seconds Erlang's formula on the mean sizes
 * the model for the quiet seconds; the busy seconds size it for the burst, and the scale-down window keeps that size
 * while bursts recur. It costs replicas, and buys the attainment that bursty traffic otherwise misses.
 * Every scale carries a {@link LoadSizing}: the rate, the queue, the service time and whether it was measured, the
 * Erlangs, the busy seconds' requests when they count, the slots and the replicas. The M/M/c model pools the
 * replicas' slots as one queue; a router that sends each request to the replica with the fewest outstanding is close
 * to that, a random one is not. Holds say how long they stand ({@link Step#steadyUntil()}).
 *
 * @param config the policy's settings
 */
public record SloAwarePolicy(Config config) implements ModelScalingPolicy<SloAwarePolicy.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "model.sloAware";

    /** The longest duration a setting may have: a year and a day, beyond any run or window that means anything. */
    public static final Duration LONGEST = Duration.ofDays(366);

    /**
     * The policy's settings.
     *
     * @param waitTarget         the longest a request should wait to start, zero or more
     * @param attainment         the share of requests that should start within it, in (0, 1)
     * @param scaleDownWindow    how long fewer replicas must have been enough before a scale-down, zero or more
     * @param drainTime          the time in which the requests queued now should be drained, more than zero
     * @param assumedServiceTime the mean service time assumed before any request of the model finished, more than
     *                           zero
     * @param reversalGuard      how long after its own scale-down the policy does not scale the model up, zero or
     *                           more
     * @param busySeconds        whether the slots are also at least the requests outstanding in the period's busy
     *                           seconds (the {@code attainment} quantile of its per-second means)
     */
    public record Config(Duration waitTarget, double attainment, Duration scaleDownWindow, Duration drainTime,
                         Duration assumedServiceTime, Duration reversalGuard, boolean busySeconds) {

        /**
         * What is wrong with {@code attainment} as the setting {@code name}, if anything: outside (0, 1), or so small
         * that the share allowed to miss rounds to 1 ({@link #validAttainment}).
         */
        public static Option<String> attainmentProblem(String name, double attainment) {
            if (!(attainment > 0 && attainment < 1)) {
                return Option.some(name + " must be in (0, 1), got " + attainment);
            }
            if (!validAttainment(attainment)) {
                return Option.some(name + " " + attainment + " is so small that the share allowed to miss, 1 - "
                    + name + ", rounds to 1: expected at least about 6e-17");
            }
            return Option.none();
        }

        /**
         * Whether {@code attainment} is a target the queueing model can size to: in (0, 1), with the share allowed to
         * miss ({@code 1 - attainment}) below 1 as a double, which it is not for an attainment below about 6e-17.
         */
        public static boolean validAttainment(double attainment) {
            return attainment > 0 && attainment < 1 && 1 - attainment < 1;
        }

        /** Settings that size from the period's mean load alone. */
        public Config(Duration waitTarget, double attainment, Duration scaleDownWindow, Duration drainTime,
                      Duration assumedServiceTime, Duration reversalGuard) {
            this(waitTarget, attainment, scaleDownWindow, drainTime, assumedServiceTime, reversalGuard, false);
        }

        public Config {
            Objects.requireNonNull(waitTarget, "waitTarget");
            Objects.requireNonNull(scaleDownWindow, "scaleDownWindow");
            Objects.requireNonNull(drainTime, "drainTime");
            Objects.requireNonNull(assumedServiceTime, "assumedServiceTime");
            Objects.requireNonNull(reversalGuard, "reversalGuard");
            if (waitTarget.isNegative()) {
                throw new IllegalArgumentException("waitTarget must not be negative, got " + waitTarget);
            }
            Option<String> wrong = attainmentProblem("attainment", attainment);
            if (wrong.isDefined()) {
                throw new IllegalArgumentException(wrong.get());
            }
            if (scaleDownWindow.isNegative()) {
                throw new IllegalArgumentException("scaleDownWindow must not be negative, got " + scaleDownWindow);
            }
            if (drainTime.isNegative() || drainTime.isZero()) {
                throw new IllegalArgumentException("drainTime must be more than zero, got " + drainTime);
            }
            if (assumedServiceTime.isNegative() || assumedServiceTime.isZero()) {
                throw new IllegalArgumentException("assumedServiceTime must be more than zero, got "
                    + assumedServiceTime);
            }
            if (reversalGuard.isNegative()) {
                throw new IllegalArgumentException("reversalGuard must not be negative, got " + reversalGuard);
            }
            for (Duration d : java.util.List.of(waitTarget, scaleDownWindow, drainTime, assumedServiceTime,
                reversalGuard)) {
                if (d.compareTo(LONGEST) > 0) {
                    throw new IllegalArgumentException("a duration of the policy must be at most " + LONGEST.toDays()
                        + " days, got " + d);
                }
            }
        }

        /**
         * 99 % of requests within 1 s; a 10 minute scale-down window (Seldon's inactivity threshold: on bursty
         * traffic a shorter one gives back replicas the next burst needs) and a 5 minute reversal guard, both at least
         * the simulator's flip-flop window, so that the policy never reverses itself within it; the queue drained
         * within 30 s; 1 s of service assumed until measured; sized from the period's mean load alone.
         */
        public static Config defaults() {
            return new Config(Duration.ofSeconds(1), 0.99, Duration.ofMinutes(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofMinutes(5));
        }

        /** These settings with another attainment target. */
        public Config withAttainment(double share) {
            return new Config(waitTarget, share, scaleDownWindow, drainTime, assumedServiceTime, reversalGuard,
                busySeconds);
        }

        /** These settings with another scale-down window. */
        public Config withScaleDownWindow(Duration window) {
            return new Config(waitTarget, attainment, window, drainTime, assumedServiceTime, reversalGuard,
                busySeconds);
        }

        /** These settings with another reversal guard. */
        public Config withReversalGuard(Duration guard) {
            return new Config(waitTarget, attainment, scaleDownWindow, drainTime, assumedServiceTime, guard,
                busySeconds);
        }

        /** These settings with another wait target. */
        public Config withWaitTarget(Duration target) {
            return new Config(target, attainment, scaleDownWindow, drainTime, assumedServiceTime, reversalGuard,
                busySeconds);
        }

        /** These settings sizing to the period's busy seconds as well ({@code true}) or not. */
        public Config withBusySeconds(boolean busy) {
            return new Config(waitTarget, attainment, scaleDownWindow, drainTime, assumedServiceTime, reversalGuard,
                busy);
        }
    }

    /**
     * What the policy remembers for one model.
     *
     * @param serviceTime  the last mean service time measured, if any
     * @param lowSince     since when fewer replicas than the count have been enough, if they have
     * @param highest      the most replicas needed since {@code lowSince} (0 when it is empty)
     * @param lastReplicas the desired count at the last decision
     * @param scaledDown   when this policy last scaled the model down, if it has
     */
    public record Memory(Option<Duration> serviceTime, Option<Instant> lowSince, int highest,
                         Option<Integer> lastReplicas, Option<Instant> scaledDown) {
        public Memory {
            Objects.requireNonNull(serviceTime, "serviceTime");
            Objects.requireNonNull(lowSince, "lowSince");
            Objects.requireNonNull(lastReplicas, "lastReplicas");
            Objects.requireNonNull(scaledDown, "scaledDown");
            if (highest < 0) {
                throw new IllegalArgumentException("highest must not be negative, got " + highest);
            }
        }

        /** Nothing remembered. */
        public static Memory initial() {
            return new Memory(Option.none(), Option.none(), 0, Option.none(), Option.none());
        }
    }

    /** A policy with these settings. */
    public SloAwarePolicy {
        Objects.requireNonNull(config, "config");
    }

    /** True when the policy sizes to the busy seconds ({@link Config#busySeconds()}), which it reads then. */
    @Override
    public boolean readsOutstandingPerSecond() {
        return config.busySeconds();
    }

    @Override
    public Memory initialMemory(ModelObservation first) {
        return Memory.initial();
    }

    /**
     * The replicas these signals need, with the service time measured now or {@code remembered} (or else the
     * assumed one).
     */
    public LoadSizing size(ModelSignals signals, Option<Duration> remembered) {
        Option<Duration> measured = signals.meanServiceTime().filter(d -> !d.isZero()).orElse(remembered);
        Duration service = measured.getOrElse(config.assumedServiceTime());
        double serviceSeconds = service.toNanos() / 1e9;
        double rate = signals.arrivalsPerSecond() + signals.queued() / (config.drainTime().toNanos() / 1e9);
        double erlangs = rate * serviceSeconds;
        long slots = serviceSeconds == 0 || !Double.isFinite(erlangs) ? 0 : ErlangC.serversFor(
            Math.min(erlangs, ErlangC.LARGEST_LOAD + 1), config.waitTarget().toNanos() / 1e9 / serviceSeconds,
            1 - config.attainment());
        Option<Double> busy = config.busySeconds() ? signals.outstandingPerSecond().flatMap(seconds ->
            quantile(seconds, config.attainment())) : Option.none();
        if (busy.isDefined()) {
            slots = Math.max(slots, (long) Math.min(Long.MAX_VALUE / 2, Math.ceil(busy.get())));
        }
        int concurrency = signals.concurrencyPerReplica();
        long replicas = (slots + concurrency - 1) / concurrency;
        if (replicas == 0 && (signals.arrivalsPerSecond() > 0 || signals.outstanding() > 0)) {
            replicas = 1;
        }
        return new LoadSizing(signals.arrivalsPerSecond(), signals.queued(), service, measured.isDefined(), erlangs,
            busy, slots, concurrency, (int) Math.min(Integer.MAX_VALUE, replicas), config.waitTarget(),
            config.attainment());
    }

    /**
     * The {@code share} quantile of {@code values} by nearest rank (the smallest value at or above that share of
     * them: with 20 values, 0.99 gives the largest, 0.9 the 18th, 0.5 the 10th); none when there are none.
     */
    static Option<Double> quantile(io.vavr.collection.Seq<Double> values, double share) {
        if (values.isEmpty()) {
            return Option.none();
        }
        double[] sorted = values.toJavaStream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(share * sorted.length);
        return Option.some(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
    }

    @Override
    public Step<Memory, ModelScalingDecision> decide(Memory memory, ModelObservation observation) {
        Option<Step<Memory, ModelScalingDecision>> disabled = ModelScalingDecision.unlessAutoscaled(memory,
            observation);
        if (disabled.isDefined()) {
            return disabled.get();
        }
        ScalingSpec scaling = observation.scaling();
        ModelSignals signals = observation.own();
        Option<Duration> service = signals.meanServiceTime().filter(d -> !d.isZero()).orElse(memory.serviceTime());
        LoadSizing sizing = size(signals, memory.serviceTime());
        int current = scaling.replicas();
        int target = Math.max(scaling.autoscalingFloor(), sizing.replicas());
        Option<Instant> scaledDown = memory.scaledDown();
        if (target > current) {
            Memory next = new Memory(service, Option.none(), 0, Option.some(current), scaledDown);
            if (observation.latest().status().state() == io.modelscale.core.model.ModelState.SCHEDULE_FAILED
                && observation.readyReplicas() == 0) {
                // nothing placed: more replicas cannot be placed either, and each period's growing queue would
                // raise the count without end; the control loop places the model again as servers change
                return Step.of(next, ModelScalingDecision.hold(observation, HoldReason.LATEST_NOT_AVAILABLE,
                    () -> sizing.describe() + "; the model could not be placed (ScheduleFailed): no scale-up until"
                        + " it is"));
            }
            if (!scaling.maxReplicas().admits(current + 1L)) {
                return Step.steady(next, ModelScalingDecision.hold(observation, HoldReason.ABOVE_MAXIMUM,
                    () -> sizing.describe() + ", " + scaling));
            }
            Option<Instant> guardEnds = scaledDown.map(at -> at.plus(config.reversalGuard()))
                .filter(observation.now()::isBefore);
            if (guardEnds.isDefined() && current >= scaling.autoscalingFloor()) {
                Instant downAt = scaledDown.get();
                return Step.steady(next, ModelScalingDecision.hold(observation, HoldReason.COOLING_DOWN,
                    () -> sizing.describe() + "; scaled down at " + downAt + ", no scale-up for "
                        + config.reversalGuard().getSeconds() + " s after one"), guardEnds.get());
            }
            int to = scaling.maxReplicas().bound().map(max -> Math.min(max, target)).getOrElse(target);
            return Step.of(next, ModelScalingDecision.scale(observation, to, new ModelScaleReason.OfferedLoad(sizing)));
        }
        if (target == current) {
            return Step.steady(new Memory(service, Option.none(), 0, Option.some(current), scaledDown),
                ModelScalingDecision.hold(observation, HoldReason.DEMAND_MET, sizing::describe));
        }
        // Fewer replicas are enough: count since when at this count, and the most needed since.
        boolean continuing = memory.lastReplicas().contains(current) && memory.lowSince().isDefined();
        Instant since = continuing ? memory.lowSince().get() : observation.now();
        int highest = continuing ? Math.max(memory.highest(), target) : target;
        Memory next = new Memory(service, Option.some(since), highest, Option.some(current), scaledDown);
        Instant until = since.plus(config.scaleDownWindow());
        if (observation.now().isBefore(until)) {
            return Step.steady(next, ModelScalingDecision.hold(observation, HoldReason.DEMAND_LOW_TOO_BRIEFLY,
                () -> sizing.describe() + "; at most " + highest + " needed since " + since + ", window "
                    + config.scaleDownWindow().getSeconds() + " s"), until);
        }
        int to = scaling.maxReplicas().bound().map(max -> Math.min(max, highest)).getOrElse(highest);
        return Step.of(new Memory(service, Option.none(), 0, Option.some(to), Option.some(observation.now())),
            ModelScalingDecision.scale(
            observation, to, new ModelScaleReason.OfferedLoadLow(sizing, highest, since)));
    }
}
