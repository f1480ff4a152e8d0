package io.modelscale.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.Problem;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import io.vavr.control.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cases-seldon.md} §6.9 ({@code TestGetValidatedScalingSpec}) and §6.6 ({@code TestAutoscalingEnabled}). */
class ScalingSpecTest {

    @ParameterizedTest(name = "replicas {0}, min {1}, max {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "2 | 1 |     | 2, 1, 3",
        "0 | 0 | 4   | 0, 0, 4",
    })
    void validate_validSpec_keepsTheCounts(int replicas, int min, Integer max, String unused) {
        ScalingSpec spec = ScalingSpec.validate(Option.some(replicas), Option.some(min), Option.of(max)).get();
        assertThat(spec.replicas()).isEqualTo(replicas);
        assertThat(spec.minReplicas()).isEqualTo(min);
    }

    @Test
    void validate_twoOneThree_isTwoOneThree() {
        assertThat(ScalingSpec.validate(2, 1, 3).get())
            .isEqualTo(new ScalingSpec(2, 1, MaxReplicas.of(3)));
    }

    @Test
    void validate_zeroZeroFour_isZeroZeroFour() {
        assertThat(ScalingSpec.validate(0, 0, 4).get())
            .isEqualTo(new ScalingSpec(0, 0, MaxReplicas.of(4)));
    }

    @ParameterizedTest(name = "replicas {0}, min {1}, max {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "1 | 2 | 4 | scaling spec is invalid: number of replicas 1 must be >= min replicas 2",
        "5 | 1 | 4 | scaling spec is invalid: number of replicas 5 must be <= max replicas 4",
        "0 | 1 |   | scaling spec is invalid: number of replicas 0 must be >= min replicas 1",
        "6 | 6 | 4 | scaling spec is invalid: min number of replicas 6 must be <= max number of replicas 4",
    })
    void validate_invalidSpec_givesSeldonsMessage(int replicas, int min, Integer max, String message) {
        Validation<Seq<Problem>, ScalingSpec> result =
            ScalingSpec.validate(Option.some(replicas), Option.some(min), Option.of(max));
        assertThat(result.isInvalid()).isTrue();
        assertThat(result.getError().map(Problem::message)).containsExactly(message);
    }

    @Test
    void validate_nothingSet_isOneReplicaWithoutAutoscaling() {
        ScalingSpec spec = ScalingSpec.validate(Option.none(), Option.none(), Option.none()).get();
        assertThat(spec).isEqualTo(new ScalingSpec(1, 0, MaxReplicas.unbounded()));
        assertThat(spec.autoscalingEnabled()).isFalse();
    }

    @Test
    void validate_onlyMinSet_startsAtTheMinimum() {
        assertThat(ScalingSpec.validate(Option.none(), Option.some(3), Option.none()).get())
            .isEqualTo(new ScalingSpec(3, 3, MaxReplicas.unbounded()));
    }

    @Test
    void validate_maxZero_isUnbounded() {
        ScalingSpec spec = ScalingSpec.validate(Option.some(7), Option.none(), Option.some(0)).get();
        assertThat(spec.maxReplicas()).isEqualTo(MaxReplicas.unbounded());
        assertThat(spec.maxReplicas().admits(Integer.MAX_VALUE)).isTrue();
    }

    @Test
    void validate_modelExampleOfSeed001_isOneReplicaFromOneUpwards() {
        ScalingSpec spec = ScalingSpec.validate(Option.some(1), Option.some(1), Option.none()).get();
        assertThat(spec).isEqualTo(new ScalingSpec(1, 1, MaxReplicas.unbounded()));
        assertThat(spec.autoscalingEnabled()).isTrue();
    }

    @ParameterizedTest(name = "AutoscalingEnabled({0}, {1}) = {2}")
    @CsvSource({"1, 0, true", "0, 3, true", "0, 0, false"})
    void autoscalingEnabled_minOrMaxSet_isEnabled(int min, int max, boolean enabled) {
        ScalingSpec spec = ScalingSpec.validate(Option.none(), Option.some(min), Option.some(max)).get();
        assertThat(spec.autoscalingEnabled()).isEqualTo(enabled);
    }

    @Test
    void autoscalingFloor_minZero_isOne() {
        ScalingSpec spec = new ScalingSpec(2, 0, MaxReplicas.of(3));
        assertThat(spec.autoscalingFloor()).isEqualTo(1);
        assertThat(spec.admitsAutoscaledCount(0)).isFalse();
        assertThat(spec.admitsAutoscaledCount(3)).isTrue();
        assertThat(spec.admitsAutoscaledCount(4)).isFalse();
    }

    @Test
    void withReplicas_outOfRange_isReportedByProblems() {
        ScalingSpec spec = new ScalingSpec(2, 1, MaxReplicas.of(3)).withReplicas(5);
        assertThat(spec.isValid()).isFalse();
        assertThat(spec.problems().map(Problem::message))
            .containsExactly("scaling spec is invalid: number of replicas 5 must be <= max replicas 3");
    }
}
