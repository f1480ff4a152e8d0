package io.modelscale.policy.model;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.time.Instant;
import java.util.Objects;

/**
 * Knative's pod autoscaler as a model policy ({@code shared/spec/kubernetes-hpa-kpa-keda.md} §4.3–4.4), on each
 * model's concurrency: the requests in flight or queued. Registered as {@value #NAME}.
 *
 * <p>Every decision records the current concurrency; the stable average is the mean of the samples within the
 * stable window (this one included), the panic average the current sample alone, so the panic window is one stats
 * period. The {@link KnativeAutoscaler} decides on them; its count is kept within the model's
 * {@code [max(minReplicas, 1), maxReplicas]}, and a model without autoscaling (no minimum or maximum) holds. The
 * memory is the decider's (panic, delay and scale-to-zero state) and the recent samples.
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

    /**
     * What the policy remembers for one model.
     *
     * @param decider the decider's memory
     * @param samples the samples within the stable window, oldest first
     */
    public record Memory(KnativeAutoscaler.Memory decider, Seq<Sample> samples) {
        public Memory {
            Objects.requireNonNull(decider, "decider");
            Objects.requireNonNull(samples, "samples");
        }
    }

    @Override
    public Memory initialMemory(ModelObservation first) {
        return new Memory(KnativeAutoscaler.Memory.initial(first.readyReplicas(), first.now()), List.empty());
    }

    @Override
    public Step<Memory, ModelScalingDecision> decide(Memory memory, ModelObservation observation) {
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
        Memory next = new Memory(step.memory(), samples);
        ScalingSpec range = observation.scaling();
        if (!range.autoscalingEnabled()) {
            return Step.of(next, ModelScalingDecision.hold(observation, HoldReason.AUTOSCALING_DISABLED,
                range.toString()));
        }
        int desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), step.desired()));
        if (desired == range.replicas()) {
            return Step.of(next, ModelScalingDecision.hold(observation, HoldReason.AT_RECOMMENDATION,
                "Knative wants " + step.desired() + ", " + step.describe()));
        }
        return Step.of(next, ModelScalingDecision.scale(observation, desired, new ModelScaleReason.Knative(step)));
    }
}
