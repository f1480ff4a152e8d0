package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTraceTest {

    private static final ServiceTime SERVICE = new ServiceTime(50_000, 20_000);

    @Test
    void azure_shippedConversationTrace_readsEveryRequestInOrder() {
        RequestSource source = Traces.Azure.CONVERSATION.open(3, SERVICE);
        Request request = new Request();
        int count = 0;
        long last = -1;
        while (source.next(request)) {
            assertThat(request.arrivalMicros).isGreaterThanOrEqualTo(last);
            assertThat(request.model).isEqualTo(3);
            last = request.arrivalMicros;
            count++;
        }
        assertThat(count).isEqualTo(19_366);
        assertThat(last / 1_000_000).isBetween(3_400L, 3_510L);
    }

    @Test
    void azure_firstRequest_startsAtZeroWithItsTokensServiceTime() {
        RequestSource source = azure("TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n");
        Request request = new Request();
        assertThat(source.next(request)).isTrue();
        assertThat(request.arrivalMicros).isZero();
        assertThat(request.serviceMicros).isEqualTo(50_000 + 44 * 20_000);
        assertThat(source.next(request)).isTrue();
        assertThat(request.arrivalMicros).isEqualTo(4_314_579);
        assertThat(source.next(request)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wrong header    | time,tokens                                              | trace.csv line 1: expected the header 'TIMESTAMP,ContextTokens,GeneratedTokens', got 'time,tokens'",
        "bad timestamp   | TIMESTAMP,ContextTokens,GeneratedTokens\\n16/11/2023,1,2 | trace.csv line 2: TIMESTAMP '16/11/2023' is not a time like 2023-11-16 18:15:46.6805900",
        "no such day     | TIMESTAMP,ContextTokens,GeneratedTokens\\n2023-02-30 18:15:46,1,2 | trace.csv line 2: TIMESTAMP '2023-02-30 18:15:46' is not a time like 2023-11-16 18:15:46.6805900",
        "missing field   | TIMESTAMP,ContextTokens,GeneratedTokens\\n2023-11-16 18:15:46,1 | trace.csv line 2: expected 3 comma-separated fields (TIMESTAMP,ContextTokens,GeneratedTokens), got 2 in '2023-11-16 18:15:46,1'",
        "negative tokens | TIMESTAMP,ContextTokens,GeneratedTokens\\n2023-11-16 18:15:46,1,-4 | trace.csv line 2: GeneratedTokens -4 must not be negative",
        "tokens not int  | TIMESTAMP,ContextTokens,GeneratedTokens\\n2023-11-16 18:15:46,x,4 | trace.csv line 2: ContextTokens 'x' is not a whole number",
        "time goes back  | TIMESTAMP,ContextTokens,GeneratedTokens\\n2023-11-16 18:15:46,1,4\\n2023-11-16 18:15:40,1,4 | trace.csv line 3: arrivals must not go back in time: 2023-11-16 18:15:40 comes after a later one",
        "empty file      | ''                                                      | trace.csv line 1: expected the header 'TIMESTAMP,ContextTokens,GeneratedTokens', got an empty file",
        "huge tokens     | TIMESTAMP,ContextTokens,GeneratedTokens\\n2023-11-16 18:15:46,1,133333333333333616 | trace.csv line 2: ContextTokens 1 and GeneratedTokens 133333333333333616 give a service time of more than 10^12 seconds",
        "far timestamp   | TIMESTAMP,ContextTokens,GeneratedTokens\\n+999999999-01-01 00:00:00,1,4 | trace.csv line 2: TIMESTAMP '+999999999-01-01 00:00:00' is more than 10^12 seconds from 1970",
        "far apart       | TIMESTAMP,ContextTokens,GeneratedTokens\\n0001-01-01 00:00:00,1,4\\n+33000-01-01 00:00:00,1,4 | trace.csv line 3: TIMESTAMP '+33000-01-01 00:00:00' is more than 10^12 seconds after the first request",
    })
    void azure_malformed_namesTheLineAndTheValue(String name, String text, String message) {
        assertThatThrownBy(() -> drain(azure(text.replace("\\n", "\n").replace("''", ""))))
            .isInstanceOf(TraceProblem.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown model    | arrival_seconds,model,service_seconds\\n0.5,ghost,1 | requests.csv line 2: model 'ghost' is not in the scenario",
        "negative service | arrival_seconds,model,service_seconds\\n0.5,iris,-1 | requests.csv line 2: service_seconds -1 must be a finite number of seconds, zero or more",
        "not a number     | arrival_seconds,model,service_seconds\\nsoon,iris,1 | requests.csv line 2: arrival_seconds 'soon' is not a number of seconds",
        "a Java suffix    | arrival_seconds,model,service_seconds\\n1d,iris,1 | requests.csv line 2: arrival_seconds '1d' is not a number of seconds",
        "a float suffix   | arrival_seconds,model,service_seconds\\n1,iris,1f | requests.csv line 2: service_seconds '1f' is not a number of seconds",
        "too long service | arrival_seconds,model,service_seconds\\n0.5,iris,1e300 | requests.csv line 2: service_seconds 1e300 is more than 10^12 seconds",
    })
    void requests_malformed_namesTheLineAndTheValue(String name, String text, String message) {
        RequestSource source = CsvTrace.requests(new BufferedReader(new StringReader(text.replace("\\n", "\n"))),
            "requests.csv", model -> model.equals("iris") ? 0 : -1);
        assertThatThrownBy(() -> drain(source)).isInstanceOf(TraceProblem.class).hasMessage(message);
    }

    @Test
    void requests_wellFormed_readsSecondsAsMicros() {
        RequestSource source = CsvTrace.requests(new BufferedReader(new StringReader(
            "arrival_seconds,model,service_seconds\n0.5,iris,0.25\n\n2,iris,1\n")), "requests.csv", m -> 0);
        Request request = new Request();
        assertThat(source.next(request)).isTrue();
        assertThat(request.arrivalMicros).isEqualTo(500_000);
        assertThat(request.serviceMicros).isEqualTo(250_000);
        assertThat(source.next(request)).isTrue();
        assertThat(request.arrivalMicros).isEqualTo(2_000_000);
        assertThat(source.next(request)).isFalse();
    }

    @Test
    void synthetic_sameSeed_sameRequests() {
        assertThat(collect(Traces.poisson(Traces.diurnal(5, 0.5, 600), 10, 300, 0, 0.2, 9)))
            .isEqualTo(collect(Traces.poisson(Traces.diurnal(5, 0.5, 600), 10, 300, 0, 0.2, 9)))
            .isNotEqualTo(collect(Traces.poisson(Traces.diurnal(5, 0.5, 600), 10, 300, 0, 0.2, 10)));
    }

    @Test
    void zipfSplit_firstModelIsTheMostPopular() {
        int[] counts = new int[5];
        RequestSource source = Traces.zipfSplit(Traces.poisson(Traces.constant(20), 20, 500, 0, 0.1, 1), 0, 5, 1.1, 2);
        Request request = new Request();
        while (source.next(request)) {
            counts[request.model]++;
        }
        assertThat(counts[0]).isGreaterThan(counts[1]);
        assertThat(counts[1]).isGreaterThan(counts[4]);
    }

    private static java.util.List<Long> collect(RequestSource source) {
        java.util.List<Long> arrivals = new java.util.ArrayList<>();
        Request request = new Request();
        while (source.next(request)) {
            arrivals.add(request.arrivalMicros);
        }
        return arrivals;
    }

    /** RFC 4180 as a spreadsheet writes it: a byte-order mark before the header, quoted fields, CRLF lines. */
    @Test
    void requests_asASpreadsheetSavesThem_areRead() {
        RequestSource source = CsvTrace.requests(new BufferedReader(new StringReader("\uFEFFarrival_seconds,model,"
            + "service_seconds\r\n0.5,\"iris\",0.1\r\n\"1.5\",\"ir,is\",\"0.2\"\r\n")), "sheet.csv",
            name -> name.equals("iris") ? 0 : name.equals("ir,is") ? 1 : -1);
        Request request = new Request();
        assertThat(source.next(request)).isTrue();
        assertThat(request.model).isZero();
        assertThat(request.arrivalMicros).isEqualTo(500_000);
        assertThat(source.next(request)).isTrue();
        assertThat(request.model).isEqualTo(1);
        assertThat(request.serviceMicros).isEqualTo(200_000);
        assertThat(source.next(request)).isFalse();
    }

    @Test
    void anUnclosedQuote_isNamedWithItsLine() {
        RequestSource source = CsvTrace.requests(new BufferedReader(new StringReader("arrival_seconds,model,"
            + "service_seconds\n0.5,iris,0.1\n0.7,\"iris,0.1\n")), "open.csv", name -> 0);
        Request request = new Request();
        assertThat(source.next(request)).isTrue();
        assertThatThrownBy(() -> source.next(request)).isInstanceOf(TraceProblem.class)
            .hasMessageStartingWith("open.csv line 3: not valid CSV");
    }

    private static RequestSource azure(String text) {
        return CsvTrace.azure(new BufferedReader(new StringReader(text)), "trace.csv", 0, SERVICE);
    }

    private static int drain(RequestSource source) {
        Request request = new Request();
        int count = 0;
        while (source.next(request)) {
            count++;
        }
        return count;
    }

    @Test
    void requests_notUtf8_isNamed_notThrownAsAnIoError() {
        byte[] latin1 = "arrival_seconds,model,service_seconds\n1,iris,0.5\n2,ir\u00e9s,0.5\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.charset.CharsetDecoder strict = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
            new java.io.ByteArrayInputStream(latin1), strict));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> readAll(CsvTrace.requests(reader, "latin.csv",
                name -> 0)))
            .isInstanceOf(TraceProblem.class)
            .hasMessage("latin.csv: not UTF-8 text: expected a CSV file in UTF-8");
    }

    /**
     * Read through a {@link StrictUtf8Reader}, a byte that is not UTF-8 is named with its line, offset and value: the
     * header is line 1, "1,iris,0.5" line 2, and 0xE9 is at offset 38 + 11 + 4 = 53 on line 3.
     */
    @Test
    void requests_notUtf8_throughTheStrictReader_namesItsLineAndByte() {
        byte[] latin1 = "arrival_seconds,model,service_seconds\n1,iris,0.5\n2,ir\u00e9s,0.5\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.io.BufferedReader reader = new java.io.BufferedReader(new StrictUtf8Reader(
            new java.io.ByteArrayInputStream(latin1)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> readAll(CsvTrace.requests(reader, "latin.csv",
                name -> 0)))
            .isInstanceOf(TraceProblem.class)
            .hasMessage("latin.csv line 3: not UTF-8 text: byte 0xE9 at offset 53 does not start a UTF-8 character:"
                + " expected a CSV file in UTF-8");
    }

    /**
     * A byte that is not UTF-8 far into a file (line 2,503, beyond the first 8 KB a reader decodes at once) is named
     * at its own line, after every request before it was read.
     */
    @Test
    void requests_notUtf8FarIntoTheFile_namesItsLine() {
        StringBuilder text = new StringBuilder("arrival_seconds,model,service_seconds\n");
        for (int i = 0; i < 2_501; i++) {
            text.append(i).append(",iris,0.5\n");
        }
        text.append("2501,ir\u00e9s,0.5\n2502,iris,0.5\n");
        byte[] latin1 = text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.io.BufferedReader reader = new java.io.BufferedReader(new StrictUtf8Reader(
            new java.io.ByteArrayInputStream(latin1)));
        RequestSource source = CsvTrace.requests(reader, "far.csv", name -> 0);
        Request request = new Request();
        int read = 0;
        TraceProblem problem = null;
        try {
            while (source.next(request)) {
                read++;
            }
        } catch (TraceProblem e) {
            problem = e;
        }
        assertThat(problem).isNotNull();
        assertThat(problem.getMessage()).startsWith("far.csv line 2503: not UTF-8 text: byte 0xE9");
        assertThat(read).as("requests read before it").isEqualTo(2_501);
    }

    private static void readAll(RequestSource source) {
        Request request = new Request();
        while (source.next(request)) {
            assertThat(request.model).isZero();
        }
    }
}
