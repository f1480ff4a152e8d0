package io.modelscale.policy.model;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Knative's pod autoscaler (KPA) as pure functions with explicit memory
 * ({@code shared/spec/kubernetes-hpa-kpa-keda.md} §4.3–4.4), in Knative's two parts.
 *
 * <p>{@link #propose} is the decider (§4.3), run every tick (2 s in Knative) on the metric (concurrency or
 * requests per second) averaged over the stable window and over the panic window:
 * <ol>
 *   <li>it proposes {@code ceil(average / target)} pods for each window, bounded by the rates: at most
 *       {@code ceil(maxScaleUpRate × ready)} and, when the revision is reachable, at least
 *       {@code floor(ready / maxScaleDownRate)};</li>
 *   <li>with an activation scale above 1, a window that asks for any pod asks for at least that many;</li>
 *   <li>it enters (or extends) panic when the panic proposal reaches {@code panicThreshold} times the ready pods,
 *       and leaves it after a whole stable window below that; in panic the count never goes down;</li>
 *   <li>with a scale-down delay, it uses the largest proposal of the delay window.</li>
 * </ol>
 * Its proposal may be zero. {@link #bound} is the scaler (§4.4) applied after it: it applies {@code minScale} and
 * {@code maxScale} (0 means unbounded) and, when the result is zero, scales to zero only if that is enabled and
 * zero has been wanted for {@code max(scaleToZeroGrace, podRetention)}, holding one pod until then (simplified: the
 * activator is taken to be in the path as soon as zero is wanted). {@link #decide} is both in turn.
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
     * @param stableWindow       the stable window (6 s to 1 h), also how long panic lasts without new crossings
     * @param scaleDownDelay     how long a higher proposal holds a scale-down back; zero for none
     * @param activationScale    the fewest pods a window that asks for any asks for (1 = no effect), at least 1
     * @param minScale           the fewest pods, 0 or more
     * @param maxScale           the most pods, 0 for unbounded
     * @param scaleToZero        whether the revision may go to zero pods
     * @param scaleToZeroGrace   how long zero must be wanted before the last pod goes, positive
     * @param podRetention       the scale-to-zero pod retention period: the last pod is kept at least this long
     *                           after zero is first wanted; zero for none
     */
    public record Config(double target, double panicThreshold, double maxScaleUpRate, double maxScaleDownRate,
                         Duration stableWindow, Duration scaleDownDelay, int activationScale, int minScale,
                         int maxScale, boolean scaleToZero, Duration scaleToZeroGrace, Duration podRetention) {
        public Config {
            Objects.requireNonNull(stableWindow, "stableWindow");
            Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
            Objects.requireNonNull(scaleToZeroGrace, "scaleToZeroGrace");
            Objects.requireNonNull(podRetention, "podRetention");
            if (!(target > 0) || Double.isInfinite(target)) {
                throw new IllegalArgumentException("target must be positive and finite, got " + target);
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
            if (activationScale < 1) {
                throw new IllegalArgumentException("activationScale must be at least 1, got " + activationScale);
            }
            if (minScale < 0 || maxScale < 0 || (maxScale > 0 && minScale > maxScale)) {
                throw new IllegalArgumentException("need 0 <= minScale <= maxScale (0 = unbounded), got " + minScale
                    + " and " + maxScale);
            }
            if (scaleDownDelay.isNegative() || podRetention.isNegative()) {
                throw new IllegalArgumentException("scaleDownDelay and podRetention must not be negative, got "
                    + scaleDownDelay + " and " + podRetention);
            }
            if (scaleToZeroGrace.isNegative() || scaleToZeroGrace.isZero()) {
                throw new IllegalArgumentException("scaleToZeroGrace must be positive, got " + scaleToZeroGrace);
            }
        }

        /**
         * Knative's defaults for a target: panic at 200 %, rates 1000 and 2, 60 s window, no delay, activation
         * scale 1, no bounds, scale to zero after a 30 s grace, no pod retention.
         */
        public static Config defaults(double target) {
            return new Config(target, 2.0, 1000, 2, Duration.ofSeconds(60), Duration.ZERO, 1, 0, 0, true,
                Duration.ofSeconds(30), Duration.ZERO);
        }

        /** These settings with another activation scale. */
        public Config withActivationScale(int scale) {
            return new Config(target, panicThreshold, maxScaleUpRate, maxScaleDownRate, stableWindow, scaleDownDelay,
                scale, minScale, maxScale, scaleToZero, scaleToZeroGrace, podRetention);
        }

        /** These settings with other scale-to-zero rules. */
        public Config withScaleToZero(boolean enabled, Duration grace, Duration retention) {
            return new Config(target, panicThreshold, maxScaleUpRate, maxScaleDownRate, stableWindow, scaleDownDelay,
                activationScale, minScale, maxScale, enabled, grace, retention);
        }

        /** These settings with other bounds ({@code maxScale} 0 for unbounded). */
        public Config withBounds(int min, int max) {
            return new Config(target, panicThreshold, maxScaleUpRate, maxScaleDownRate, stableWindow, scaleDownDelay,
                activationScale, min, max, scaleToZero, scaleToZeroGrace, podRetention);
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
    public record Memory(Option<Instant> panicSince, int maxPanicPods, Seq<Delayed> delayed,
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
    public record Delayed(Instant at, int pods) {
        public Delayed {
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
     * The decider's proposal (§4.3), before the bounds and the scale-to-zero rules.
     *
     * @param memory        the memory for the next tick (its scale-to-zero part unchanged)
     * @param pods          the pods proposed, zero included
     * @param panic         whether the decider is in panic
     * @param stableAverage the metric over the stable window
     * @param panicAverage  the metric over the panic window
     * @param stablePods    the pods the stable window asks for, before the rates
     * @param panicPods     the pods the panic window asks for, before the rates
     * @param readyPods     the ready pods the rates were computed from (at least 1)
     * @param activated     whether the activation scale raised a window's proposal
     * @param heldByDelay   the count the scale-down delay held the proposal at, if it did
     */
    public record Proposal(Memory memory, int pods, boolean panic, double stableAverage, double panicAverage,
                           int stablePods, int panicPods, int readyPods, boolean activated,
                           Option<Integer> heldByDelay) {
        public Proposal {
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(heldByDelay, "heldByDelay");
        }
    }

    /**
     * One tick's result, with the numbers that decided it.
     *
     * @param memory          the memory for the next tick
     * @param desired         the pods wanted, after the bounds and the scale-to-zero rules
     * @param proposal        the decider's proposal
     * @param zeroDisabled    whether zero was wanted but scale to zero is disabled
     * @param zeroWantedSince since when zero has been wanted, if the scaler waits for the grace period
     * @param config          the settings it decided with
     */
    public record Step(Memory memory, int desired, Proposal proposal, boolean zeroDisabled,
                       Option<Instant> zeroWantedSince, Config config) {
        public Step {
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(zeroWantedSince, "zeroWantedSince");
            Objects.requireNonNull(config, "config");
        }

        /** Whether the decider is in panic. */
        public boolean panic() {
            return proposal.panic();
        }

        /** Why, in words. */
        public String describe() {
            String reason = proposal.panic()
                ? "panic: " + fmt(proposal.panicAverage()) + " in the panic window needs " + proposal.panicPods()
                    + " pods, at least " + fmt(config.panicThreshold()) + " times the " + proposal.readyPods()
                    + " ready; never down"
                : "stable: " + fmt(proposal.stableAverage()) + " over " + config.stableWindow().getSeconds()
                    + " s at " + fmt(config.target()) + " per pod";
            return reason
                + (proposal.activated() ? "; raised to the activation scale " + config.activationScale() : "")
                + proposal.heldByDelay().map(h -> "; held at " + h + " by the scale-down delay").getOrElse("")
                + (desired != proposal.pods() && !zeroDisabled && zeroWantedSince.isEmpty()
                    ? "; bounded to [" + config.minScale() + ", "
                        + (config.maxScale() == 0 ? "unbounded" : String.valueOf(config.maxScale())) + "]"
                    : "")
                + (zeroDisabled ? "; scale to zero is disabled" : "")
                + zeroWantedSince.map(t -> "; zero wanted since " + t + ", waiting for the grace period").getOrElse("");
        }
    }

    private final Config config;

    /** An autoscaler with these settings. */
    public KnativeAutoscaler(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** One tick: the decider's {@link #propose proposal}, then the scaler's {@link #bound bounds}. */
    public Step decide(Memory memory, Observation observation) {
        return bound(propose(memory, observation), observation.now(), observation.readyPods());
    }

    /**
     * The memory {@link #decide} leaves for a reachable revision at {@code back} seconds before {@code base}, without
     * the rest of its step: equal to {@code decide(memory, new Observation(base.minusSeconds(back), readyPods,
     * stableAverage, panicAverage, true)).memory()}, and {@code memory} itself when that is equal to it. A policy
     * that runs the decider on every beat of a period and reads only the last beat's step advances the memory
     * through the others with this, which builds no object while nothing changes. It applies the very rules
     * {@link #propose} and {@link #bound} do, without their records.
     */
    Memory advance(Memory memory, Instant base, int back, int readyPods, double stableAverage, double panicAverage) {
        int ready = Math.max(1, readyPods);
        int maxUp = maxUp(ready);
        int maxDown = maxDown(ready, true);
        int stablePods = pods(stableAverage);
        int panicPods = pods(panicAverage);
        int desiredStable = activated(stablePods, limited(stablePods, maxDown, maxUp));
        int desiredPanic = activated(panicPods, limited(panicPods, maxDown, maxUp));
        Memory next = ticked(memory, base, back, ready, panicPods, desiredStable, desiredPanic, true);
        int proposed = held(next, undelayed(next, desiredStable), true);
        Option<Instant> zeroSince = zeroSince(next.zeroSince(), withinScale(proposed), base, back);
        return zeroSince.equals(next.zeroSince()) ? next
            : new Memory(next.panicSince(), next.maxPanicPods(), next.delayed(), zeroSince);
    }

    /** The decider alone (§4.3): the pods it proposes, possibly zero, with no bounds and no grace period. */
    public Proposal propose(Memory memory, Observation observation) {
        int ready = Math.max(1, observation.readyPods());
        int maxUp = maxUp(ready);
        int maxDown = maxDown(ready, observation.reachable());
        int stablePods = pods(observation.stableAverage());
        int panicPods = pods(observation.panicAverage());
        int limitedStable = limited(stablePods, maxDown, maxUp);
        int limitedPanic = limited(panicPods, maxDown, maxUp);
        int desiredStable = activated(stablePods, limitedStable);
        int desiredPanic = activated(panicPods, limitedPanic);
        Memory next = ticked(memory, observation.now(), 0, ready, panicPods, desiredStable, desiredPanic,
            observation.reachable());
        int undelayed = undelayed(next, desiredStable);
        int desired = held(next, undelayed, observation.reachable());
        return new Proposal(next, desired, next.panicSince().isDefined(), observation.stableAverage(),
            observation.panicAverage(), stablePods, panicPods, ready,
            desiredStable != limitedStable || desiredPanic != limitedPanic,
            desired > undelayed ? Option.some(desired) : Option.none());
    }

    /** The pods a window's average asks for, before the rates. */
    private int pods(double average) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(average / config.target()));
    }

    /** The most pods one decision may reach from {@code ready}. */
    private int maxUp(int ready) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(config.maxScaleUpRate() * ready));
    }

    /** The fewest pods one decision may leave of {@code ready}: none when the revision is not reachable. */
    private int maxDown(int ready, boolean reachable) {
        return reachable ? (int) Math.floor(ready / config.maxScaleDownRate()) : 0;
    }

    /** A window's pods within the rates. */
    private static int limited(int pods, int maxDown, int maxUp) {
        return Math.min(Math.max(pods, maxDown), maxUp);
    }

    /** A window's pods within the rates, raised to the activation scale when the window asks for any. */
    private int activated(int pods, int limited) {
        return config.activationScale() > 1 && pods > 0 && limited < config.activationScale()
            ? config.activationScale() : limited;
    }

    /**
     * The decider's memory after a tick at {@code back} seconds before {@code base} (§4.3): panic entered or
     * extended when the panic window asks for {@code panicThreshold} times the ready pods, left after a whole stable
     * window without; in panic, the most pods decided during it; for a reachable revision with a scale-down delay,
     * the tick's proposal among the delay window's. Its scale-to-zero part is {@code memory}'s, and it is
     * {@code memory} itself when nothing else changed. The instant is made only when a rule reads it.
     */
    private Memory ticked(Memory memory, Instant base, int back, int ready, int panicPods, int desiredStable,
                          int desiredPanic, boolean reachable) {
        Instant now = null;
        Option<Instant> panicSince = memory.panicSince();
        int maxPanicPods = memory.maxPanicPods();
        if ((double) panicPods / ready >= config.panicThreshold()) {
            now = base.minusSeconds(back);
            panicSince = Option.some(now);
        } else if (panicSince.isDefined()) {
            now = base.minusSeconds(back);
            if (panicSince.get().plus(config.stableWindow()).isBefore(now)) {
                panicSince = Option.none();
                maxPanicPods = 0;
            }
        }
        int desired = desiredStable;
        if (panicSince.isDefined()) {
            maxPanicPods = Math.max(maxPanicPods, Math.max(desiredStable, desiredPanic));
            desired = maxPanicPods;
        }
        Seq<Delayed> delayed = memory.delayed();
        if (reachable && !config.scaleDownDelay().isZero()) {
            Instant at = now != null ? now : base.minusSeconds(back);
            Instant cutoff = at.minus(config.scaleDownDelay());
            delayed = delayed.filter(d -> d.at().isAfter(cutoff)).append(new Delayed(at, desired));
        }
        boolean same = panicSince.equals(memory.panicSince()) && maxPanicPods == memory.maxPanicPods()
            && (delayed == memory.delayed() || delayed.equals(memory.delayed()));
        return same ? memory : new Memory(panicSince, maxPanicPods, delayed, memory.zeroSince());
    }

    /** The pods a tick that left {@code next} proposes before the scale-down delay: the panic's most, in panic. */
    private static int undelayed(Memory next, int desiredStable) {
        return next.panicSince().isDefined() ? next.maxPanicPods() : desiredStable;
    }

    /** {@code undelayed} held up by the largest proposal of the scale-down delay window, when one applies. */
    private int held(Memory next, int undelayed, boolean reachable) {
        return reachable && !config.scaleDownDelay().isZero()
            ? Math.max(undelayed, next.delayed().map(Delayed::pods).max().getOrElse(undelayed)) : undelayed;
    }

    /** The proposal within {@code minScale} and {@code maxScale} (0: unbounded). */
    private int withinScale(int proposed) {
        return Math.max(config.minScale(), config.maxScale() > 0 ? Math.min(config.maxScale(), proposed) : proposed);
    }

    /**
     * Since when zero is wanted after a tick whose bounded count is {@code bounded}, at {@code back} seconds before
     * {@code base}: not at all above zero; from this tick on at zero when scale to zero is enabled and it was not yet
     * wanted; else as before.
     */
    private Option<Instant> zeroSince(Option<Instant> since, int bounded, Instant base, int back) {
        if (bounded != 0) {
            return Option.none();
        }
        return config.scaleToZero() && since.isEmpty() ? Option.some(base.minusSeconds(back)) : since;
    }

    /**
     * The scaler after the decider (§4.4): {@code minScale} and {@code maxScale}, then the scale-to-zero rules. A
     * proposal of zero goes to zero only when scale to zero is enabled and zero has been wanted for
     * {@code max(scaleToZeroGrace, podRetention)}; until then the last ready pod stays.
     *
     * @param proposal  the decider's proposal
     * @param now       the time
     * @param readyPods the ready pods now
     */
    public Step bound(Proposal proposal, Instant now, int readyPods) {
        int bounded = withinScale(proposal.pods());
        Memory memory = proposal.memory();
        Option<Instant> zeroSince = zeroSince(memory.zeroSince(), bounded, now, 0);
        boolean zeroDisabled = false;
        Option<Instant> waiting = Option.none();
        if (bounded == 0) {
            if (!config.scaleToZero()) {
                bounded = 1;
                zeroDisabled = true;
            } else {
                Duration wait = config.scaleToZeroGrace().compareTo(config.podRetention()) >= 0
                    ? config.scaleToZeroGrace() : config.podRetention();
                if (now.isBefore(zeroSince.get().plus(wait))) {
                    bounded = Math.min(1, readyPods);
                    waiting = zeroSince;
                }
            }
        }
        return new Step(new Memory(memory.panicSince(), memory.maxPanicPods(), memory.delayed(), zeroSince), bounded,
            proposal, zeroDisabled, waiting, config);
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}
