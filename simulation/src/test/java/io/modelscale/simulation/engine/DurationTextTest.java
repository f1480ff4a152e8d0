package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations in a report's setup lines read as a person writes them, in the largest whole unit. */
class DurationTextTest {

    @Test
    void eachDurationIsWrittenInItsLargestWholeUnit() {
        assertThat(Simulator.describe(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(Simulator.describe(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(Simulator.describe(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(Simulator.describe(Duration.ofSeconds(61))).isEqualTo("61 s");
        assertThat(Simulator.describe(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(Simulator.describe(Duration.ofMillis(1_500))).isEqualTo("1500 ms");
        assertThat(Simulator.describe(Duration.ofMillis(1))).isEqualTo("1 ms");
        assertThat(Simulator.describe(Duration.ZERO)).isEqualTo("0 s");
    }
}
