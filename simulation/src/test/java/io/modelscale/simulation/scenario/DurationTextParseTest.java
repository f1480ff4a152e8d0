package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations as people write them, one or more parts, each worked out by hand in nanoseconds. */
class DurationTextParseTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "500ms,   500000000",
        "20s,     20000000000",
        "1.5m,    90000000000",
        "1h30m,   5400000000000",
        "1m30.5s, 90500000000",
        "1d,      86400000000000",
        "1d12h,   129600000000000",
        "' 5m ',  300000000000",
    })
    void aDurationWritten_isItsNanoseconds(String text, String nanos) {
        assertThat(DurationText.nanos(text, true).map(BigDecimal::longValueExact)).contains(Long.parseLong(nanos));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"1h 30m", "30", "h", "1.5.5s", "-5m", "1w", "5 m", "''"})
    void notADuration_isNone(String text) {
        assertThat(DurationText.nanos(text, true)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1d", "1h1d"})
    void days_whereTheyAreNotAllowed_areNone(String text) {
        assertThat(DurationText.nanos(text, false)).isEmpty();
    }
}
