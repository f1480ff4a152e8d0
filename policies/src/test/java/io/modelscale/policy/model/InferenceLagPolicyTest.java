package io.modelscale.policy.model;

import static io.modelscale.policy.model.PolicyFixture.IRIS;
import static io.modelscale.policy.model.PolicyFixture.T0;
import static io.modelscale.policy.model.PolicyFixture.available;
import static io.modelscale.policy.model.PolicyFixture.scaling;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ScalingTrigger.Direction;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code cases-seldon.md} §6.6 ({@code TestCalculateDesiredReplicas}, {@code TestModelScalingProtos}) on the
 * scheduler's decision on a trigger, and the policy that derives the agents' triggers from the serving signals.
 */
class InferenceLagPolicyTest {

    private static final Instant LATER = T0.plusSeconds(3600);
    private final InferenceLagPolicy seldonCore = new InferenceLagPolicy(InferenceLagPolicy.Config.seldonCore());
    private final InferenceLagPolicy documented = new InferenceLagPolicy(InferenceLagPolicy.Config.documented());

    @ParameterizedTest(name = "{0}: {1} from {2} in [{3}, {4}] -> {5}")
    @CsvSource({
        "scale up, UP, 1, 1, 0, 2",
        "scale down, DOWN, 2, 1, 0, 1",
        "cannot scale down, DOWN, 1, 0, 2, BELOW_MINIMUM",
        "scaling not enabled, DOWN, 2, 0, 0, AUTOSCALING_DISABLED",
    })
    void desiredReplicas_oneStepWithinTheRange(String name, Direction direction, int current, int min, int max,
                                               String expected) {
        var result = InferenceLagPolicy.desiredReplicas(direction, scaling(current, min, max));
        assertThat(result.fold(HoldReason::name, String::valueOf)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "scale up not enabled, 1, 0, 0, UP, AUTOSCALING_DISABLED",
        "scale up within range no max, 1, 1, 0, UP, 2",
        "scale up within range, 1, 1, 2, UP, 2",
        "scale up not within range, 1, 1, 1, UP, ABOVE_MAXIMUM",
        "scale down within range, 2, 1, 2, DOWN, 1",
        "scale down not within range, 2, 2, 3, DOWN, BELOW_MINIMUM",
        "scale down not enabled, 2, 0, 0, DOWN, AUTOSCALING_DISABLED",
    })
    void decide_modelScalingProtos_matchSeldon(String name, int replicas, int min, int max, Direction direction,
                                               String expected) {
        Cluster cluster = available(scaling(replicas, min, max), 4, 4);
        ModelScalingDecision decision = seldonCore.decide(cluster, trigger(direction), LATER);
        assertThat(outcome(decision)).isEqualTo(expected);
    }

    @Test
    void presets_scaleDownRightAfterAChange_isNotStableInBoth() {
        Cluster cluster = available(scaling(2, 1, 3), 4, 4);
        ModelScalingPolicy<?> seldon = Presets.seldonCore().models().policy();
        ModelScalingPolicy<?> docs = Presets.documented().models().policy();
        assertThat(outcome(idle(seldon, cluster, T0.plusSeconds(59)))).isEqualTo("NOT_STABLE");
        assertThat(outcome(idle(seldon, cluster, T0.plusSeconds(61)))).isEqualTo("1");
        assertThat(outcome(idle(docs, cluster, T0.plusSeconds(61)))).isEqualTo("NOT_STABLE");
        assertThat(outcome(idle(docs, cluster, T0.plusSeconds(301)))).isEqualTo("1");
    }

    @Test
    void presets_scaleUpRightAfterAChange_isStableOnlyForSeldonCore() {
        Cluster cluster = available(scaling(1, 1, 3), 4, 4);
        assertThat(outcome(lagging(Presets.seldonCore().models().policy(), cluster, T0.plusSeconds(1))))
            .isEqualTo("2");
        assertThat(outcome(lagging(Presets.documented().models().policy(), cluster, T0.plusSeconds(1))))
            .isEqualTo("NOT_STABLE");
    }

    @Test
    void decide_noRoomAndNoServerScaleUp_isNoCapacityOnlyWhenDocumented() {
        Cluster full = available(scaling(2, 1, 5), 2, 2);
        assertThat(outcome(documented.decide(full, trigger(Direction.UP), LATER))).isEqualTo("NO_CAPACITY");
        assertThat(outcome(seldonCore.decide(full, trigger(Direction.UP), LATER))).isEqualTo("3");

        Cluster canGrow = available(scaling(2, 1, 5), 2, 3);
        assertThat(outcome(documented.decide(canGrow, trigger(Direction.UP), LATER))).isEqualTo("3");
    }

    @Test
    void decide_unavailableVersionOrDeletedModelOrUnknownModel_isHeldWithItsReason() {
        Cluster cluster = available(scaling(1, 1, 3), 4, 4);
        Cluster deleted = cluster.deleteModel(IRIS).get();
        assertThat(outcome(seldonCore.decide(deleted, trigger(Direction.DOWN), LATER))).isEqualTo("MODEL_DELETED");
        assertThat(outcome(seldonCore.decide(deleted, trigger(Direction.UP), LATER)))
            .isEqualTo("LATEST_NOT_AVAILABLE");
        ScalingTrigger old = new ScalingTrigger(IRIS.version(7), Direction.DOWN, 0);
        assertThat(outcome(seldonCore.decide(cluster, old, LATER))).isEqualTo("VERSION_MISMATCH");
        ScalingTrigger unknown = new ScalingTrigger(io.modelscale.core.model.ModelVersionId.of("nobody", 1),
            Direction.UP, 40);
        assertThat(outcome(seldonCore.decide(cluster, unknown, LATER))).isEqualTo("UNKNOWN_MODEL");
    }

    @Test
    void decide_afterAScaleUpWithOnlyAMaximum_waitsForTheNewReplica() {
        Cluster cluster = available(scaling(1, 0, 3), 4, 4);
        ModelScalingDecision first = seldonCore.decide(cluster, trigger(Direction.UP), LATER);
        assertThat(first.describe()).isEqualTo("scale iris:1 from 1 to 2: lag 31 reached the threshold 30");
        Cluster scaled = scaled(cluster, first);
        assertThat(seldonCore.decide(scaled, trigger(Direction.UP), LATER).describe())
            .isEqualTo("hold iris:1: the latest version is not available (version 1 is PROGRESSING)");
    }

    @Test
    void decide_afterAScaleUpWithAMinimum_staysAvailableAndCanStepAgain() {
        Cluster cluster = available(scaling(1, 1, 2), 4, 4);
        Cluster scaled = scaled(cluster, seldonCore.decide(cluster, trigger(Direction.UP), LATER));
        assertThat(seldonCore.decide(scaled, trigger(Direction.UP), LATER).describe())
            .isEqualTo("hold iris:1: the target exceeds maxReplicas (replicas 2 in [1, 2], wanted 3)");
    }

    // --- the agents' counters, followed from the serving signals ------------------------------------------------

    @Test
    void signals_lagPerServingReplicaAtTheThreshold_scaleUpAndResetTheCounter() {
        Cluster cluster = available(scaling(2, 1, 4), 4, 4);
        InferenceLagPolicy.Memory start = seldonCore.initialMemory(observe(cluster, ModelSignals.idle(), LATER));
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> under = seldonCore.decide(start,
            observe(cluster, ModelSignals.of(50, 8, 5).withLastRequest(LATER), LATER));
        assertThat(outcome(under.decision())).isEqualTo("NO_TRIGGER");
        assertThat(under.decision().describe()).contains("lag 29 per replica");
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> over = seldonCore.decide(under.memory(),
            observe(cluster, ModelSignals.of(50, 10, 5).withLastRequest(LATER), LATER.plusSeconds(20)));
        assertThat(over.decision().describe()).isEqualTo("scale iris:1 from 2 to 3: lag 30 reached the threshold 30");
        assertThat(over.memory().fewestSinceReset()).isEqualTo(60);
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> afterReset = seldonCore.decide(over.memory(),
            observe(cluster, ModelSignals.of(50, 15, 5).withLastRequest(LATER), LATER.plusSeconds(40)));
        assertThat(outcome(afterReset.decision())).isEqualTo("NO_TRIGGER");
        assertThat(afterReset.decision().describe()).contains("lag 3 per replica");
    }

    @Test
    void perReplicaSignals_theBusiestAgentTriggers_andOnlyItsCounterResets() {
        // two serving replicas: 31 outstanding on the first, 1 on the second. Spread evenly that is 16 per replica,
        // under the threshold of 30; the first agent alone counts 31 and triggers.
        Cluster cluster = available(scaling(2, 1, 4), 4, 4);
        io.modelscale.core.server.ServerReplicaId first = replica(0);
        io.modelscale.core.server.ServerReplicaId second = replica(1);
        ModelSignals totals = ModelSignals.of(32, 0, 5).withLastRequest(LATER);
        InferenceLagPolicy.Memory start = seldonCore.initialMemory(observe(cluster, ModelSignals.idle(), LATER));
        assertThat(outcome(seldonCore.decide(start, observe(cluster, totals, LATER)).decision()))
            .as("without per-replica counts the lag is spread evenly").isEqualTo("NO_TRIGGER");
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> up = seldonCore.decide(start, observe(cluster,
            totals.withPerReplica(io.vavr.collection.List.of(new ReplicaOutstanding(first, 31, 31),
                new ReplicaOutstanding(second, 1, 0))), LATER));
        assertThat(up.decision().describe()).isEqualTo("scale iris:1 from 2 to 3: lag 31 reached the threshold 30");
        assertThat(up.memory().replicaFewest()).isEqualTo(io.vavr.collection.HashMap.of(first, 31L));
        // 20 s later the first has 35 (never fewer than 33 meanwhile): its counter, reset at 31, reads 4; the second's
        // 1 was never reset: it reads 3 (its fewest was 0)
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> after = seldonCore.decide(up.memory(), observe(cluster,
            ModelSignals.of(38, 0, 5).withLastRequest(LATER).withPerReplica(io.vavr.collection.List.of(
                new ReplicaOutstanding(first, 35, 33), new ReplicaOutstanding(second, 3, 1))),
            LATER.plusSeconds(20)));
        assertThat(outcome(after.decision())).isEqualTo("NO_TRIGGER");
        assertThat(after.decision().describe()).contains("lag 4 on the busiest agent");
    }

    @Test
    void perReplicaSignals_mustNotCountMoreThanTheModelHas() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            ModelSignals.of(3, 0, 1).withPerReplica(io.vavr.collection.List.of(new ReplicaOutstanding(replica(0), 4,
                0)))).withMessageContaining("add up to 4, more than the model's 3");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            new ReplicaOutstanding(replica(0), 1, 2)).withMessageContaining("fewestOutstanding <= outstanding");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            ModelSignals.of(4, 0, 1).withPerReplica(io.vavr.collection.List.of(new ReplicaOutstanding(replica(0), 1,
                0), new ReplicaOutstanding(replica(0), 2, 0)))).withMessageContaining("lists mlserver/0 twice");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            new InferenceLagPolicy.Memory(0, LATER, io.vavr.collection.HashMap.of(replica(1), -3L)))
            .withMessageContaining("must not be negative, got -3");
    }

    private static io.modelscale.core.server.ServerReplicaId replica(int index) {
        return new io.modelscale.core.server.ServerReplicaId(io.modelscale.core.server.ServerName.of("mlserver"),
            io.modelscale.core.server.ReplicaIndex.of(index));
    }

    @Test
    void signals_aDipBelowTheCounterFloor_countsFromTheDip() {
        Cluster cluster = available(scaling(1, 1, 4), 4, 4);
        InferenceLagPolicy.Memory reset = new InferenceLagPolicy.Memory(40, LATER);
        ModelSignals dipped = ModelSignals.of(45, 0, 1).withFewestOutstanding(10).withLastRequest(LATER);
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> step = seldonCore.decide(reset,
            observe(cluster, dipped, LATER));
        assertThat(step.memory().fewestSinceReset()).isEqualTo(45);
        assertThat(step.decision().describe()).isEqualTo("scale iris:1 from 1 to 2: lag 35 reached the threshold 30");
    }

    @Test
    void signals_noRequestForTheInactiveThreshold_scaleDown() {
        Cluster cluster = available(scaling(2, 1, 4), 4, 4);
        ModelSignals quiet = ModelSignals.idle().withLastRequest(LATER.minusSeconds(600));
        ModelScalingDecision decision = seldonCore.decide(seldonCore.initialMemory(observe(cluster, quiet, LATER)),
            observe(cluster, quiet, LATER)).decision();
        assertThat(decision.describe()).isEqualTo("scale iris:1 from 2 to 1: idle since "
            + LATER.minusSeconds(600) + " (threshold 600 s)");
        ModelSignals recent = ModelSignals.idle().withLastRequest(LATER.minusSeconds(599));
        assertThat(outcome(seldonCore.decide(seldonCore.initialMemory(observe(cluster, recent, LATER)),
            observe(cluster, recent, LATER)).decision())).isEqualTo("NO_TRIGGER");
    }

    @Test
    void signals_noRequestYet_countFromWhenThePolicyFirstSawTheModel() {
        Cluster cluster = available(scaling(2, 1, 4), 4, 4);
        InferenceLagPolicy.Memory first = seldonCore.initialMemory(observe(cluster, ModelSignals.idle(), LATER));
        assertThat(outcome(seldonCore.decide(first, observe(cluster, ModelSignals.idle(), LATER.plusSeconds(599)))
            .decision())).isEqualTo("NO_TRIGGER");
        assertThat(outcome(seldonCore.decide(first, observe(cluster, ModelSignals.idle(), LATER.plusSeconds(600)))
            .decision())).isEqualTo("1");
    }

    @Test
    void signalsWithoutARequestTime_countRequestsArrivingOrOutstandingAsUse() {
        // ModelSignals.of gives no time of the last request: a model busy period after period is not idle, under
        // either reading, and its idle time counts from the last decision that saw it busy.
        Cluster cluster = available(scaling(2, 1, 4), 4, 4);
        for (InferenceLagPolicy policy : java.util.List.of(seldonCore, documented)) {
            InferenceLagPolicy.Memory memory = policy.initialMemory(observe(cluster, ModelSignals.idle(), LATER));
            for (ModelSignals busy : java.util.List.of(ModelSignals.of(1, 0, 0), ModelSignals.of(0, 0, 0.5))) {
                InferenceLagPolicy.Memory seen = memory;
                for (int s = 60; s <= 1800; s += 60) {
                    Step<InferenceLagPolicy.Memory, ModelScalingDecision> step = policy.decide(seen,
                        observe(cluster, busy, LATER.plusSeconds(s)));
                    assertThat(outcome(step.decision())).as("%s at +%d s", busy, s).isEqualTo("NO_TRIGGER");
                    assertThat(step.steadyUntil()).as("a hold whose memory moves with the time").isEmpty();
                    seen = step.memory();
                }
                assertThat(seen.lastUse()).isEqualTo(LATER.plusSeconds(1800));
                Instant quietAt = LATER.plusSeconds(1800 + 599);
                assertThat(outcome(policy.decide(seen, observe(cluster, ModelSignals.idle(), quietAt)).decision()))
                    .isEqualTo("NO_TRIGGER");
                assertThat(outcome(policy.decide(seen, observe(cluster, ModelSignals.idle(), quietAt.plusSeconds(1)))
                    .decision())).isEqualTo("1");
            }
        }
    }

    @Test
    void signals_withoutAutoscaling_neverTriggerNorResetTheCounter() {
        Cluster cluster = available(scaling(1, 0, 0), 4, 4);
        Step<InferenceLagPolicy.Memory, ModelScalingDecision> step = seldonCore.decide(
            new InferenceLagPolicy.Memory(0, LATER), observe(cluster, ModelSignals.of(100, 0, 1), LATER));
        assertThat(outcome(step.decision())).isEqualTo("AUTOSCALING_DISABLED");
        assertThat(step.memory().fewestSinceReset()).isZero();
    }

    private ModelScalingDecision lagging(ModelScalingPolicy<?> policy, Cluster cluster, Instant now) {
        return decideOnce(policy, observe(cluster, ModelSignals.of(40, 0, 2).withLastRequest(now), now));
    }

    private ModelScalingDecision idle(ModelScalingPolicy<?> policy, Cluster cluster, Instant now) {
        return decideOnce(policy, observe(cluster, ModelSignals.idle().withLastRequest(now.minusSeconds(3600)), now));
    }

    private static <M> ModelScalingDecision decideOnce(ModelScalingPolicy<M> policy, ModelObservation observation) {
        return policy.decide(policy.initialMemory(observation), observation).decision();
    }

    private static ModelObservation observe(Cluster cluster, ModelSignals signals, Instant now) {
        return Observations.of(cluster, IRIS, signals, now);
    }

    private static Cluster scaled(Cluster cluster, ModelScalingDecision decision) {
        ModelScalingDecision.Scale scale = (ModelScalingDecision.Scale) decision;
        ModelSpec spec = cluster.model(IRIS).get().latest().spec();
        return cluster.deployModel(spec.withScaling(spec.scaling().withReplicas(scale.to())), LATER);
    }

    private static ScalingTrigger trigger(Direction direction) {
        return new ScalingTrigger(IRIS.version(1), direction, 31);
    }

    private static String outcome(ModelScalingDecision decision) {
        return decision instanceof ModelScalingDecision.Scale scale ? String.valueOf(scale.to())
            : ((ModelScalingDecision.Hold) decision).reason().name();
    }
}
