package io.modelscale.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.StabilityWindow.Directions;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerTrigger;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A stability window around any policy: what it holds, from when, and in which directions. */
class StabilityWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ModelName M = ModelName.of("m");

    @Test
    void sinceStatusChange_holdsUntilTheStatusIsOlderThanTheWindow() {
        ModelScalingPolicy<NoMemory> up = StabilityWindow.sinceStatusChange(Duration.ofSeconds(60), Directions.BOTH)
            .wrap(wanting(3));
        assertThat(reason(decide(up, T0.plusSeconds(60), Option.none()))).isEqualTo(HoldReason.NOT_STABLE);
        assertThat(decide(up, T0.plusSeconds(61), Option.none())).isInstanceOf(ModelScalingDecision.Scale.class);
    }

    @Test
    void sinceLastScale_holdsWhileTheLastChangeIsLessThanTheWindowAgo() {
        ModelScalingPolicy<NoMemory> up = StabilityWindow.sinceLastScale(Duration.ofSeconds(60), Directions.BOTH)
            .wrap(wanting(3));
        Instant now = T0.plusSeconds(3_600);
        assertThat(reason(decide(up, now, Option.some(now.minusSeconds(59))))).isEqualTo(HoldReason.COOLING_DOWN);
        assertThat(decide(up, now, Option.some(now.minusSeconds(60)))).isInstanceOf(ModelScalingDecision.Scale.class);
        assertThat(decide(up, now, Option.none())).isInstanceOf(ModelScalingDecision.Scale.class);
    }

    @Test
    void scaleDownOnly_letsScaleUpsThrough() {
        StabilityWindow window = StabilityWindow.sinceStatusChange(Duration.ofMinutes(5), Directions.SCALE_DOWN_ONLY);
        assertThat(decide(window.wrap(wanting(3)), T0.plusSeconds(1), Option.none()))
            .isInstanceOf(ModelScalingDecision.Scale.class);
        assertThat(reason(decide(window.wrap(wanting(1)), T0.plusSeconds(1), Option.none())))
            .isEqualTo(HoldReason.NOT_STABLE);
    }

    @Test
    void holdsOfTheInnerPolicy_passUnchanged() {
        ModelScalingPolicy<NoMemory> holding = ModelScalingPolicy.stateless(o ->
            ModelScalingDecision.hold(o, HoldReason.DEMAND_MET, "enough"));
        ModelScalingDecision decision = decide(StabilityWindow.sinceStatusChange(Duration.ofHours(1), Directions.BOTH)
            .wrap(holding), T0, Option.none());
        assertThat(decision.describe()).isEqualTo("hold m:1: the current replicas meet the demand (enough)");
    }

    @Test
    void serverPolicy_heldUntilTheWindowEnds_sayingWhen() {
        ServerScaleDownPolicy<NoMemory> down = new ServerScaleDownPolicy<>() {
            @Override
            public NoMemory initialMemory() {
                return NoMemory.INSTANCE;
            }

            @Override
            public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation observation) {
                return Step.of(memory, ServerScalingDecision.scale(observation, 1,
                    new ServerScaleReason.Other("fewer")));
            }
        };
        ServerScaleDownPolicy<NoMemory> held = StabilityWindow.sinceLastScale(Duration.ofMinutes(2), Directions.BOTH)
            .wrap(down);
        Cluster cluster = Cluster.empty().withServer(io.modelscale.core.server.ServerSpec.of(
            io.modelscale.core.server.ServerName.of("s"), new ScalingSpec(2, 1, MaxReplicas.of(4))));
        Instant now = T0.plusSeconds(600);
        ServerObservation recent = new ServerObservation(now, ServerTrigger.TICK,
            cluster.server(io.modelscale.core.server.ServerName.of("s")).get(), cluster, Signals.none(),
            Option.some(now.minusSeconds(60)), new SplittableRandom(1));
        ServerScalingDecision decision = held.decide(NoMemory.INSTANCE, recent).decision();
        assertThat(((ServerScalingDecision.Hold) decision).reason())
            .isEqualTo(new ServerHoldReason.NotStable(now.minusSeconds(60), now.plusSeconds(60), 1));
        assertThat(decision.nextActAt()).contains(now.plusSeconds(60));
    }

    @Test
    void negativeWindow_isRefused() {
        assertThatThrownBy(() -> StabilityWindow.sinceLastScale(Duration.ofSeconds(-1), Directions.BOTH))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must not be negative");
    }

    /** A policy that always wants {@code to} replicas. */
    private static ModelScalingPolicy<NoMemory> wanting(int to) {
        return ModelScalingPolicy.stateless(o -> ModelScalingDecision.scale(o, to, new ModelScaleReason.Other("want")));
    }

    private static <M> ModelScalingDecision decide(ModelScalingPolicy<M> policy, Instant now,
                                                  Option<Instant> lastScaled) {
        ModelSpec spec = ModelSpec.builder().name(M).memory(MemoryQuantity.ofBytes(1))
            .scaling(new ScalingSpec(2, 1, MaxReplicas.of(5))).build();
        Cluster cluster = Cluster.empty().deployModel(spec, T0);
        ModelObservation observation = new ModelObservation(now, cluster.model(M).get(), cluster, Signals.none(),
            lastScaled);
        return policy.decide(policy.initialMemory(observation), observation).decision();
    }

    private static HoldReason reason(ModelScalingDecision decision) {
        return ((ModelScalingDecision.Hold) decision).reason();
    }
}
