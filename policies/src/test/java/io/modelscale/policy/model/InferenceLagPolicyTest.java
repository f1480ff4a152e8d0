package io.modelscale.policy.model;

import static io.modelscale.policy.model.PolicyFixture.IRIS;
import static io.modelscale.policy.model.PolicyFixture.T0;
import static io.modelscale.policy.model.PolicyFixture.available;
import static io.modelscale.policy.model.PolicyFixture.scaling;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ScalingTrigger.Direction;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code cases-seldon.md} §6.6: {@code TestCalculateDesiredReplicas} and {@code TestModelScalingProtos}. */
class InferenceLagPolicyTest {

    private static final Instant LATER = T0.plusSeconds(3600);
    private final InferenceLagPolicy seldonCore = new InferenceLagPolicy(Presets.seldonCore().inferenceLag());
    private final InferenceLagPolicy documented = new InferenceLagPolicy(Presets.documented().inferenceLag());

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
    void decide_scaleDownRightAfterAChange_isNotStableInBothPresets() {
        Cluster cluster = available(scaling(2, 1, 3), 4, 4);
        assertThat(outcome(seldonCore.decide(cluster, trigger(Direction.DOWN), T0.plusSeconds(59))))
            .isEqualTo("NOT_STABLE");
        assertThat(outcome(seldonCore.decide(cluster, trigger(Direction.DOWN), T0.plusSeconds(61)))).isEqualTo("1");
        assertThat(outcome(documented.decide(cluster, trigger(Direction.DOWN), T0.plusSeconds(61))))
            .isEqualTo("NOT_STABLE");
        assertThat(outcome(documented.decide(cluster, trigger(Direction.DOWN), T0.plusSeconds(301)))).isEqualTo("1");
    }

    @Test
    void decide_scaleUpRightAfterAChange_isStableOnlyForSeldonCore() {
        Cluster cluster = available(scaling(1, 1, 3), 4, 4);
        assertThat(outcome(seldonCore.decide(cluster, trigger(Direction.UP), T0.plusSeconds(1)))).isEqualTo("2");
        assertThat(outcome(documented.decide(cluster, trigger(Direction.UP), T0.plusSeconds(1))))
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
    void decide_unavailableVersionOrDeletedModel_isHeldWithItsReason() {
        Cluster cluster = available(scaling(1, 1, 3), 4, 4);
        Cluster deleted = cluster.deleteModel(IRIS).get();
        assertThat(outcome(seldonCore.decide(deleted, trigger(Direction.DOWN), LATER))).isEqualTo("MODEL_DELETED");
        assertThat(outcome(seldonCore.decide(deleted, trigger(Direction.UP), LATER)))
            .isEqualTo("LATEST_NOT_AVAILABLE");
        ScalingTrigger old = new ScalingTrigger(IRIS.version(7), Direction.DOWN, 0);
        assertThat(outcome(seldonCore.decide(cluster, old, LATER))).isEqualTo("VERSION_MISMATCH");
    }

    @Test
    void decide_afterAScaleUpWithOnlyAMaximum_waitsForTheNewReplica() {
        Cluster cluster = available(scaling(1, 0, 3), 4, 4);
        ModelScalingDecision first = seldonCore.decide(cluster, trigger(Direction.UP), LATER);
        assertThat(first.describe()).isEqualTo("scale iris:1 from 1 to 2: lag 31 reached the threshold");
        Cluster scaled = InferenceLagPolicy.apply(cluster, first, LATER);
        assertThat(seldonCore.decide(scaled, trigger(Direction.UP), LATER).describe())
            .isEqualTo("hold iris:1: the latest version is not available (version 1 is PROGRESSING)");
    }

    @Test
    void decide_afterAScaleUpWithAMinimum_staysAvailableAndCanStepAgain() {
        Cluster cluster = available(scaling(1, 1, 2), 4, 4);
        Cluster scaled = InferenceLagPolicy.apply(cluster, seldonCore.decide(cluster, trigger(Direction.UP), LATER),
            LATER);
        assertThat(seldonCore.decide(scaled, trigger(Direction.UP), LATER).describe())
            .isEqualTo("hold iris:1: the target exceeds maxReplicas (replicas 2 in [1, 2], wanted 3)");
    }

    private static ScalingTrigger trigger(Direction direction) {
        return new ScalingTrigger(IRIS.version(1), direction, 31);
    }

    private static String outcome(ModelScalingDecision decision) {
        return decision instanceof ModelScalingDecision.Scale scale ? String.valueOf(scale.to())
            : ((ModelScalingDecision.Hold) decision).reason().name();
    }
}
