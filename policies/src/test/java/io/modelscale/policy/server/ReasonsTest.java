package io.modelscale.policy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.model.ModelName;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.RepackFailure;
import io.modelscale.policy.hpa.HpaCondition;
import io.modelscale.policy.hpa.HpaDecision;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every server reason and refusal reads as one line with its numbers. */
class ReasonsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final LowerBounds BOUNDS = new LowerBounds(2, 3, 1);
    private static final HpaDecision KEEP = new HpaDecision(2, 2, HpaCondition.DESIRED_WITHIN_RANGE,
        Option.some("infer_rps"), List.of("infer_rps 2"), List.empty());

    @Test
    void holdReasons_sayWhyWithTheirNumbers() {
        assertThat(new ServerHoldReason.NotOnThisTrigger(ServerTrigger.TICK).describe())
            .isEqualTo("the policy does not act on TICK");
        assertThat(new ServerHoldReason.NoScaleUpNeeded(3, 2, new ScalingSpec(2, 1, MaxReplicas.of(4))).describe())
            .isEqualTo("no scale-up: 3 wanted, 2 expected, maximum 4");
        assertThat(new ServerHoldReason.NothingToRemove(3, 0, 3, true).describe())
            .isEqualTo("no empty replica and no packing (expected 3, 0 empty, largest model 3, packing tried)");
        assertThat(new ServerHoldReason.NoSafePlan(2, new RepackFailure.NoPackingFound(ServerName.of("s"), 2, BOUNDS))
            .describe())
            .startsWith("no safe plan onto 2 replicas: ");
        assertThat(new ServerHoldReason.NotStable(T, T.plusSeconds(60), 1).describe())
            .isEqualTo("scaling to 1 waits for the stability window: last change at " + T + ", stable at "
                + T.plusSeconds(60));
        assertThat(new ServerHoldReason.ReversalGuard(T, T.plusSeconds(300), 4).describe())
            .isEqualTo("scaling to 4 waits out the reversal guard after the change at " + T);
        assertThat(new ServerHoldReason.OutOfRange(9, new ScalingSpec(2, 1, MaxReplicas.of(4))).describe())
            .isEqualTo("the policy's target 9 lies outside replicas 2 in [1, 4]");
        assertThat(new ServerHoldReason.NoChange(3).describe())
            .isEqualTo("the policy asked for the current 3 replicas");
        assertThat(new ServerHoldReason.HpaKeeps(KEEP).describe()).isEqualTo("HPA: keep 2: DesiredWithinRange"
            + " (metric infer_rps); proposals infer_rps 2");
        assertThat(new ServerHoldReason.Other("mine").describe()).isEqualTo("mine");
        assertThat(new ServerHoldReason.AllReplicasNeeded(3, BOUNDS, Option.some(3)).describe())
            .isEqualTo("its 3 replicas are all needed (" + BOUNDS.describe() + ", packs onto 3)");
    }

    @Test
    void scaleReasonsAndRefusals_sayWhyWithTheirNumbers() {
        assertThat(new ServerScaleReason.Hpa(KEEP).describe()).startsWith("HPA: keep 2");
        assertThat(new ServerScaleReason.Other("mine").describe()).isEqualTo("mine");
        assertThat(new ServerScaleReason.Consolidate(2, BOUNDS).describe())
            .isEqualTo("consolidate: 2 replicas hold its models (" + BOUNDS.describe() + ")");
        assertThat(new ScaleDownRefusal.ScheduleFailed(ModelName.of("c")).describe())
            .isEqualTo("model c would be ScheduleFailed");
        assertThat(new ScaleDownRefusal.ModelUnplaceable(ServerName.of("s"), TreeSet.of(ReplicaIndex.of(2)),
            ModelName.of("c"), new ScheduleOutcome.Unloaded(ModelName.of("c"))).describe())
            .isEqualTo("removing replicas 2 of s would leave model c without its replicas: unloading every replica"
                + " of deleted model c");
        assertThat(new ScaleDownRefusal.OnlyServedThere(ServerName.of("s"), TreeSet.of(ReplicaIndex.of(2)),
            ModelName.of("c").version(1)).describe()).isEqualTo("removing replicas 2 of s would stop c:1, which"
                + " serves model c only there until its newer version is available");
    }

    @Test
    void decisions_sayWhenThePolicyCouldActNext() {
        ServerScalingDecision.Scale scale = new ServerScalingDecision.Scale(ServerName.of("s"), 3, 2,
            new ServerScaleReason.EmptyReplicas(1), List.empty(), Option.some(T), Option.some(BOUNDS));
        assertThat(scale.describe()).isEqualTo("scale server s from 3 to 2: 1 empty replicas; next step no sooner"
            + " than " + T);
        assertThat(scale.up()).isFalse();
        ServerScalingDecision.Hold hold = new ServerScalingDecision.Hold(ServerName.of("s"),
            new ServerHoldReason.ModelsLackReplicas(1), Option.some(T), Option.none());
        assertThat(hold.describe()).isEqualTo("keep server s: its models lack 1 replicas; could act at " + T);
    }
}
