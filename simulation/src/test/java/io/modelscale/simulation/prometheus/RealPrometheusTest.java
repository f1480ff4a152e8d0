package io.modelscale.simulation.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.simulation.TestRuns;
import io.modelscale.simulation.engine.DefaultScenario;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading traffic from a real Prometheus server holding series this test wrote: the built-in scenario's hour of the
 * Azure traces in Seldon's metric shape, and hand-made series (several replicas and codes, a counter reset, a gap,
 * a NaN). Skipped, saying how to install it, when no {@code prometheus} binary is found.
 */
class RealPrometheusTest {

    private static final Instant TRACE_START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant HAND_START = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    static Path work;
    private static PrometheusServer server;
    private static PrometheusApi api;

    @BeforeAll
    static void start() throws Exception {
        if (!PrometheusServer.installed()) {
            System.err.println("RealPrometheusTest is skipped: " + PrometheusServer.MISSING);
            return;
        }
        Path data = Files.createDirectories(work.resolve("data"));
        Scenario scenario = DefaultScenario.scenario();
        StringWriter trace = new StringWriter();
        SeldonMetrics.write(scenario.traffic().apply(DefaultScenario.SEED), names(scenario),
            names(scenario).map(n -> "mlserver"), TRACE_START, Duration.ofHours(1), Duration.ofSeconds(15), trace);
        PrometheusServer.load(trace.toString(), data, work);
        PrometheusServer.load(handSeries(), data, work);
        server = PrometheusServer.start(data, work);
        api = PrometheusApi.of(server.url(), Duration.ofSeconds(30)).get();
    }

    @BeforeEach
    void needsTheServer() {
        Assumptions.assumeTrue(server != null, PrometheusServer.MISSING);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Each model's requests per minute as Prometheus counts them equal the trace's own count of arrivals in that
     * minute (within half a request: samples every 15 s on the minute leave {@code increase} nothing to
     * extrapolate), and each model's mean service time equals the trace's. The replayed arrivals per minute, all
     * models together, lie within 4 standard deviations (plus 3) of the trace's count in every minute, and within 4
     * over the hour: a Poisson process following the counted rate.
     */
    @Test
    void anHourOfTheAzureTraces_replaysMinuteByMinute() {
        Scenario scenario = DefaultScenario.scenario();
        Seq<String> models = names(scenario);
        PrometheusTraffic traffic = PrometheusTraffic.read(api, TrafficQuery.of(server.url(), TRACE_START,
            TRACE_START.plus(Duration.ofHours(1)), MINUTE), models).get();
        long[][] expected = new long[models.size()][60];
        double[] serviceMicros = new double[models.size()];
        long[] total = new long[models.size()];
        RequestSource source = scenario.traffic().apply(DefaultScenario.SEED);
        Request request = new Request();
        while (source.next(request) && request.arrivalMicros < 3_600_000_000L) {
            expected[request.model][(int) (request.arrivalMicros / 60_000_000L)]++;
            serviceMicros[request.model] += request.serviceMicros;
            total[request.model]++;
        }
        assertThat(traffic.warnings()).isEmpty();
        long all = 0;
        for (int m = 0; m < models.size(); m++) {
            double[] counted = traffic.counts(m);
            for (int minute = 0; minute < 60; minute++) {
                assertThat(counted[minute]).as("model %s minute %d", models.get(m), minute)
                    .isCloseTo(expected[m][minute], org.assertj.core.data.Offset.offset(0.5));
            }
            assertThat(traffic.meanServiceSeconds()[m]).as("mean service of %s", models.get(m))
                .isCloseTo(serviceMicros[m] / total[m] / 1e6, org.assertj.core.data.Percentage.withPercentage(1e-6));
            all += total[m];
        }
        assertThat(all).isGreaterThan(20_000);
        long[] replayed = new long[60];
        RequestSource replay = traffic.open(7);
        long count = 0;
        while (replay.next(request)) {
            replayed[(int) (request.arrivalMicros / 60_000_000L)]++;
            count++;
        }
        for (int minute = 0; minute < 60; minute++) {
            long trace = 0;
            for (int m = 0; m < models.size(); m++) {
                trace += expected[m][minute];
            }
            assertThat((double) replayed[minute]).as("minute %d", minute)
                .isCloseTo(trace, org.assertj.core.data.Offset.offset(4 * Math.sqrt(trace) + 3));
        }
        assertThat((double) count).isCloseTo(all, org.assertj.core.data.Offset.offset(4 * Math.sqrt(all)));
    }

    /**
     * Model a is served by two replicas and answers some requests with code 500: its 16 requests a minute are the
     * sum over them. Model b's counter resets at minute 5 (its pod restarted): increase still counts 16 in that
     * minute, as rate() does. Model c has no samples from minute 3 to 6: those minutes replay as no requests, and a
     * warning says so.
     */
    @Test
    void replicasAndCodesSum_resetsCount_gapsAreNamed() {
        PrometheusTraffic traffic = PrometheusTraffic.read(api, TrafficQuery.of(server.url(), HAND_START,
            HAND_START.plus(Duration.ofMinutes(10)), MINUTE).withNames("hand_requests_total", "hand_seconds_total",
            "model"), List.of("a", "b", "c", "quiet")).get();
        assertThat(traffic.counts(0)).containsOnly(16.0);
        assertThat(traffic.meanServiceSeconds()[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(traffic.counts(1)).containsOnly(16.0);
        double[] gap = traffic.counts(2);
        assertThat(gap[0]).isEqualTo(16.0);
        assertThat(gap[4]).isZero();
        assertThat(traffic.warnings()).anySatisfy(w -> assertThat(w).startsWith("Prometheus: model c: ")
            .contains(" of 10 steps have no sample").contains("replay as no requests"));
        assertThat(traffic.warnings()).anySatisfy(w -> assertThat(w).contains("no series for 1 of the scenario's 4"
            + " models (quiet)"));
    }

    /**
     * A NaN sample on a step's boundary makes that step's increase NaN (one inside a step Prometheus's increase
     * passes over): bad data, naming the series and the time.
     */
    @Test
    void aNaNSample_isBadDataNamingTheSeriesAndTime() {
        Either<PrometheusProblem, PrometheusTraffic> read = PrometheusTraffic.read(api, TrafficQuery.of(server.url(),
            HAND_START, HAND_START.plus(Duration.ofMinutes(10)), MINUTE).withNames("nan_requests_total",
            "nan_seconds_total", "model"), List.of("d"));
        assertThat(read.getLeft().kind()).isEqualTo(PrometheusProblem.Kind.BAD_DATA);
        assertThat(read.getLeft().message()).contains("gave NaN for {model=\"d\"} at 2026-02-01T00:02:00Z")
            .contains("expected a count");
    }

    @Test
    void aSelectorThatMatchesNothing_andAnUnknownMetric_areNoSeries() {
        TrafficQuery query = TrafficQuery.of(server.url(), HAND_START, HAND_START.plus(Duration.ofMinutes(10)), MINUTE)
            .withNames("hand_requests_total", "hand_seconds_total", "model");
        PrometheusProblem nothing = PrometheusTraffic.read(api, query.withSelector("namespace=\"nowhere\""),
            List.of("a")).getLeft();
        assertThat(nothing.kind()).isEqualTo(PrometheusProblem.Kind.NO_SERIES);
        assertThat(nothing.message()).contains("hand_requests_total{namespace=\"nowhere\"}")
            .contains("matched no series").contains("matching namespace=\"nowhere\"");
        PrometheusProblem unknown = PrometheusTraffic.read(api, query.withNames("no_such_total", "hand_seconds_total",
            "model"), List.of("a")).getLeft();
        assertThat(unknown.kind()).isEqualTo(PrometheusProblem.Kind.NO_SERIES);
        assertThat(unknown.exitCode()).isEqualTo(2);
    }

    /** The README's command: the built-in comparison over the hour read back from Prometheus. */
    @Test
    void compareFromPrometheus_namesTheSourceWindowAndStep() {
        TestRuns.CliResult result = TestRuns.cli("compare", "--presets", "seldonCore", "--prometheus", server.url(),
            "--start", "2026-01-01T00:00:00Z", "--end", "2026-01-01T01:00:00Z", "--step", "1m");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow()).isEqualTo("traffic: Prometheus at " + server.url()
            + ": sum by (model, namespace) (increase(seldon_model_infer_total[1m])) and seldon_model_infer_seconds_total"
            + " from 2026-01-01T00:00:00Z to 2026-01-01T01:00:00Z every 1m; 28185 requests counted over 8 models");
        assertThat(result.out()).contains("SLO attainment");
        TestRuns.CliResult none = TestRuns.cli("compare", "--presets", "seldonCore", "--prometheus", server.url(),
            "--start", "2026-01-01T00:00:00Z", "--end", "2026-01-01T01:00:00Z", "--selector", "namespace=\"none\"");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().lines()).singleElement().asString().startsWith("modelscale: Prometheus at ")
            .contains("matched no series");
    }

    /**
     * A snapshot with model hot on one replica, which Prometheus says takes 10 requests a second of 1 s each: the
     * consolidating preset's SLO-aware policy proposes more replicas for it, with the offered load as its reason, in
     * words and in JSON; the quiet model a keeps its replica.
     */
    @Test
    void advise_proposesTheScaleUpTheRateCallsFor() throws Exception {
        Path snapshot = work.resolve("snapshot.yaml");
        Files.writeString(snapshot, String.join("\n",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Server", "metadata:", "  name: mlserver", "spec:",
            "  replicas: 2", "  minReplicas: 1", "  maxReplicas: 8", "  serverConfig: mlserver", "---",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:", "  name: hot", "spec:",
            "  storageUri: gs://models/hot", "  requirements: [sklearn]", "  memory: 100Mi", "  replicas: 1",
            "  minReplicas: 1", "  maxReplicas: 8", "---",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:", "  name: a", "spec:",
            "  storageUri: gs://models/a", "  requirements: [sklearn]", "  memory: 100Mi", "  replicas: 1",
            "  minReplicas: 1", "  maxReplicas: 8", ""));
        String[] common = {"advise", "-f", snapshot.toString(), "--prometheus", server.url(), "--at",
            "2026-02-01T00:08:00Z", "--window", "5m", "--requests-metric", "hand_requests_total", "--seconds-metric",
            "hand_seconds_total", "--presets", "consolidating,seldonCore"};
        TestRuns.CliResult text = TestRuns.cli(common);
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("  hot  10 requests/s, mean service 1 s, about 10 outstanding")
            .containsPattern("scale hot:1 from 1 to [2-8]: 10\\.0/s .*x 1 s service");
        String[] json = java.util.Arrays.copyOf(common, common.length + 2);
        json[common.length] = "--output";
        json[common.length + 1] = "json";
        TestRuns.CliResult machine = TestRuns.cli(json);
        assertThat(machine.code()).as(machine.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(machine.out());
        com.fasterxml.jackson.databind.JsonNode consolidating = root.path("presets").get(0);
        assertThat(consolidating.path("preset").asText()).isEqualTo("consolidating");
        com.fasterxml.jackson.databind.JsonNode hot = null;
        for (com.fasterxml.jackson.databind.JsonNode decision : consolidating.path("decisions")) {
            if (decision.path("kind").asText().equals("model") && decision.path("subject").asText().equals("hot")) {
                hot = decision;
            }
        }
        assertThat(hot).as(machine.out()).isNotNull();
        assertThat(hot.path("from").asInt()).isEqualTo(1);
        assertThat(hot.path("to").asInt()).isGreaterThan(1);
        assertThat(hot.path("reason").asText()).isEqualTo("OfferedLoad");
        assertThat(root.path("signals").get(0).path("requestsPerSecond").asDouble()).isEqualTo(10.0);
    }

    /**
     * The root README's {@code advise} example, run as written against this Prometheus (the built-in hour as Seldon's
     * counters, as the README loads it), prints exactly the output the README shows.
     */
    @Test
    void readmesAdviseExample_printsWhatTheReadmeShows() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("java -jar simulation/target/modelscale.jar advise -f docs/examples/cluster-snapshot.yaml");
        assertThat(at).as("the README's advise example").isNotNegative();
        String command = readme.substring(at, readme.indexOf("\n```", at)).replace("\\\n", " ");
        int shownFrom = readme.indexOf("```text\n", at) + "```text\n".length();
        String shown = readme.substring(shownFrom, readme.indexOf("```", shownFrom));
        String[] args = java.util.Arrays.stream(command.substring(command.indexOf("advise")).trim().split("\\s+"))
            .map(arg -> arg.replace("http://127.0.0.1:9090", server.url())
                .replace("docs/examples/", Path.of("..", "docs", "examples").toString() + "/"))
            .toArray(String[]::new);
        TestRuns.CliResult result = TestRuns.cli(args);
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(shown.replace("http://127.0.0.1:9090", server.url()));
    }

    /** A scenario file's prometheus traffic entry replays the same window, and warns of the models it leaves out. */
    @Test
    void aScenarioFilesPrometheusEntry_replaysItsWindow() throws Exception {
        Path file = work.resolve("replay.yaml");
        Files.writeString(file, String.join("\n",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Server", "metadata:", "  name: mlserver", "spec:",
            "  replicas: 2", "  minReplicas: 1", "  maxReplicas: 8", "  serverConfig: mlserver", "---",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:", "  name: chat-0", "spec:",
            "  storageUri: gs://models/chat-0", "  requirements: [sklearn]", "  memory: 2Gi", "  minReplicas: 1",
            "  maxReplicas: 8", "---",
            "apiVersion: modelscale.io/v1alpha1", "kind: Simulation", "spec:", "  duration: 1h", "  traffic:",
            "    - prometheus:", "        url: " + server.url(), "        start: 2026-01-01T00:00:00Z",
            "        end: 2026-01-01T01:00:00Z", "        step: 1m", ""));
        TestRuns.CliResult result = TestRuns.cli("simulate", file.toString(), "--preset", "seldonCore");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("modelscale: warning: replay.yaml:28: Simulation spec.traffic[0]"
            + ".prometheus: Prometheus: 7 series name models not in the scenario (chat-1, ");
        PrometheusTraffic expected = PrometheusTraffic.read(api, TrafficQuery.of(server.url(), TRACE_START,
            TRACE_START.plus(Duration.ofHours(1)), MINUTE), List.of("chat-0")).get();
        assertThat(result.out()).containsPattern("requests +" + count(expected.open(42)) + " +requests");
    }

    private static long count(RequestSource source) {
        Request request = new Request();
        long count = 0;
        while (source.next(request)) {
            count++;
        }
        return count;
    }

    private static Seq<String> names(Scenario scenario) {
        return scenario.models().map(m -> m.name().value());
    }

    /** Ten minutes of hand-made series, a sample every 15 s from {@link #HAND_START}. */
    private static String handSeries() {
        StringBuilder text = new StringBuilder("# TYPE hand_requests counter\n");
        long t0 = HAND_START.getEpochSecond();
        for (int i = 0; i <= 40; i++) {
            sample(text, "hand_requests_total{model=\"a\",server_replica=\"r0\",code=\"200\"}", i, t0);
        }
        for (int i = 0; i <= 40; i++) {
            sample(text, "hand_requests_total{model=\"a\",server_replica=\"r1\",code=\"200\"}", 2.0 * i, t0, i);
        }
        for (int i = 0; i <= 40; i++) {
            sample(text, "hand_requests_total{model=\"a\",server_replica=\"r1\",code=\"500\"}", i, t0);
        }
        for (int i = 0; i <= 40; i++) {
            sample(text, "hand_requests_total{model=\"b\"}", 4.0 * (i < 20 ? i : i - 19), t0, i);
        }
        for (int i = 0; i <= 40; i++) {
            if (i <= 12 || i >= 24) {
                sample(text, "hand_requests_total{model=\"c\"}", 4.0 * i, t0, i);
            }
        }
        for (int i = 0; i <= 40; i++) {
            sample(text, "hand_requests_total{model=\"hot\"}", 150.0 * i, t0, i);
        }
        text.append("# TYPE hand_seconds counter\n");
        for (String model : new String[] {"a", "b", "c"}) {
            for (int i = 0; i <= 40; i++) {
                sample(text, "hand_seconds_total{model=\"" + model + "\"}", 2.0 * i, t0, i);
            }
        }
        for (int i = 0; i <= 40; i++) {
            sample(text, "hand_seconds_total{model=\"hot\"}", 150.0 * i, t0, i);
        }
        text.append("# TYPE nan_requests counter\n");
        for (int i = 0; i <= 40; i++) {
            text.append("nan_requests_total{model=\"d\"} ").append(i == 8 ? "NaN" : String.valueOf(i)).append(' ')
                .append(t0 + 15L * i).append('\n');
        }
        text.append("# TYPE nan_seconds counter\n");
        for (int i = 0; i <= 40; i++) {
            sample(text, "nan_seconds_total{model=\"d\"}", i, t0);
        }
        return text.append("# EOF\n").toString();
    }

    private static void sample(StringBuilder text, String series, int i, long t0) {
        sample(text, series, i, t0, i);
    }

    private static void sample(StringBuilder text, String series, double value, long t0, int i) {
        text.append(series).append(' ').append(String.format(Locale.ROOT, "%.3f", value)).append(' ')
            .append(t0 + 15L * i).append('\n');
    }
}
