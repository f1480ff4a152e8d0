package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A request's service time from its two phases, worked out by hand, and its seeded variation. */
class ServiceTimeTest {

    /** 61 ms, 23 µs per context token, 30 ms per generated token. */
    private static final ServiceTime PHASES = new ServiceTime(61_000, 23_000, 30_000, 0);

    @Test
    void bothPhasesCount() {
        // 61 ms + 1,500 x 0.023 ms + 13 x 30 ms = 61 + 34.5 + 390 = 485.5 ms
        assertThat(PHASES.micros(1_500, 13)).isEqualTo(485_500);
        // the simple model ignores the context: 50 ms + 13 x 20 ms = 310 ms
        assertThat(new ServiceTime(50_000, 20_000).micros(1_500, 13)).isEqualTo(310_000);
        assertThat(new ServiceTime(50_000, 20_000).simple()).isTrue();
        assertThat(PHASES.simple()).isFalse();
        assertThat(PHASES.describe()).isEqualTo("61 ms + 23.0 µs per context token + 30 ms per generated token");
    }

    @Test
    void anAzureTraceLine_isServedFromItsContextAndGeneratedTokens() {
        RequestSource trace = CsvTrace.azure(new BufferedReader(new StringReader(
            "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.0000000,2000,10\n")), "t.csv", 0, PHASES);
        Request request = new Request();
        assertThat(trace.next(request)).isTrue();
        // 61 + 2,000 x 0.023 + 10 x 30 = 61 + 46 + 300 = 407 ms
        assertThat(request.serviceMicros).isEqualTo(407_000);
    }

    @Test
    void variation_hasMeanOne_andTheSigmaItIsGiven_fromItsSeed() {
        ServiceTime varied = new ServiceTime(100_000, 0, 0, 0.5);
        SplittableRandom random = new SplittableRandom(11);
        int draws = 200_000;
        double sum = 0;
        double sumLog = 0;
        double sumLogSquares = 0;
        for (int i = 0; i < draws; i++) {
            double factor = varied.micros(0, 0, random) / 100_000.0;
            sum += factor;
            sumLog += Math.log(factor);
            sumLogSquares += Math.log(factor) * Math.log(factor);
        }
        assertThat(sum / draws).isCloseTo(1.0, within(0.01));
        double meanLog = sumLog / draws;
        assertThat(Math.sqrt(sumLogSquares / draws - meanLog * meanLog)).isCloseTo(0.5, within(0.01));
        assertThat(varied.micros(0, 0, new SplittableRandom(3))).isEqualTo(varied.micros(0, 0, new SplittableRandom(3)));
    }

    @Test
    void withoutVariation_nothingIsDrawn() {
        SplittableRandom used = new SplittableRandom(5);
        PHASES.micros(10, 10, used);
        assertThat(used.nextLong()).isEqualTo(new SplittableRandom(5).nextLong());
    }

    @Test
    void badValues_areRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceTime(-1, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceTime(0, -1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceTime(0, 0, 0, 2.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceTime(0, 0, 0, Double.NaN));
    }
}
