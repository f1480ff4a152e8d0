package io.modelscale.policy.model;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The hand-written number formatting of {@link LoadSizing#describe()} against the JDK's. */
class LoadSizingTest {

    @Test
    void threeSignificantDigits_printAsPercentThreeGDoes() {
        qt().forAll(SourceDSL.doubles().between(-6, 7)).checkAssert(exponent -> {
            double value = Math.pow(10, exponent);
            assertThat(LoadSizing.significant(new StringBuilder(), value, 3, false).toString())
                .as("%s", value).isEqualTo(String.format(Locale.ROOT, "%.3g", value));
        });
    }

    @Test
    void fourSignificantDigitsStripped_printAsBigDecimalRoundsThem() {
        qt().forAll(SourceDSL.doubles().between(-4, 6)).checkAssert(exponent -> {
            double value = Math.pow(10, exponent);
            assertThat(LoadSizing.significant(new StringBuilder(), value, 4, true).toString())
                .as("%s", value).isEqualTo(new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros()
                    .toPlainString());
        });
    }

    @Test
    void badValues_areRefusedWithTheirValues() {
        java.time.Duration second = java.time.Duration.ofSeconds(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadSizing(Double.NaN, 0, second, true, 1, 1, 1,
            1, second, 0.99)).hasMessage("arrivalsPerSecond and erlangs must be finite, zero or more, got NaN and 1.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadSizing(1, 0, second, true, 1, 1, 0, 1,
            second, 0.99)).hasMessageContaining("concurrency must be at least 1, got 0, 1, 1 and 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadSizing(1, 0, second, true, 1, 1, 1, 1,
            second, 1)).hasMessage("attainment must be in (0, 1), got 1.0");
    }

    @Test
    void edges_zeroCarriesAndRoundValues() {
        assertThat(LoadSizing.significant(new StringBuilder(), 0, 3, false)).hasToString("0.00");
        assertThat(LoadSizing.significant(new StringBuilder(), 0, 4, true)).hasToString("0");
        assertThat(LoadSizing.significant(new StringBuilder(), 9.996, 3, false)).hasToString("10.0");
        assertThat(LoadSizing.significant(new StringBuilder(), 0.05, 3, false)).hasToString("0.0500");
        assertThat(LoadSizing.significant(new StringBuilder(), 99.00000000000001, 4, true)).hasToString("99");
        assertThat(LoadSizing.significant(new StringBuilder(), 2.653, 4, true)).hasToString("2.653");
    }
}
