package io.modelscale.simulation.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.modelscale.simulation.TestRuns;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way reading Prometheus can fail, against a stand-in server (the JDK's) that answers as told: each gives a
 * problem naming what was asked and what came back, and the command line one line and its exit code.
 */
class PrometheusFaultsTest {

    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private HttpServer stub;
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, "{}", 0));
    private final AtomicReference<Answer> secondsAnswer = new AtomicReference<>(null);
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    private final AtomicReference<String> asked = new AtomicReference<>("");

    private record Answer(int status, String body, long delayMillis, boolean headersFirst) {
        Answer(int status, String body, long delayMillis) {
            this(status, body, delayMillis, false);
        }
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            Answer now = secondsAnswer.get() != null && java.net.URLDecoder.decode(uri, StandardCharsets.UTF_8)
                .contains("seconds") ? secondsAnswer.get() : answer.get();
            asked.set(uri);
            byte[] body = now.body().getBytes(StandardCharsets.UTF_8);
            try {
                if (now.headersFirst()) {
                    exchange.sendResponseHeaders(now.status(), body.length);
                    exchange.getResponseBody().write(body, 0, body.length / 2);
                    exchange.getResponseBody().flush();
                }
                Thread.sleep(now.delayMillis());
                if (!now.headersFirst()) {
                    exchange.sendResponseHeaders(now.status(), body.length);
                }
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body, now.headersFirst() ? body.length / 2 : 0, body.length - (now.headersFirst()
                        ? body.length / 2 : 0));
                }
            } catch (IOException gone) {
                // the client gave up first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stub.setExecutor(threads);
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
        threads.shutdownNow();
    }

    private String url() {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private PrometheusProblem read(Duration timeout) {
        PrometheusApi api = PrometheusApi.of(url(), timeout).get();
        return PrometheusTraffic.read(api, TrafficQuery.of(url(), START, START.plus(Duration.ofMinutes(10)), MINUTE),
            List.of("a")).getLeft();
    }

    @Test
    void anUnreachableServer_isUnreachableWithExitThree() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PrometheusApi api = PrometheusApi.of("http://127.0.0.1:" + closed, Duration.ofSeconds(5)).get();
        PrometheusProblem problem = api.instant("up", START).getLeft();
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.UNREACHABLE);
        assertThat(problem.exitCode()).isEqualTo(3);
        assertThat(problem.message()).startsWith("Prometheus at http://127.0.0.1:" + closed + ", instant query up at "
            + START + ": cannot connect");
        TestRuns.CliResult cli = TestRuns.cli("compare", "--prometheus", "http://127.0.0.1:" + closed, "--end",
            "2026-02-01T01:00:00Z");
        assertThat(cli.code()).isEqualTo(3);
        assertThat(cli.err().lines()).singleElement().asString().startsWith("modelscale: Prometheus at"
            + " http://127.0.0.1:" + closed + ", range query sum by (model, namespace) (increase("
            + "seldon_model_infer_total[1m])) evaluated every 60 s from 2026-02-01T00:01:00Z to"
            + " 2026-02-01T01:00:00Z: cannot connect");
    }

    @Test
    void aServerThatDoesNotAnswerInTime_isATimeout() {
        answer.set(new Answer(200, "{}", 3_000));
        PrometheusProblem problem = read(Duration.ofMillis(300));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.TIMEOUT);
        assertThat(problem.exitCode()).isEqualTo(3);
        assertThat(problem.message()).endsWith(": no answer within 0.3 s");
    }

    /** A server that sends its headers and half its answer, then stalls, times out within the timeout too. */
    @Test
    void aServerThatStallsMidAnswer_isATimeout() {
        answer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", 5_000,
            true));
        long started = System.nanoTime();
        PrometheusProblem problem = read(Duration.ofMillis(500));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.TIMEOUT);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anHttpError_namesTheStatusAndPrometheusError() {
        answer.set(new Answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error\"}",
            0));
        PrometheusProblem problem = read(Duration.ofSeconds(5));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.HTTP);
        assertThat(problem.exitCode()).isEqualTo(2);
        assertThat(problem.message()).endsWith(": HTTP 400, bad_data: 1:5: parse error");
        answer.set(new Answer(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too many\\nlines\"}",
            0));
        assertThat(read(Duration.ofSeconds(5)).message()).endsWith(": HTTP 503, unavailable: too many lines");
        answer.set(new Answer(503, "<html>\n<b>Service   Unavailable</b></html>", 0));
        assertThat(read(Duration.ofSeconds(5)).message()).endsWith(": HTTP 503, '<html> <b>Service Unavailable</b>"
            + "</html>'");
    }

    @Test
    void anAnswerThatIsNotTheApi_isABadResponse() {
        answer.set(new Answer(200, "hello", 0));
        PrometheusProblem problem = read(Duration.ofSeconds(5));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.BAD_RESPONSE);
        assertThat(problem.message()).endsWith("the answer is not the Prometheus API's JSON with status success:"
            + " 'hello'");
        answer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
            + "{\"model\":\"a\"},\"values\":[[1769904060,\"many\"]]}]}}", 0));
        assertThat(read(Duration.ofSeconds(5)).message()).endsWith("a sample value 'many' is not a number");
    }

    @Test
    void noSeries_isNamedWithTheQuery_neverAnEmptyReplay() {
        answer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", 0));
        PrometheusProblem problem = read(Duration.ofSeconds(5));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.NO_SERIES);
        assertThat(problem.message()).contains("sum by (model, namespace) (increase(seldon_model_infer_total[1m])) from"
            + " 2026-02-01T00:01:00Z to 2026-02-01T00:10:00Z matched no series");
        assertThat(asked.get()).startsWith("/api/v1/query_range?end=1769904600&query=sum+by+%28model%2C+namespace%29")
            .contains("&start=1769904060&step=60");
    }

    private static String matrix(String labels, long firstSecond, int points, String value) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < points; i++) {
            values.append(i == 0 ? "" : ",").append("[").append(firstSecond + 60L * i).append(",\"").append(value)
                .append("\"]");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":" + labels
            + ",\"values\":[" + values + "]}]}}";
    }

    /** A snapshot of several namespaces names its models namespace.name: the namespace label matches them. */
    @Test
    void namespacedModels_matchThroughTheNamespaceLabel() {
        answer.set(new Answer(200, matrix("{\"model\":\"a\",\"namespace\":\"prod\"}", 1769904060, 10, "5"), 0));
        PrometheusApi api = PrometheusApi.of(url(), Duration.ofSeconds(5)).get();
        PrometheusTraffic traffic = PrometheusTraffic.read(api, TrafficQuery.of(url(), START,
            START.plus(Duration.ofMinutes(10)), MINUTE), List.of("prod.a", "b")).get();
        assertThat(traffic.counts(0)).containsOnly(5.0);
        assertThat(traffic.meanServiceSeconds()[0]).isEqualTo(1.0);
    }

    /** Series none of whose models the scenario has are an error, never a replay of nothing. */
    @Test
    void seriesOfNoModelOfTheScenario_areBadData() {
        answer.set(new Answer(200, matrix("{\"model\":\"x\"}", 1769904060, 10, "5"), 0));
        PrometheusProblem problem = read(Duration.ofSeconds(5));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.BAD_DATA);
        assertThat(problem.message()).contains("names no model of the scenario (x; the scenario has a)");
    }

    /** A sample a third of a step off the grid is left out, and a warning counts it. */
    @Test
    void samplesOffTheStepGrid_areLeftOutWithAWarning() {
        answer.set(new Answer(200, matrix("{\"model\":\"a\"}", 1769904060 - 20, 10, "5"), 0));
        PrometheusTraffic traffic = PrometheusTraffic.read(PrometheusApi.of(url(), Duration.ofSeconds(5)).get(),
            TrafficQuery.of(url(), START, START.plus(Duration.ofMinutes(10)), MINUTE), List.of("a")).get();
        assertThat(traffic.counts(0)).containsOnly(0.0);
        assertThat(traffic.warnings()).contains("Prometheus: 10 samples were not at the end of a step of the window"
            + " and were left out");
    }

    /** advise: a model with requests but no serving seconds is bad data, not a service time of zero. */
    @Test
    void liveSignalsWithoutServingSeconds_areBadData() {
        answer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{"
            + "\"metric\":{\"model\":\"a\"},\"value\":[1769904600,\"2.5\"]}]}}", 0));
        secondsAnswer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
            + "\"result\":[]}}", 0));
        PrometheusProblem problem = LiveSignals.read(PrometheusApi.of(url(), Duration.ofSeconds(5)).get(),
            TrafficQuery.of(url(), START, START.plus(MINUTE), MINUTE), Duration.ofMinutes(5),
            START.plus(Duration.ofMinutes(10)), List.of("a")).getLeft();
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.BAD_DATA);
        assertThat(problem.message()).contains("model a takes 2.5 requests/s").contains("but no serving time");
    }

    private static String vector(String... modelValues) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < modelValues.length; i += 2) {
            result.append(i == 0 ? "" : ",").append("{\"metric\":").append(modelValues[i])
                .append(",\"value\":[1769904600,\"").append(modelValues[i + 1]).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    /** advise's signals: rates summed per model, the others warned of, and every bad answer named. */
    @Test
    void liveSignals_warnOfOtherAndSilentModels_andRefuseBadAnswers() {
        PrometheusApi api = PrometheusApi.of(url() + "/prom/", Duration.ofSeconds(5)).get();
        TrafficQuery query = TrafficQuery.of(url(), START, START.plus(MINUTE), MINUTE);
        Instant at = START.plus(Duration.ofMinutes(10));
        answer.set(new Answer(200, vector("{\"model\":\"a\",\"namespace\":\"prod\"}", "1.5",
            "{\"model\":\"a\",\"namespace\":\"dev\"}", "0.5", "{\"model\":\"x\"}", "3"), 0));
        LiveSignals live = LiveSignals.read(api, query, Duration.ofMinutes(5), at, List.of("a", "b")).get();
        assertThat(asked.get()).startsWith("/prom/api/v1/query?query=sum+by+%28model%2C+namespace%29+%28rate");
        assertThat(live.rates()).containsExactly(2.0, 0.0);
        assertThat(live.meanServiceSeconds()).containsExactly(1.0, 0.0);
        assertThat(live.warnings()).containsExactly(
            "Prometheus: model a: series of the namespaces dev, prod are added together (a selector such as"
                + " namespace=\"dev\" reads one)",
            "Prometheus: 1 series name models not in the snapshot (x): left out",
            "Prometheus: no series for 1 of the snapshot's 2 models (b): taken as idle");
        answer.set(new Answer(200, vector("{\"model\":\"a\"}", "NaN"), 0));
        assertThat(LiveSignals.read(api, query, Duration.ofMinutes(5), at, List.of("a")).getLeft().message())
            .contains("gave NaN for {model=\"a\"} at " + at + ": expected a rate");
        answer.set(new Answer(200, vector("{\"pod\":\"p\"}", "1"), 0));
        assertThat(LiveSignals.read(api, query, Duration.ofMinutes(5), at, List.of("a")).getLeft().message())
            .contains("has no model label");
        answer.set(new Answer(200, vector(), 0));
        assertThat(LiveSignals.read(api, query, Duration.ofMinutes(5), at, List.of("a")).getLeft().kind())
            .isEqualTo(PrometheusProblem.Kind.NO_SERIES);
        assertThat(LiveSignals.read(api, query, Duration.ofMillis(500), at, List.of("a")).getLeft().message())
            .isEqualTo("rate window 500ms: expected at least 1s");
    }

    @Test
    void aSeriesWithoutTheModelLabel_isBadData() {
        answer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
            + "{\"pod\":\"x\"},\"values\":[[1769904060,\"3\"]]}]}}", 0));
        PrometheusProblem problem = read(Duration.ofSeconds(5));
        assertThat(problem.kind()).isEqualTo(PrometheusProblem.Kind.BAD_DATA);
        assertThat(problem.message()).contains("a series {pod=\"x\"} has no model label");
    }

    @Test
    void badQuerySettings_areRefusedBeforeAnythingIsAsked() {
        assertThat(PrometheusApi.of("ftp://host", Duration.ofSeconds(1)).getLeft().message())
            .isEqualTo("Prometheus URL 'ftp://host': expected the server's http or https address, such as"
                + " http://localhost:9090");
        TrafficQuery query = TrafficQuery.of(url(), START, START.plus(Duration.ofHours(1)), MINUTE);
        assertThat(query.withSelector("{a=\"b\"}").checked().getLeft()).startsWith("selector '{a=\"b\"}': expected"
            + " label matchers without braces");
        assertThat(TrafficQuery.of(url(), START, START, MINUTE).checked().getLeft()).startsWith("end " + START
            + " is not after start");
        assertThat(TrafficQuery.of(url(), START, START.plus(Duration.ofDays(30)), Duration.ofSeconds(1)).checked()
            .getLeft()).contains("into 2592000 steps: expected at most 10999");
        assertThat(TrafficQuery.of(url(), START, START.plus(Duration.ofHours(1)), Duration.ofMinutes(7)).checked()
            .getLeft()).isEqualTo("step 7m does not divide the 1h window: expected a step that does, so that no part"
            + " of the window is left out");
        assertThat(TrafficQuery.duration("1.0005s").getLeft()).isEqualTo("'1.0005s': expected a whole number of"
            + " milliseconds");
        assertThat(PrometheusApi.of("http://user:secret@host:9090", Duration.ofSeconds(1)).getLeft().message())
            .startsWith("Prometheus URL with credentials: the credentials would not be sent");
        assertThat(query.withNames("bad-name", "s", "model").checked().getLeft())
            .isEqualTo("requests metric 'bad-name': expected a Prometheus metric name");
        assertThat(asked.get()).isEmpty();
    }

    @Test
    void aScenarioFilesEntry_namesItsLine_andExitsThreeWhenTheServerIsOutOfReach(@org.junit.jupiter.api.io.TempDir
                                                                                  java.nio.file.Path dir)
        throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String head = String.join("\n", "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:",
            "  name: a", "spec:", "  storageUri: gs://models/a", "  memory: 1Gi", "---",
            "apiVersion: modelscale.io/v1alpha1", "kind: Simulation", "spec:", "  traffic:", "    - prometheus:",
            "        url: http://127.0.0.1:" + closed, "        start: 2026-02-01T00:00:00Z", "");
        java.nio.file.Path missing = dir.resolve("missing.yaml");
        java.nio.file.Files.writeString(missing, head + "        stepp: 1m\n");
        TestRuns.CliResult unknown = TestRuns.cli("simulate", missing.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("missing.yaml:16: Simulation spec.traffic[0].prometheus.stepp: unknown"
            + " field: expected one of url, start, end, step");
        java.nio.file.Path both = dir.resolve("both.yaml");
        java.nio.file.Files.writeString(both, head.replace("    - prometheus:", "    - azure: code\n      prometheus:")
            + "        end: 2026-02-01T01:00:00Z\n");
        TestRuns.CliResult twoSources = TestRuns.cli("simulate", both.toString());
        assertThat(twoSources.code()).isEqualTo(2);
        assertThat(twoSources.err()).contains("both.yaml:13: Simulation spec.traffic[0]: an entry has one source:"
            + " expected azure, file or prometheus");
        java.nio.file.Path withModels = dir.resolve("models.yaml");
        java.nio.file.Files.writeString(withModels, head.replace("    - prometheus:", "    - models: [a]\n"
            + "      prometheus:") + "        end: 2026-02-01T01:00:00Z\n");
        TestRuns.CliResult models = TestRuns.cli("simulate", withModels.toString());
        assertThat(models.code()).isEqualTo(2);
        assertThat(models.err()).contains("Simulation spec.traffic[0].models: does not apply to a prometheus entry");
        java.nio.file.Path badStep = dir.resolve("step.yaml");
        java.nio.file.Files.writeString(badStep, head + "        end: 2026-02-01T01:00:00Z\n        step: 7m\n");
        TestRuns.CliResult step = TestRuns.cli("simulate", badStep.toString());
        assertThat(step.code()).isEqualTo(2);
        assertThat(step.err()).contains("step.yaml:17: Simulation spec.traffic[0].prometheus.step: step 7m does not"
            + " divide the 1h window");
        java.nio.file.Path out = dir.resolve("out.yaml");
        java.nio.file.Files.writeString(out, head + "        end: 2026-02-01T01:00:00Z\n");
        TestRuns.CliResult unreachable = TestRuns.cli("simulate", out.toString());
        assertThat(unreachable.code()).isEqualTo(3);
        assertThat(unreachable.err().lines()).singleElement().asString().startsWith("modelscale: out.yaml:14: Simulation spec.traffic[0].prometheus: Prometheus at http://127.0.0.1:" + closed);
        answer.set(new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{"
            + "\"metric\":{\"model\":\"a\"},\"value\":[1769904600,\"2.5\"]}]}}", 0));
        TestRuns.CliResult advise = TestRuns.cli("advise", "-f", out.toString(), "--prometheus", url(), "--at",
            "2026-02-01T00:10:00Z", "--presets", "consolidating");
        assertThat(advise.code()).as("advise does not read the file's traffic: " + advise.err()).isZero();
        assertThat(advise.out()).startsWith("signals at 2026-02-01T00:10:00Z from " + url());
    }

    @Test
    void theCommandLine_refusesBadPrometheusOptionsWithOneLine() {
        TestRuns.CliResult stray = TestRuns.cli("compare", "--start", "2026-01-01T00:00:00Z");
        assertThat(stray.code()).isEqualTo(2);
        assertThat(stray.err()).isEqualTo("modelscale: --start applies to traffic read from Prometheus: expected"
            + " --prometheus URL too\n");
        TestRuns.CliResult step = TestRuns.cli("compare", "--prometheus", url(), "--step", "0s");
        assertThat(step.code()).isEqualTo(2);
        assertThat(step.err()).isEqualTo("modelscale: --step 0: expected above zero\n");
        TestRuns.CliResult time = TestRuns.cli("compare", "--prometheus", url(), "--end", "yesterday");
        assertThat(time.code()).isEqualTo(2);
        assertThat(time.err()).isEqualTo("modelscale: --end 'yesterday': expected an RFC 3339 time such as"
            + " 2026-12-01T10:00:00Z or seconds since 1970\n");
        TestRuns.CliResult shard = TestRuns.cli("sweep", "--prometheus", url(), "--shard", "0/2", "--out",
            System.getProperty("java.io.tmpdir"));
        assertThat(shard.code()).isEqualTo(2);
        assertThat(shard.err()).isEqualTo("modelscale: --shard with --prometheus needs --end: expected a fixed"
            + " window, so that every shard replays the same requests\n");
        assertThat(asked.get()).isEmpty();
    }
}
