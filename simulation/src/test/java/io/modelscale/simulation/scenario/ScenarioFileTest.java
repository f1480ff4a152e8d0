package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.Problem;
import io.modelscale.policy.hpa.ScalingPolicy;
import io.modelscale.simulation.cli.Main;
import io.modelscale.simulation.engine.HpaTarget;
import io.modelscale.simulation.engine.Scenario;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioFileTest {

    private static final String IRISA0 = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: irisa0\n"
        + "spec:\n  requirements:\n  - sklearn\n  memory: 1Gi\n---\n";
    private static final String IRIS = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\n"
        + "spec:\n  memory: 100Ki\n";

    @Test
    void examples_areTheSeedPagesFilesUnchanged() throws IOException {
        Path shared = Path.of("..", "..", "shared", "examples");
        for (String name : new String[] {"hpa-model-and-server.yaml", "hpa-model-with-behavior.yaml",
            "model-tfsimple-scaling.yaml", "server-mlserver-autoscaling.yaml"}) {
            if (Files.isDirectory(shared)) {
                assertThat(example(name)).as(name).isEqualTo(Files.readString(shared.resolve(name)));
            }
            assertThat(example(name)).isNotBlank();
        }
    }

    @Test
    void modelExampleOfSeed001_loadsUnchangedOnADefaultServer() throws IOException {
        Scenario scenario = load(example("model-tfsimple-scaling.yaml"));
        assertThat(scenario.models().map(m -> m.name().value())).containsExactly("tfsimple");
        assertThat(scenario.models().head().memory().bytes()).isEqualTo(102_400);
        assertThat(scenario.models().head().scaling().autoscalingEnabled()).isTrue();
        assertThat(scenario.servers().head().capabilities()).contains("tensorflow");
    }

    @Test
    void serverAndHpaExamplesOfSeeds003And004_loadUnchangedWithTheModelTheyName() throws IOException {
        Scenario scenario = load(IRISA0 + example("server-mlserver-autoscaling.yaml") + "\n---\n"
            + example("hpa-model-and-server.yaml"));
        assertThat(scenario.servers().map(s -> s.spec().name().value())).containsExactly("mlserver");
        assertThat(scenario.servers().head().spec().scaling().replicas()).isEqualTo(2);
        assertThat(scenario.hpas().map(HpaTarget::kind)).containsExactly(HpaTarget.Kind.MODEL, HpaTarget.Kind.SERVER);
        assertThat(scenario.hpas().flatMap(HpaTarget::described)).containsOnly("irisa0");
        assertThat(scenario.hpas().head().spec().maxReplicas()).isEqualTo(3);
    }

    /** An HPA allowed more replicas than its Model is warned of: the control loop holds the model at its own maximum. */
    @Test
    void anHpaAboveItsModelsMaximum_isWarnedOf() throws IOException {
        String servers = example("server-mlserver-autoscaling.yaml") + "\n---\n" + example("hpa-model-and-server.yaml");
        Scenario scenario = load(IRISA0.replace("  memory: 1Gi\n", "  memory: 1Gi\n  maxReplicas: 2\n") + servers);
        assertThat(scenario.warnings()).anyMatch(w -> w.contains("HorizontalPodAutoscaler irisa0-model-hpa"
            + " spec.maxReplicas: 3 is above Model irisa0's maxReplicas 2: the model is held at 2"));
        assertThat(load(IRISA0 + servers).warnings()).noneMatch(w -> w.contains("is above Model"));
    }

    @Test
    void hpaWithBehaviorExample_keepsItsScaleUpRules() throws IOException {
        Scenario scenario = load(IRISA0 + example("hpa-model-with-behavior.yaml"));
        var rules = scenario.hpas().head().spec().behavior().get().scaleUp();
        assertThat(rules.stabilizationWindowSeconds()).contains(60);
        assertThat(rules.policies()).containsExactly(new ScalingPolicy(ScalingPolicy.Type.PODS, 5, 90));
    }

    @Test
    void simulationSection_setsTheRunAndItsTraffic() throws IOException {
        Scenario scenario = load(IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n"
            + "  duration: 10m\n  statsPeriod: 5s\n  concurrencyPerReplica: 2\n  slo: 500ms\n"
            + "  traffic:\n  - azure: code\n");
        assertThat(scenario.settings().duration()).hasMinutes(10);
        assertThat(scenario.settings().statsPeriod()).hasSeconds(5);
        assertThat(scenario.settings().concurrencyPerReplica()).isEqualTo(2);
        var source = scenario.traffic().apply(1L);
        var request = new io.modelscale.simulation.trace.Request();
        int count = 0;
        while (source.next(request)) {
            assertThat(request.arrivalMicros).isLessThan(600_000_000L);
            count++;
        }
        assertThat(count).isBetween(1_000, 2_500);
    }

    @Test
    void simulationSection_presetSeedAndFailures_areRead() throws IOException {
        Scenario scenario = load(IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n"
            + "  preset: consolidating\n  seed: 7\n  replicaFailuresPerHour: 2.5\n");
        assertThat(scenario.policies().preset()).contains("consolidating");
        assertThat(scenario.seed()).contains(7L);
        assertThat(scenario.settings().replicaFailuresPerHour()).isEqualTo(2.5);
    }

    @Test
    void simulationSection_initialStateAndWarmUp_areRead() throws IOException {
        Scenario scenario = load(IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n"
            + "  initial: warm\n  warmup: 5m\n");
        assertThat(scenario.settings().initial()).isEqualTo(io.modelscale.simulation.engine.Settings.InitialState.WARM);
        assertThat(scenario.settings().warmup()).hasMinutes(5);
        Scenario plain = load(IRIS);
        assertThat(plain.settings().initial()).isEqualTo(io.modelscale.simulation.engine.Settings.InitialState.COLD);
        assertThat(plain.settings().warmup()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not YAML                | kind: Model\\nspec: [unclosed                                        | bad.yaml:2: not valid YAML",
        "document not a mapping  | - a\\n- b                                                          | bad.yaml:1: document: a document must be a mapping with a kind",
        "missing kind            | apiVersion: v1\\nmetadata:\\n  name: a                              | bad.yaml:1: document kind: kind is required",
        "only an unknown kind    | apiVersion: apps/v1\\nkind: Deployment                               | bad.yaml:1: document: a scenario needs at least one Model",
        "wrong apiVersion        | MODEL(apiVersion: mlops.seldon.io/v2)                               | bad.yaml:1: apiVersion: 'mlops.seldon.io/v2': expected mlops.seldon.io/v1alpha1",
        "bad model name          | MODEL(name: Bad_Name)                                               | bad.yaml:4: metadata.name: 'Bad_Name' is not a valid name",
        "fractional binary memory| MODEL(memory: 1.5Gi)                                                | bad.yaml:6: Model iris spec.memory: '1.5Gi' is not a whole number of bytes",
        "replicas below minimum  | MODEL(replicas: 1)\\n  minReplicas: 2                               | bad.yaml:6: Model iris spec.replicas: scaling spec is invalid: number of replicas 1 must be >= min replicas 2",
        "replicas not a number   | MODEL(replicas: two)                                                | bad.yaml:6: Model iris spec.replicas: 'two': expected a whole number",
        "requirements not a list | MODEL(requirements: sklearn)                                        | bad.yaml:6: Model iris spec.requirements: expected a list of names",
        "duplicate model         | MODEL(memory: 1Ki)\\n---\\nMODEL(memory: 2Ki)                       | bad.yaml:8: Model iris: defined again: first at bad.yaml:1; expected each Model once (kind, namespace and name)",
        "neither Model nor Server| apiVersion: modelscale.io/v1alpha1\\nkind: Simulation\\nspec: {}     | bad.yaml:1: document: a scenario needs at least one Model or Server",
        "hpa of unknown model    | HPA(ghost, AverageValue, averageValue: 3)                           | bad.yaml:15: HorizontalPodAutoscaler h spec.scaleTargetRef.name: 'ghost': no Model of that name in the scenario",
        "hpa without max         | HPA(iris, AverageValue, averageValue: 3, nomax)                     | bad.yaml:13: HorizontalPodAutoscaler h spec.maxReplicas: an HPA needs maxReplicas",
        "hpa utilization target  | HPA(iris, Utilization, averageUtilization: 50)                      | HorizontalPodAutoscaler h spec.metrics.object.target.type: 'Utilization': expected Value or AverageValue",
        "hpa negative target     | HPA(iris, AverageValue, averageValue: -3)                           | HorizontalPodAutoscaler h spec.metrics.object.target.averageValue: '-3': expected a positive quantity",
        "simulation bad duration | SIM(duration: soon)                                                 | bad.yaml:11: Simulation spec.duration: 'soon': expected a duration such as 500ms, 20s, 5m, 1h30m or 1d",
        "simulation bad azure    | SIM(traffic:\\n  - azure: chat)                                     | bad.yaml:12: Simulation spec.traffic[0].azure: 'chat': expected conversation or code",
        "missing trace file      | SIM(traffic:\\n  - file: nowhere.csv)                               | bad.yaml:12: Simulation spec.traffic[0].file: no readable trace file",
        "NUL in trace file path  | SIM(traffic:\\n  - file: \"a\\0b\")                             | : not a valid file path: Nul character not allowed",
        "traffic for ghost model | SIM(traffic:\\n  - azure: code\\n    models: [ghost])                | Simulation spec.traffic[0].models: 'ghost': no Model of that name in the scenario",
        "bad concurrency         | SIM(concurrencyPerReplica: 0)                                       | bad.yaml:11: Simulation spec.concurrencyPerReplica: '0': out of range: expected 1 to 100000",
        "unknown preset          | SIM(preset: fastest)                                                | bad.yaml:11: Simulation spec.preset: 'fastest' is not a registered preset: expected one of consolidating, documented, hpa, knative, rayServe, seldonCore",
        "seed not a number       | SIM(seed: lucky)                                                    | bad.yaml:11: Simulation spec.seed: 'lucky': expected a whole number",
        "negative failure rate   | SIM(replicaFailuresPerHour: -1)                                     | bad.yaml:11: Simulation spec.replicaFailuresPerHour: '-1': expected a number, zero or more",
        "unknown initial state   | SIM(initial: hot)                                                   | bad.yaml:11: Simulation spec.initial: 'hot' is not an initial state: expected cold or warm",
        "warm-up as long as run  | SIM(duration: 10m\\n  warmup: 10m)                                  | bad.yaml:12: Simulation spec.warmup: 10m is not shorter than the duration: expected less than 600 s",
    })
    void malformedScenario_exitsWithTwoNamingFileLineAndField(String name, String body, String message,
                                                             @TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, expand(body));
        Result result = simulate(file);
        assertThat(result.code).as(result.err).isEqualTo(2);
        assertThat(result.err).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err.lines().filter(l -> l.contains(message)).count()).as("reported once").isEqualTo(1);
    }

    @Test
    void malformedTraceFile_exitsWithTwoNamingTheLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("requests.csv"), "arrival_seconds,model,service_seconds\n0.5,iris,0.1\n"
            + "0.7,iris,slow\n");
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, expand("SIM(traffic:\\n  - file: requests.csv)"));
        Result result = simulate(file);
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("requests.csv line 3: service_seconds 'slow' is not a number of seconds");
    }

    @Test
    void anInvalidModel_isReportedOnce_andItsHpaDoesNotCallItMissing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("inv.yaml");
        Files.writeString(file, expand("HPA(iris, AverageValue, averageValue: 3)").replace("memory: 100Ki",
            "memory: 1.5Gi"));
        Result result = simulate(file);
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("inv.yaml:6: Model iris spec.memory: '1.5Gi' is not a whole number of bytes")
            .doesNotContain("no Model of that name").doesNotContain("no Model in the scenario");
    }

    @Test
    void anHpaBehaviorTypo_isWarnedWithTheFieldItMeant_andItsToleranceIsRead() {
        Scenario scenario = load(expand("HPA(iris, AverageValue, averageValue: 3)") + "  behavior:\n    scaleup:\n"
            + "      stabilizationWindowSeconds: 0\n    scaleDown:\n      tolerance: 0.05\n      policies:\n"
            + "      - type: Pods\n        value: 1\n        periodSeconds: 60\n        periodSecond: 5\n");
        assertThat(scenario.warnings()).anyMatch(w -> w.contains("spec.behavior.scaleup: unknown field")
            && w.contains("did you mean scaleUp?"));
        assertThat(scenario.warnings()).anyMatch(w -> w.contains("spec.behavior.scaleDown.policies.periodSecond")
            && w.contains("did you mean periodSeconds?"));
        assertThat(scenario.hpas().head().spec().behavior().get().scaleDown().tolerance()).contains(0.05);
    }

    @Test
    void anHpaToleranceOutOfRange_isAProblem() {
        Validation<Seq<Problem>, Scenario> result = ScenarioFile.read("t.yaml", new StringReader(
            expand("HPA(iris, AverageValue, averageValue: 3)") + "  behavior:\n    scaleUp:\n      tolerance: 500\n"),
            Path.of("."));
        assertThat(result.getError().map(Problem::describe)).anyMatch(p -> p.contains("spec.behavior.scaleUp.tolerance")
            && p.contains("out of range: expected 0 to 100"));
    }

    @Test
    void problems_areAllReportedAtOnce() {
        Validation<Seq<Problem>, Scenario> result = ScenarioFile.read("two.yaml", new StringReader(expand(
            "MODEL(memory: 1.5Gi)\\n  replicas: many")), Path.of("."));
        assertThat(result.getError().map(Problem::describe)).hasSize(2);
    }

    private static String expand(String body) {
        String text = body.replace("\\n", "\n");
        text = text.replaceAll("MODEL\\(apiVersion: ([^)]*)\\)", "apiVersion: $1\nkind: Model\nmetadata:\n  name: iris\nspec:\n"
            + "  memory: 1Ki");
        text = text.replaceAll("MODEL\\(name: ([^)]*)\\)", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n"
            + "  name: $1\nspec:\n  memory: 1Ki");
        text = text.replaceAll("MODEL\\(([^)]*)\\)", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n"
            + "  name: iris\nspec:\n  $1");
        if (text.startsWith("HPA(")) {
            String[] args = text.substring(4, text.length() - 1).split(", ");
            text = IRIS + "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n"
                + "  scaleTargetRef:\n    kind: Model\n    name: " + args[0] + "\n  minReplicas: 1\n"
                + (args.length > 3 ? "" : "  maxReplicas: 3\n")
                + "  metrics:\n  - type: Object\n    object:\n      metric:\n        name: infer_rps\n"
                + "      describedObject:\n        kind: Model\n        name: iris\n      target:\n"
                + "        type: " + args[1] + "\n        " + args[2] + "\n";
        }
        if (text.startsWith("SIM(")) {
            text = IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n  "
                + text.substring(4, text.length() - 1) + "\n";
        }
        return text;
    }

    @Test
    void fidelityFull_bringsItsRoutingAndSharing_andAFieldOfTheSectionOverridesIt() {
        String sim = IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n  fidelity: full\n";
        assertThat(load(sim).settings().serving()).isEqualTo(new io.modelscale.simulation.engine.ServingModel(
            io.modelscale.simulation.engine.ServingModel.Routing.LEAST_REQUEST, 64, true));
        assertThat(load(sim + "  halfSpeedBatch: 8\n").settings().serving().halfSpeedBatch()).isEqualTo(8);
        assertThat(load(sim + "  eviction: none\n").settings().serving().evictLeastRecentlyUsed()).isFalse();
        assertThat(load(IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n"
            + "  routing: roundRobin\n  eviction: lru\n").settings().serving().evictLeastRecentlyUsed()).isTrue();
        assertThat(load(sim + "  routing: pooled\n").settings().serving())
            .as("pooled routing has no shared speed nor replica memory: the bundle's batch and eviction are dropped,"
                + " not an error")
            .isEqualTo(io.modelscale.simulation.engine.ServingModel.simple());
        assertThat(load(IRIS).settings().serving()).as("full is the default")
            .isEqualTo(load(sim).settings().serving());
        assertThat(load(IRIS + "---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n  fidelity: simple\n")
            .settings().serving()).isEqualTo(io.modelscale.simulation.engine.ServingModel.simple());
        assertThat(load(sim + "  traffic:\n  - azure: code\n    models: [iris]\n").traffic().apply(1).serviceTimes())
            .as("a file's Azure traffic says how its service times are drawn, through the split over its models")
            .containsExactly("61 ms + 23.0 µs per context token + 30 ms per generated token, from each Azure request's"
                + " tokens");
    }

    private static Scenario load(String text) {
        Validation<Seq<Problem>, Scenario> result = ScenarioFile.read("test.yaml", new StringReader(text), Path.of("."));
        String problems = result.isInvalid() ? result.getError().map(Problem::describe).mkString("\n") : "";
        assertThat(problems).isEmpty();
        return result.get();
    }

    private static String example(String name) throws IOException {
        try (InputStream in = ScenarioFileTest.class.getResourceAsStream("examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Result simulate(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"simulate", file.toString()}, new PrintWriter(out, true),
            new PrintWriter(err, true));
        return new Result(code, err.toString());
    }

    private record Result(int code, String err) {
    }
}
