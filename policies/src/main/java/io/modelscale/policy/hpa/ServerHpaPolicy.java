package io.modelscale.policy.hpa;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerScalingPolicy;
import io.modelscale.policy.server.ServerTrigger;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A Kubernetes HorizontalPodAutoscaler on a Server (seed 003), as the server's whole scaling policy: every stats
 * period the {@link HorizontalPodAutoscaler} reconciles on the server's expected and connected replicas, each Object
 * metric read as the requests per second of the model it describes, and the count it decides is kept within the
 * server's {@code [max(minReplicas, 1), maxReplicas]}. It does not act on placements or unloads: the HPA alone scales
 * the server. The memory is the HPA controller's.
 *
 * @param spec       the HPA's spec
 * @param described  for each metric of the spec, in order, the model whose requests per second it reads
 * @param controller the controller's flags
 */
public record ServerHpaPolicy(HpaSpec spec, Seq<ModelName> described, HorizontalPodAutoscaler.Config controller)
    implements ServerScalingPolicy<HpaMemory> {

    /** The name a server's HPA goes by in decisions and reports. */
    public static final String NAME = "server.hpa";

    /** A policy for this HPA; {@code described} has one model per metric. */
    public ServerHpaPolicy {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(described, "described");
        Objects.requireNonNull(controller, "controller");
        HpaReadings.requireOnePerMetric(spec, described.size());
    }

    @Override
    public HpaMemory initialMemory() {
        return HpaMemory.initial();
    }

    @Override
    public Step<HpaMemory, ServerScalingDecision> decide(HpaMemory memory, ServerObservation observation) {
        if (observation.trigger() != ServerTrigger.TICK) {
            return Step.of(memory, ServerScalingDecision.hold(observation,
                new ServerHoldReason.NotOnThisTrigger(observation.trigger())));
        }
        ScalingSpec range = observation.scaling();
        int current = observation.expectedReplicas();
        int ready = observation.server().replicas().size();
        Seq<MetricReading> readings = HpaReadings.of(spec, described.map(Option::some), described.head(),
            observation.signals(), ready);
        HorizontalPodAutoscaler.Step step = new HorizontalPodAutoscaler(controller).step(spec, memory,
            new HpaObservation(observation.now(), current, ready, readings));
        int desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), step.decision().desired()));
        if (desired == current) {
            return Step.of(step.memory(), ServerScalingDecision.hold(observation,
                new ServerHoldReason.HpaKeeps(step.decision())));
        }
        return Step.of(step.memory(), ServerScalingDecision.scale(observation, desired,
            new ServerScaleReason.Hpa(step.decision())));
    }
}
