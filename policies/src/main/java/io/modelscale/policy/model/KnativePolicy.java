package io.modelscale.policy.model;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Knative's pod autoscaler as a model policy ({@code shared/spec/kubernetes-hpa-kpa-keda.md} §4.3–4.4), on each
 * model's concurrency: the requests in flight or queued. Registered as {@value #NAME}.
 *
 * <p>When the signals carry the mean concurrency of each second ({@link ModelSignals#outstandingPerSecond()}), the
 * decider runs as Knative's does: every 2 s of the period, on one-second buckets averaged over the stable window and
 * over the panic window ({@value #PANIC_WINDOW_PERCENTAGE} % of the stable window, Knative's default). Otherwise
 * every decision records the current concurrency; the stable average is the mean of the samples within the
 * stable window (this one included), the panic average the current sample alone, so the panic window is one stats
 * period. The {@link KnativeAutoscaler} decides on them; its count is kept within the model's
 * {@code [max(minReplicas, 1), maxReplicas]}, and a model without autoscaling (no minimum or maximum) holds. The
 * memory is the decider's (panic, delay and scale-to-zero state) and the recent samples.
 *
 * <p>On per-second signals, an idle model's hold stands ({@link Step#steadyUntil()}, with no end) once its stable
 * window is all zeros and the decider's memory has nothing the time is still compared with: no panic, no
 * scale-down delay entries, and any wait for zero over; and while none of its replicas is draining.
 *
 * @param config the decider's settings
 */
public record KnativePolicy(KnativeAutoscaler.Config config) implements ModelScalingPolicy<KnativePolicy.Memory> {

    /** The name this policy is registered under. */
    public static final String NAME = "model.knative";

    /** A policy with these settings. */
    public KnativePolicy {
        Objects.requireNonNull(config, "config");
    }

    /**
     * One concurrency sample.
     *
     * @param at          when it was taken
     * @param concurrency requests in flight or queued then
     */
    public record Sample(Instant at, long concurrency) {
        public Sample {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Knative's default panic window, as a percentage of the stable window ({@code panic-window-percentage}). */
    public static final int PANIC_WINDOW_PERCENTAGE = 10;

    /**
     * What the policy remembers for one model: an immutable value, equal to another that remembers the same.
     *
     * <p>Its per-second averages are kept as numbers, not as a sequence of boxes: a model with traffic gets a new
     * window every period. {@link #seconds()} gives them as a sequence.
     */
    public static final class Memory {
        private final KnativeAutoscaler.Memory decider;
        private final Seq<Sample> samples;
        /** The per-second averages, never written after construction and never handed out. */
        private final double[] window;
        private final int offBeat;

        /**
         * A memory.
         *
         * @param decider the decider's memory
         * @param samples the samples within the stable window, oldest first (signals without per-second averages)
         * @param seconds the per-second averages within the stable window, oldest first (signals with them): finite
         *                numbers, zero or more
         * @param offBeat the seconds since the decider's last 2 s beat, 0 or 1: a period of an odd number of seconds
         *                leaves the next period's beats one second in
         */
        public Memory(KnativeAutoscaler.Memory decider, Seq<Sample> samples, Seq<Double> seconds, int offBeat) {
            this(decider, samples, PerSecond.unboxed(checked(seconds)), offBeat);
        }

        /** Memory of samples taken once a stats period. */
        public Memory(KnativeAutoscaler.Memory decider, Seq<Sample> samples) {
            this(decider, samples, List.empty(), 0);
        }

        /** A memory of averages already checked, in an array this memory becomes the only holder of. */
        private Memory(KnativeAutoscaler.Memory decider, Seq<Sample> samples, double[] window, int offBeat) {
            this.decider = Objects.requireNonNull(decider, "decider");
            this.samples = Objects.requireNonNull(samples, "samples");
            this.window = window;
            if (offBeat < 0 || offBeat > 1) {
                throw new IllegalArgumentException("offBeat must be 0 or 1, got " + offBeat);
            }
            this.offBeat = offBeat;
        }

        private static Seq<Double> checked(Seq<Double> seconds) {
            Objects.requireNonNull(seconds, "seconds");
            if (!PerSecond.finiteNonNegative(seconds)) {
                throw new IllegalArgumentException("seconds must hold finite numbers, zero or more, got " + seconds);
            }
            return seconds;
        }

        /** The decider's memory. */
        public KnativeAutoscaler.Memory decider() {
            return decider;
        }

        /** The samples within the stable window, oldest first (signals without per-second averages). */
        public Seq<Sample> samples() {
            return samples;
        }

        /** The per-second averages within the stable window, oldest first (signals with them). */
        public Seq<Double> seconds() {
            return PerSecond.boxed(window);
        }

        /** The seconds since the decider's last 2 s beat, 0 or 1. */
        public int offBeat() {
            return offBeat;
        }

        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof Memory that && offBeat == that.offBeat
                && decider.equals(that.decider) && samples.equals(that.samples)
                && java.util.Arrays.equals(window, that.window);
        }

        @Override
        public int hashCode() {
            return Objects.hash(decider, samples, java.util.Arrays.hashCode(window), offBeat);
        }

        @Override
        public String toString() {
            return "Memory[decider=" + decider + ", samples=" + samples + ", seconds="
                + java.util.Arrays.toString(window) + ", offBeat=" + offBeat + "]";
        }
    }

    @Override
    public Memory initialMemory(ModelObservation first) {
        return new Memory(KnativeAutoscaler.Memory.initial(first.readyReplicas(), first.now()), List.empty());
    }

    /** It does: with them it decides every 2 s of the period, as Knative's autoscaler ticks. */
    @Override
    public boolean readsOutstandingPerSecond() {
        return true;
    }

    @Override
    public Step<Memory, ModelScalingDecision> decide(Memory memory, ModelObservation observation) {
        Option<Seq<Double>> perSecond = observation.own().outstandingPerSecond();
        if (perSecond.exists(seconds -> !seconds.isEmpty())) {
            return decideEveryTwoSeconds(memory, observation, perSecond.get());
        }
        Instant now = observation.now();
        long concurrent = observation.own().outstanding();
        Instant cutoff = now.minus(config.stableWindow());
        Seq<Sample> samples = memory.samples().filter(s -> s.at().isAfter(cutoff)).append(new Sample(now, concurrent));
        long sum = 0;
        for (Sample sample : samples) {
            sum += sample.concurrency();
        }
        double stable = (double) sum / samples.size();
        KnativeAutoscaler.Step step = new KnativeAutoscaler(config).decide(memory.decider(),
            new KnativeAutoscaler.Observation(now, observation.readyReplicas(), stable, concurrent, true));
        return decision(new Memory(step.memory(), samples), step, observation);
    }

    /**
     * With per-second averages, as Knative's autoscaler runs: the decider evaluates on every 2 s beat of the period
     * (beats carry on across periods) and now, each time on the mean of the one-second buckets within the stable
     * window and within the panic window ({@value #PANIC_WINDOW_PERCENTAGE} % of it, at least 1 s), over the history
     * there is when it is shorter. The ready pods are those of now throughout (nothing is carried out between stats
     * periods), and the last evaluation's count is the decision; a panic entered at any of them holds.
     */
    private Step<Memory, ModelScalingDecision> decideEveryTwoSeconds(Memory memory, ModelObservation observation,
                                                                     Seq<Double> fresh) {
        int stableSeconds = (int) Math.max(1, config.stableWindow().toSeconds());
        int panicSeconds = (int) Math.max(1, Math.round(stableSeconds * PANIC_WINDOW_PERCENTAGE / 100.0));
        double[] before = memory.window;
        int history = before.length;
        int n = fresh.size();
        double[] all = new double[history + n];
        System.arraycopy(before, 0, all, 0, history);
        PerSecond.copyLast(fresh, n, all, history);
        KnativeAutoscaler decider = new KnativeAutoscaler(config);
        KnativeAutoscaler.Memory state = memory.decider();
        KnativeAutoscaler.Step step = null;
        int ready = observation.readyReplicas();
        // only a model whose remembered window is the shared zeros can stand: the others need not compare memories
        boolean unchanged = PerSecond.isZeros(before) && memory.samples().isEmpty();
        for (int e = 1; e <= n; e++) {
            if ((memory.offBeat() + e) % 2 != 0 && e != n) {
                continue;
            }
            int end = history + e;
            double stable = mean(all, end, stableSeconds);
            double panic = mean(all, end, panicSeconds);
            if (e < n) {
                // only the memory of the beats before the last is read
                state = decider.advance(state, observation.now(), n - e, ready, stable, panic);
            } else {
                step = decider.decide(state, new KnativeAutoscaler.Observation(observation.now(), ready, stable,
                    panic, true));
                state = step.memory();
            }
            unchanged = unchanged && (state == memory.decider() || state.equals(memory.decider()));
        }
        int from = Math.max(0, all.length - stableSeconds);
        double[] kept = PerSecond.window(before, all, from);
        int offBeat = (memory.offBeat() + n) % 2;
        // the signals' averages are finite and zero or more, and so are the remembered ones: all of them are checked
        Step<Memory, ModelScalingDecision> made = decision(new Memory(state, List.empty(), kept, offBeat), step,
            observation);
        boolean stands = unchanged && kept == before && offBeat == memory.offBeat()
            && standsIdle(memory.decider(), all, n, made.decision(), observation);
        return stands ? Step.steady(memory, made.decision()) : made;
    }

    /**
     * Whether a hold decided on a window of zeros stands whatever the time, for as long as the model and its signals
     * stay the same: every evaluation gave back the decider's memory (checked by the caller), and that memory holds
     * no instant the decider compares the time with (no panic, no scale-down delay; a wait for zero already over
     * at the period's first second, after which the count stays at zero); and the ready replicas are the model's own
     * word (none draining, whose count would read the cluster).
     */
    private boolean standsIdle(KnativeAutoscaler.Memory decider, double[] all, int n, ModelScalingDecision decision,
                               ModelObservation observation) {
        if (!(decision instanceof ModelScalingDecision.Hold) || decider.panicSince().isDefined()
            || !decider.delayed().isEmpty()) {
            return false;
        }
        if (decider.zeroSince().isDefined() && config.scaleToZero()) {
            Duration wait = config.scaleToZeroGrace().compareTo(config.podRetention()) >= 0
                ? config.scaleToZeroGrace() : config.podRetention();
            if (observation.now().minusSeconds(n).isBefore(decider.zeroSince().get().plus(wait))) {
                return false;
            }
        }
        for (double value : all) {
            if (value != 0) {
                return false;
            }
        }
        return observation.readyFromModelAlone();
    }

    /** The mean of the last {@code window} values before {@code end}, over fewer when there are fewer. */
    private static double mean(double[] values, int end, int window) {
        int from = Math.max(0, end - window);
        double sum = 0;
        for (int i = from; i < end; i++) {
            sum += values[i];
        }
        return end == from ? 0 : sum / (end - from);
    }

    private Step<Memory, ModelScalingDecision> decision(Memory next, KnativeAutoscaler.Step step,
                                                        ModelObservation observation) {
        ScalingSpec range = observation.scaling();
        if (!range.autoscalingEnabled()) {
            return Step.of(next, ModelScalingDecision.hold(observation, HoldReason.AUTOSCALING_DISABLED,
                range.toString()));
        }
        int desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), step.desired()));
        if (desired == range.replicas()) {
            return Step.of(next, ModelScalingDecision.hold(observation, HoldReason.AT_RECOMMENDATION,
                () -> "Knative wants " + step.desired() + ", " + step.describe()));
        }
        return Step.of(next, ModelScalingDecision.scale(observation, desired, new ModelScaleReason.Knative(step)));
    }
}
