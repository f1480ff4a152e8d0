package io.modelscale.policy.hpa;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * A Kubernetes HorizontalPodAutoscaler on a Model, as seed 003 configures it, as a model policy: every stats period
 * the {@link HorizontalPodAutoscaler} reconciles on the model's desired count and ready replicas, each Object
 * metric read as the requests per second of the model it describes, and the count it decides is kept within the
 * model's {@code [max(minReplicas, 1), maxReplicas]}. Registered as {@value #NAME}, by default with one Object
 * metric, {@code infer_rps} of the model itself at an average of 3 requests per second per replica, and an HPA range
 * of 1 to {@link Integer#MAX_VALUE}, so that the model's own range is the one that binds. The memory is the HPA
 * controller's ({@link HpaMemory}).
 *
 * <p>A hold on an idle model stands ({@link Step#steadyUntil()}) while the HPA proposes zero, without a
 * {@code behavior}, on metrics of the model itself and while none of its replicas drains: until the largest
 * recommendation within the downscale stabilization window changes, that is until the last recommendation of that
 * value leaves the window; with only zeros there, whatever the time. The memory a standing step keeps is the one it
 * was given, without the zeros a reconcile would have stored; no later decision differs for it.
 *
 * @param spec       the HPA's spec
 * @param described  for each metric of the spec, in order, the model whose requests per second it reads; none for
 *                   the model the HPA scales
 * @param controller the controller's flags
 */
public record ModelHpaPolicy(HpaSpec spec, Seq<Option<ModelName>> described, HorizontalPodAutoscaler.Config controller)
    implements ModelScalingPolicy<HpaMemory> {

    /** The name this policy is registered under. */
    public static final String NAME = "model.hpa";

    /** A policy for this HPA; {@code described} has one entry per metric. */
    public ModelHpaPolicy {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(described, "described");
        Objects.requireNonNull(controller, "controller");
        HpaReadings.requireOnePerMetric(spec, described.size());
    }

    /** The seed's metric: {@code infer_rps} of the model itself, an average of 3 per replica, bounded by its range. */
    public static ModelHpaPolicy perReplicaRequestRate() {
        return perReplicaRequestRate(3_000);
    }

    /**
     * {@code infer_rps} of the model itself at an average of {@code milliRequestsPerSecond} / 1000 per replica,
     * bounded by its range.
     */
    public static ModelHpaPolicy perReplicaRequestRate(long milliRequestsPerSecond) {
        return new ModelHpaPolicy(new HpaSpec(1, Integer.MAX_VALUE, List.of(new MetricSpec.ObjectMetric("infer_rps",
            new MetricTarget.AverageValue(milliRequestsPerSecond))), Option.none()), List.of(Option.none()),
            HorizontalPodAutoscaler.Config.defaults());
    }

    /**
     * Until when a hold on a model whose HPA proposes zero stands, if it does: without a {@code behavior} (the legacy
     * stabilization), on metrics of the model itself, with its ready replicas its own word, and a stored
     * recommendation of zero made now after recommendations all made before now. The reconcile's outcome then
     * follows from the current count (the same while the model is) and the largest recommendation within the
     * downscale window alone; a zero never raises that largest, and as time passes recommendations only leave the
     * window. So the hold stands, with the memory it was given, while the largest stays what it is now: until the
     * last recommendation of that value leaves the window; with none above zero there, whatever the time. Not storing
     * the zeros meanwhile changes no later decision: stabilization replaces only recommendations older than the
     * window, and a zero is never the largest of any window but an all-zero one.
     */
    private Option<Instant> standsUntil(HpaMemory before, HpaMemory after, ModelObservation observation) {
        if (spec.behavior().isDefined() || before.recommendations().isEmpty()
            || before.recommendations().get().isEmpty() || after.recommendations().isEmpty()
            || !described.forAll(d -> d.isEmpty() || d.contains(observation.name()))
            || !observation.readyFromModelAlone()) {
            return Option.none();
        }
        Instant now = observation.now();
        if (!before.recommendations().get().forAll(r -> r.at().isBefore(now))
            || !after.recommendations().get().exists(r -> r.at().equals(now) && r.replicas() == 0)) {
            return Option.none();
        }
        Instant cutoff = now.minus(controller.downscaleWindow());
        int largest = 0;
        Instant last = null;
        for (HpaMemory.Recommendation r : before.recommendations().get()) {
            if (r.replicas() <= 0 || r.at().isBefore(cutoff) || r.replicas() < largest) {
                continue;
            }
            if (r.replicas() > largest || r.at().isAfter(last)) {
                last = r.at();
            }
            largest = r.replicas();
        }
        return Option.some(last == null ? Instant.MAX : last.plus(controller.downscaleWindow()).plusNanos(1));
    }

    @Override
    public HpaMemory initialMemory(ModelObservation first) {
        return HpaMemory.initial();
    }

    @Override
    public Step<HpaMemory, ModelScalingDecision> decide(HpaMemory memory, ModelObservation observation) {
        ScalingSpec range = observation.scaling();
        int current = range.replicas();
        int ready = observation.readyReplicas();
        Seq<MetricReading> readings = HpaReadings.of(spec, described, observation.name(), observation.signals(),
            ready);
        HorizontalPodAutoscaler.Step step = new HorizontalPodAutoscaler(controller).step(spec, memory,
            new HpaObservation(observation.now(), current, ready, readings));
        int desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), step.decision().desired()));
        if (desired == current) {
            HpaDecision held = step.decision();
            ModelScalingDecision hold = ModelScalingDecision.hold(observation, HoldReason.AT_RECOMMENDATION,
                () -> "HPA: " + held.describe());
            Option<Instant> until = standsUntil(memory, step.memory(), observation);
            return until.isDefined() ? Step.steady(memory, hold, until.get()) : Step.of(step.memory(), hold);
        }
        return Step.of(step.memory(), ModelScalingDecision.scale(observation, desired,
            new ModelScaleReason.Hpa(step.decision())));
    }
}
