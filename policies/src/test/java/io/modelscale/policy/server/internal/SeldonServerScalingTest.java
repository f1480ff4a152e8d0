package io.modelscale.policy.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.policy.server.PackingChance;
import io.vavr.control.Option;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cases-seldon.md} §6.5: {@code TestSouldScaleUp} and {@code TestShouldScaleDown}. */
class SeldonServerScalingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "scales up to MaxReplicas                                 | 2 | 1  | 3 | 2",
        "scales up to MaxNumReplicaHostedModels                   | 4 | 1  | 3 | 3",
        "should not scale if expected is greater than MaxNum      | 3 | 3  | 2 | none",
        "does not scale up for ExpectedReplicas below 0           | 2 | -1 | 3 | none",
        "does not scale up for missing max replicas               | 0 | 1  | 3 | none",
        "does not scale to zero                                   | 0 | 0  | 0 | none",
    })
    void scaleUp_matchesTestShouldScaleUp(String name, long max, int expected, int maxNum, String result) {
        Option<Long> target = SeldonServerScaling.scaleUp(expected(expected), max, new ServerStats(0, maxNum));
        assertThat(target.map(String::valueOf).getOrElse("none")).isEqualTo(result);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "should scale down - empty replicas          | 2 | 1 | 1 | 0 | 0.0 | 1",
        "should scale down - empty replicas > 1 - 1  | 3 | 1 | 2 | 0 | 0.0 | 1",
        "should scale down - violate min replicas    | 3 | 2 | 2 | 0 | 0.0 | 2",
        "should scale down - empty replicas > 1 - 2  | 3 | 1 | 1 | 0 | 0.0 | 2",
        "should scale down - pack                    | 2 | 1 | 0 | 1 | 1.0 | 1",
    })
    void scaleDown_matchesTestShouldScaleDown(String name, int expected, int min, int empty, int maxNum,
                                              double fraction, String result) {
        Option<Long> target = SeldonServerScaling.scaleDown(expected(expected), min, new ServerStats(empty, maxNum),
            new PackingChance.Fraction(fraction), 0.5);
        assertThat(target.map(String::valueOf).getOrElse("none")).isEqualTo(result);
    }

    @ParameterizedTest(name = "expected {0}, empty {1} -> {2}")
    @CsvSource({"1, 1, none", "-1, 1, none", "2, 0, none", "2, 5, 1"})
    void scaleDown_edgeCases_neverWrapNorActAtOne(int expected, int empty, String result) {
        assertThat(SeldonServerScaling.scaleDown(expected(expected), 0, new ServerStats(empty, 0),
            PackingChance.never(), 0.5).map(String::valueOf).getOrElse("none")).isEqualTo(result);
    }

    @ParameterizedTest(name = "{0} with draw {1} -> {2}")
    @CsvSource({"percent 25, 0.2, true", "percent 25, 0.3, false", "fraction 0.25, 0.8, true",
        "fraction 0.25, 0.7, false", "fraction 1.0, 0.0, false", "percent 100, 0.0, true", "percent 0, 0.0, false"})
    void packingChance_readsTheSettingAsItsPresetDoes(String setting, double draw, boolean tries) {
        String[] parts = setting.split(" ");
        double value = Double.parseDouble(parts[1]);
        PackingChance chance = parts[0].equals("percent") ? new PackingChance.Percentage(value)
            : new PackingChance.Fraction(value);
        assertThat(chance.tries(draw)).isEqualTo(tries);
    }

    private static ExpectedReplicas expected(int count) {
        return count < 0 ? ExpectedReplicas.unknown() : ExpectedReplicas.of(count);
    }
}
