package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The one reading of a written duration that the scenario files, the sweep grid and Prometheus settings share. */
class WrittenDurationTest {

    @Test
    void aNumberAndAUnit_readAsExactNanoseconds() {
        assertThat(DurationText.nanos("500ms", false)).contains(new BigDecimal("500000000"));
        assertThat(DurationText.nanos("20s", false)).contains(new BigDecimal("20000000000"));
        assertThat(DurationText.nanos(" 1.5m ", false)).contains(new BigDecimal("90000000000.0"));
        assertThat(DurationText.nanos("2h", false)).contains(new BigDecimal("7200000000000"));
        assertThat(DurationText.nanos("1d", true)).contains(new BigDecimal("86400000000000"));
        assertThat(DurationText.nanos("0.0000001ms", false).get().compareTo(new BigDecimal("0.1"))).isZero();
    }

    @Test
    void daysOnlyWhereAllowed_andAnythingElseIsNotADuration() {
        assertThat(DurationText.nanos("1d", false)).isEmpty();
        for (String bad : new String[] {"", "5", "m", "-5s", "5 s", "5S", "1e3s", "5min", "1.s", ".5s", "5sec"}) {
            assertThat(DurationText.nanos(bad, true)).as(bad).isEmpty();
        }
    }
}
