package io.modelscale.policy.model;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Knative's pod autoscaler (KPA) decider as a pure function with explicit memory
 * ({@code shared/spec/kubernetes-hpa-kpa-keda.md} §4.3–4.4).
 *
 * <p>Every tick (2 s in Knative) it reads the metric (concurrency or requests per second) averaged over the stable
 * window and over the panic window, and:
 * <ol>
 *   <li>proposes {@code ceil(average / target)} pods for each window, bounded by the rates: at most
 *       {@code ceil(maxScaleUpRate × ready)} and, when the revision is reachable, at least
 *       {@code floor(ready / maxScaleDownRate)};</li>
 *   <li>enters (or extends) panic when the panic proposal reaches {@code panicThreshold} times the ready pods, and
 *       leaves it after a whole stable window below that; in panic the count never goes down;</li>
 *   <li>with a scale-down delay, uses the largest proposal of the delay window;</li>
 *   <li>applies {@code minScale} and {@code maxScale} (0 means unbounded);</li>
 *   <li>scales to zero only after zero was wanted for the scale-to-zero grace period, holding one pod until then,
 *       and only if scale to zero is enabled (§4.4, simplified: the activator is taken to be in the path).</li>
 * </ol>
 */
public final class KnativeAutoscaler {

    /**
     * The autoscaler's settings.
     *
     * @param target             the metric each pod should carry (concurrent requests or requests per second),
     *                           positive
     * @param panicThreshold     the panic proposal over the ready pods that starts panic (2.0 = 200 %)
     * @param maxScaleUpRate     the most the pod count may grow in one decision, as a factor of the ready pods, > 1
     * @param maxScaleDownRate   the most it may shrink in one decision, as a divisor of the ready pods, > 1
     * @param stableWindow       the stable window, also how long panic lasts without new crossings
     * @param scaleDownDelay     how long a higher proposal holds a scale-down back; zero for none
     * @param minScale           the fewest pods, 0 or more
     * @param maxScale           the most pods, 0 for unbounded
     * @param scaleToZero        whether the revision may go to zero pods
     * @param scaleToZeroGrace   how long zero must be wanted before the last pod goes
     */
    public record Config(double target, double panicThreshold, double maxScaleUpRate, double maxScaleDownRate,
                         Duration stableWindow, Duration scaleDownDelay, int minScale, int maxScale,
                         boolean scaleToZero, Duration scaleToZeroGrace) {
        public Config {
            Objects.requireNonNull(stableWindow, "stableWindow");
            Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
            Objects.requireNonNull(scaleToZeroGrace, "scaleToZeroGrace");
            if (!(target > 0)) {
                throw new IllegalArgumentException("target must be positive, got " + target);
            }
            if (!(maxScaleUpRate > 1) || !(maxScaleDownRate > 1)) {
                throw new IllegalArgumentException("maxScaleUpRate and maxScaleDownRate must be above 1, got "
                    + maxScaleUpRate + " and " + maxScaleDownRate);
            }
            if (!(panicThreshold > 0)) {
                throw new IllegalArgumentException("panicThreshold must be positive, got " + panicThreshold);
            }
            if (stableWindow.compareTo(Duration.ofSeconds(6)) < 0 || stableWindow.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("stableWindow must be between 6 s and 1 h, got " + stableWindow);
            }
            if (minScale < 0 || maxScale < 0 || (maxScale > 0 && minScale > maxScale)) {
                throw new IllegalArgumentException("need 0 <= minScale <= maxScale (0 = unbounded), got " + minScale
                    + " and " + maxScale);
            }
            if (scaleDownDelay.isNegative() || scaleToZeroGrace.isNegative() || scaleToZeroGrace.isZero()) {
                throw new IllegalArgumentException("scaleDownDelay must not be negative and scaleToZeroGrace must be"
                    + " positive, got " + scaleDownDelay + " and " + scaleToZeroGrace);
            }
        }

        /** Knative's defaults for a target: panic at 200 %, rates 1000 and 2, 60 s window, grace 30 s. */
        public static Config defaults(double target) {
            return new Config(target, 2.0, 1000, 2, Duration.ofSeconds(60), Duration.ZERO, 0, 0, true,
                Duration.ofSeconds(30));
        }
    }

    /**
     * What the decider remembers between ticks.
     *
     * @param panicSince    when panic was last entered or extended, if in panic
     * @param maxPanicPods  the largest count decided during this panic
     * @param delayed       recent proposals within the scale-down delay
     * @param zeroSince     since when zero has been wanted, if it is
     */
    public record Memory(Option<Instant> panicSince, int maxPanicPods, Seq<Proposal> delayed,
                         Option<Instant> zeroSince) {
        public Memory {
            Objects.requireNonNull(panicSince, "panicSince");
            Objects.requireNonNull(delayed, "delayed");
            Objects.requireNonNull(zeroSince, "zeroSince");
        }

        /**
         * A new decider. One created with more than one ready pod starts in panic holding them, so that a restart,
         * which loses the metric history, does not scale down too early.
         */
        public static Memory initial(int readyPods, Instant now) {
            return readyPods > 1 ? new Memory(Option.some(now), readyPods, List.empty(), Option.none())
                : new Memory(Option.none(), 0, List.empty(), Option.none());
        }
    }

    /**
     * A count the decider proposed, remembered for the scale-down delay.
     *
     * @param at   when
     * @param pods the pods proposed
     */
    public record Proposal(Instant at, int pods) {
        public Proposal {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * One tick's inputs.
     *
     * @param now           the time
     * @param readyPods     the ready pods
     * @param stableAverage the metric averaged over the stable window
     * @param panicAverage  the metric averaged over the panic window
     * @param reachable     whether the revision receives traffic (an unreachable one may drop to the minimum)
     */
    public record Observation(Instant now, int readyPods, double stableAverage, double panicAverage,
                              boolean reachable) {
        public Observation {
            Objects.requireNonNull(now, "now");
            if (readyPods < 0 || stableAverage < 0 || panicAverage < 0) {
                throw new IllegalArgumentException("ready pods and averages must not be negative");
            }
        }
    }

    /**
     * One tick's result, with the numbers that decided it.
     *
     * @param memory          the memory for the next tick
     * @param desired         the pods wanted
     * @param panic           whether the decider is in panic
     * @param stableAverage   the metric over the stable window
     * @param panicAverage    the metric over the panic window
     * @param panicPods       the pods the panic window asks for
     * @param readyPods       the ready pods the rates were computed from (at least 1)
     * @param heldByDelay     the count the scale-down delay held the decision at, if it did
     * @param zeroDisabled    whether zero was wanted but scale to zero is disabled
     * @param zeroWantedSince since when zero has been wanted, if the decider waits for the grace period
     * @param config          the settings it decided with
     */
    public record Step(Memory memory, int desired, boolean panic, double stableAverage, double panicAverage,
                       int panicPods, int readyPods, Option<Integer> heldByDelay, boolean zeroDisabled,
                       Option<Instant> zeroWantedSince, Config config) {
        public Step {
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(heldByDelay, "heldByDelay");
            Objects.requireNonNull(zeroWantedSince, "zeroWantedSince");
            Objects.requireNonNull(config, "config");
        }

        /** Why, in words. */
        public String describe() {
            String reason = panic
                ? "panic: " + fmt(panicAverage) + " in the panic window needs " + panicPods + " pods, at least "
                    + fmt(config.panicThreshold()) + " times the " + readyPods + " ready; never down"
                : "stable: " + fmt(stableAverage) + " over " + config.stableWindow().getSeconds() + " s at "
                    + fmt(config.target()) + " per pod";
            return reason + heldByDelay.map(h -> "; held at " + h + " by the scale-down delay").getOrElse("")
                + (zeroDisabled ? "; scale to zero is disabled" : "")
                + zeroWantedSince.map(t -> "; zero wanted since " + t + ", waiting for the grace period").getOrElse("");
        }
    }

    private final Config config;

    /** A decider with these settings. */
    public KnativeAutoscaler(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** One tick. */
    public Step decide(Memory memory, Observation observation) {
        Instant now = observation.now();
        int ready = Math.max(1, observation.readyPods());
        int maxUp = (int) Math.min(Integer.MAX_VALUE, Math.ceil(config.maxScaleUpRate() * ready));
        int maxDown = observation.reachable() ? (int) Math.floor(ready / config.maxScaleDownRate()) : 0;
        int stablePods = (int) Math.min(Integer.MAX_VALUE, Math.ceil(observation.stableAverage() / config.target()));
        int panicPods = (int) Math.min(Integer.MAX_VALUE, Math.ceil(observation.panicAverage() / config.target()));
        int desiredStable = Math.min(Math.max(stablePods, maxDown), maxUp);
        int desiredPanic = Math.min(Math.max(panicPods, maxDown), maxUp);
        boolean over = (double) panicPods / ready >= config.panicThreshold();
        Option<Instant> panicSince = memory.panicSince();
        int maxPanicPods = memory.maxPanicPods();
        if (over) {
            panicSince = Option.some(now);
        } else if (panicSince.isDefined() && panicSince.get().plus(config.stableWindow()).isBefore(now)) {
            panicSince = Option.none();
            maxPanicPods = 0;
        }
        int desired = desiredStable;
        if (panicSince.isDefined()) {
            desired = Math.max(desiredStable, desiredPanic);
            maxPanicPods = Math.max(maxPanicPods, desired);
            desired = maxPanicPods;
        }
        Seq<Proposal> delayed = memory.delayed();
        Option<Integer> heldByDelay = Option.none();
        if (observation.reachable() && !config.scaleDownDelay().isZero()) {
            Instant cutoff = now.minus(config.scaleDownDelay());
            delayed = delayed.filter(d -> d.at().isAfter(cutoff)).append(new Proposal(now, desired));
            int held = delayed.map(Proposal::pods).max().getOrElse(desired);
            if (held > desired) {
                heldByDelay = Option.some(held);
                desired = held;
            }
        }
        int bounded = Math.max(config.minScale(), config.maxScale() > 0 ? Math.min(config.maxScale(), desired)
            : desired);
        Option<Instant> zeroSince = memory.zeroSince();
        boolean zeroDisabled = false;
        Option<Instant> waiting = Option.none();
        if (bounded == 0) {
            if (!config.scaleToZero()) {
                bounded = 1;
                zeroDisabled = true;
            } else {
                zeroSince = zeroSince.orElse(Option.some(now));
                if (now.isBefore(zeroSince.get().plus(config.scaleToZeroGrace()))) {
                    bounded = Math.min(1, observation.readyPods());
                    waiting = zeroSince;
                }
            }
        } else {
            zeroSince = Option.none();
        }
        return new Step(new Memory(panicSince, maxPanicPods, delayed, zeroSince), bounded, panicSince.isDefined(),
            observation.stableAverage(), observation.panicAverage(), panicPods, ready, heldByDelay, zeroDisabled,
            waiting, config);
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}
