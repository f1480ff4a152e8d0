package io.modelscale.simulation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class IntervalTest {

    /**
     * 1 … 5: mean 3, sample standard deviation √2.5; Student's t for 4 degrees of freedom at 0.975 is 2.776 (from a
     * printed t table), so the half-width is 2.776 × √2.5 / √5 = 1.963.
     */
    @Test
    void fiveValues_giveTheTextbookInterval() {
        Interval interval = Interval.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        assertThat(interval.mean()).isEqualTo(3.0);
        assertThat(interval.halfWidth()).isCloseTo(1.963, within(0.001));
        assertThat(interval.format()).isEqualTo("3 ± 1.96");
    }

    /** Two values 10 and 12: t for 1 degree of freedom is 12.706, s = √2, half-width 12.706 × √2 / √2. */
    @Test
    void twoValues_useTheWideTailOfOneDegreeOfFreedom() {
        assertThat(Interval.of(List.of(10.0, 12.0)).halfWidth()).isCloseTo(12.706, within(0.001));
    }

    @Test
    void oneValue_hasNoInterval_andEqualValuesHaveAZeroOne() {
        assertThat(Interval.of(List.of(7.5)).format()).isEqualTo("7.50");
        assertThat(Interval.of(List.of(4.0, 4.0, 4.0)).format()).isEqualTo("4 ± 0");
        assertThatThrownBy(() -> Interval.of(List.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Two decimals, except where they would round a value to 0 or 100 that it is not, and n/a for no share. */
    @Test
    void numbers_neverRoundToAWholeNumberTheyAreNot() {
        assertThat(Reports.number(12.345)).isEqualTo("12.35");
        assertThat(Reports.number(100.0)).isEqualTo("100");
        assertThat(Reports.number(100.0 * (4_318_913 - 9) / 4_318_913)).isEqualTo("99.9998");
        assertThat(Reports.number(0.0004)).isEqualTo("0.0004");
        assertThat(Reports.number(10936.0005)).isEqualTo("10936.00");
        assertThat(Reports.number(Double.NaN)).isEqualTo("n/a");
        assertThat(Interval.of(List.of(Double.NaN, Double.NaN)).format()).startsWith("n/a");
    }
}
