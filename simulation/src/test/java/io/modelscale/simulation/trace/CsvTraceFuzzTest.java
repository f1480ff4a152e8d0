package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes both trace readers ({@link CsvTrace#azure} and {@link CsvTrace#requests}) with arbitrary text.
 *
 * <p>In the default build each runs as a regression test over its committed inputs in
 * {@code CsvTraceFuzzTestInputs/<method>}; with {@code JAZZER_FUZZ=1} (the {@code fuzz} profile) Jazzer mutates them
 * for the set time. A reader must either yield requests that start at zero or later, never go back in time and take
 * no negative service time, or stop with a {@link TraceProblem} naming the file and line; anything else is a finding.
 */
class CsvTraceFuzzTest {

    private static final ServiceTime SERVICE = new ServiceTime(50_000, 20_000);

    @FuzzTest(maxDuration = "5m")
    void azure(byte[] input) {
        drain(CsvTrace::azure, input);
    }

    @FuzzTest(maxDuration = "5m")
    void requests(byte[] input) {
        drain(CsvTraceFuzzTest::requests, input);
    }

    private static CsvTrace requests(BufferedReader reader, String source, int unused, ServiceTime service) {
        return CsvTrace.requests(reader, source, name -> name.equals("iris") ? 0 : name.equals("tfsimple") ? 1 : -1);
    }

    private interface Opener {
        CsvTrace open(BufferedReader reader, String source, int model, ServiceTime service);
    }

    private static void drain(Opener opener, byte[] input) {
        BufferedReader reader = new BufferedReader(new StringReader(new String(input, StandardCharsets.UTF_8)));
        Request request = new Request();
        long last = 0;
        try {
            RequestSource source = opener.open(reader, "fuzz.csv", 0, SERVICE);
            while (source.next(request)) {
                assertThat(request.arrivalMicros).as("arrival").isGreaterThanOrEqualTo(last);
                assertThat(request.serviceMicros).as("service time").isNotNegative();
                assertThat(request.model).as("model").isBetween(0, 1);
                last = request.arrivalMicros;
            }
        } catch (TraceProblem problem) {
            assertThat(problem.getMessage()).startsWith("fuzz.csv line ");
        }
    }
}
