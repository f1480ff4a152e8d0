package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.server.ServerName;
import io.modelscale.policy.Presets;
import io.modelscale.policy.hpa.MetricTarget;
import io.modelscale.simulation.TestRuns;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.ServerSetup;
import io.modelscale.simulation.engine.Simulator;
import io.modelscale.simulation.report.Report;
import io.vavr.collection.List;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manifests in the shape of Seldon Core 2's samples and of {@code kubectl get -o yaml} keep their meaning: a Server's
 * config gives its capabilities, its podSpec its memory, a namespace is part of a name, other kinds are skipped with a
 * warning, and a cluster snapshot's status counts are where the run starts.
 */
class RealManifestsTest {

    @Test
    void aTritonServer_servesATensorflowModel() throws Exception {
        Scenario scenario = load("triton-tfsimple.yaml");
        ServerSetup triton = scenario.servers().head();
        assertThat(triton.capabilities()).containsExactly("triton", "dali", "fil", "onnx", "openvino", "python",
            "pytorch", "tensorflow", "tensorrt");
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isPositive();
        assertThat(report.value("SLO attainment")).isPositive();
        assertThat(report.value("never served")).isLessThan(report.value("requests"));
        assertThat(report.value("ScheduleFailed time")).isZero();
        assertThat(report.alerts()).noneMatch(a -> a.contains("could not be placed"));
    }

    @Test
    void anMlserverServer_cannotHostATensorflowModel_andTheReportSaysSoFirst() throws Exception {
        Scenario scenario = load("mlserver-tensorflow.yaml");
        assertThat(scenario.servers().head().capabilities()).contains("sklearn", "xgboost").doesNotContain(
            "tensorflow");
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isPositive();
        assertThat(report.value("never served")).isEqualTo(report.value("requests"));
        assertThat(report.value("SLO attainment")).isZero();
        assertThat(report.alerts()).hasSize(2);
        assertThat(report.alerts().last()).contains("could not be placed (ScheduleFailed): tfsimple for");
    }

    @Test
    void extraCapabilities_add_andCapabilities_replace() throws Exception {
        Scenario scenario = load("extra-capabilities.yaml");
        assertThat(server(scenario, "mlserver-gpu").capabilities()).containsExactly("mlserver", "alibi-detect",
            "alibi-explain", "huggingface", "lightgbm", "mlflow", "python", "sklearn", "spark-mlib", "xgboost", "gpu");
        assertThat(server(scenario, "custom").capabilities()).containsExactly("custom-runtime");
        TestRuns.Observed run = TestRuns.observed(scenario, Presets.seldonCore(), 1);
        assertThat(run.report().value("ScheduleFailed time")).isZero();
        assertThat(run.last().model(ModelName.of("iris-gpu")).get().latest().server())
            .contains(ServerName.of("mlserver-gpu"));
    }

    /**
     * The server container asks for 3Gi, so a replica offers 3Gi plus 10 % overcommit: one 3Gi model fits, two do not.
     * With one server replica, one of the three models is placed and two stay ScheduleFailed. Read as the old default
     * of 16Gi, all three would share the replica.
     */
    @Test
    void aPodSpecMemoryRequest_isTheReplicasCapacity() throws Exception {
        Scenario scenario = load("podspec-memory.yaml");
        ServerSetup server = scenario.servers().head();
        assertThat(server.memory().totalBytes()).isEqualTo(3L << 30);
        assertThat(server.memoryOrigin()).isEqualTo("the memory request of container mlserver in its podSpec");
        TestRuns.Observed run = TestRuns.observed(scenario, Presets.seldonCore(), 1);
        Report report = run.report();
        assertThat(run.first().models().values().filter(m -> m.latest().status().availableReplicas() == 1).size())
            .isEqualTo(1);
        assertThat(run.first().placements().groupBy(Placement::replica).values().map(p -> p.size()).max().get())
            .isEqualTo(1);
        assertThat(report.models().filter(r -> r.scheduleFailedSeconds() > 0).size()).isEqualTo(2);
        assertThat(report.setup().mkString()).contains("mlserver-3g: replicas of 3Gi (the memory request of"
            + " container mlserver in its podSpec) + 10 % overcommit");
    }

    @Test
    void aServerWithoutPodSpec_getsTheServerConfigDefaultOf1Gi_unlessTheSimulationSectionSetsIt() throws Exception {
        Scenario plain = load("triton-tfsimple.yaml");
        assertThat(plain.servers().head().memory().totalBytes()).isEqualTo(1L << 30);
        assertThat(plain.servers().head().memoryOrigin()).isEqualTo("the ServerConfig default");
        String text = Files.readString(manifest("podspec-memory.yaml")).replace("duration: 5m",
            "duration: 5m\n  servers:\n    mlserver-3g:\n      memory: 8Gi");
        Scenario overridden = ScenarioFile.read("podspec-memory.yaml", new StringReader(text), null).get();
        assertThat(overridden.servers().head().memory().totalBytes()).isEqualTo(8L << 30);
        assertThat(overridden.servers().head().memoryOrigin()).contains("Simulation section");
    }

    /**
     * Two iris Models in two namespaces are two models; each is placed on its own namespace's server, and an HPA
     * names the Model of its own namespace.
     */
    @Test
    void twoNamespaces_keepTwoModelsOfOneName_apart() throws Exception {
        Scenario scenario = load("two-namespaces.yaml");
        assertThat(scenario.models().map(m -> m.name().value())).containsExactly("team-a.iris", "team-b.iris");
        assertThat(scenario.servers().map(s -> s.spec().name().value())).containsExactly("team-a-mlserver",
            "team-b-mlserver");
        assertThat(scenario.models().last().requestedServer()).contains(ServerName.of("team-b-mlserver"));
        assertThat(scenario.hpas().head().target()).isEqualTo("team-b.iris");
        assertThat(scenario.hpas().head().described()).containsExactly("team-b.iris");
        assertThat(scenario.hpas().head().spec().metrics().head().target())
            .isEqualTo(new MetricTarget.AverageValue(2_000_000));
        assertThat(own(scenario)).anyMatch(w -> w.contains("namespaces team-a, team-b"));
        Cluster last = TestRuns.observed(scenario, Presets.seldonCore(), 1).last();
        for (String team : new String[] {"team-a", "team-b"}) {
            Model model = last.model(ModelName.of(team + ".iris")).get();
            assertThat(model.latest().server()).contains(ServerName.of(team + "-mlserver"));
        }
    }

    /** A Pipeline, a Service and an Istio VirtualService beside the Models and Servers are skipped, each named. */
    @Test
    void otherKinds_areSkippedWithAWarningNamingKindAndLine() throws Exception {
        Path file = manifest("mixed-kinds.yaml");
        java.util.List<String> lines = Files.readAllLines(file);
        Scenario scenario = load("mixed-kinds.yaml");
        assertThat(scenario.models().map(m -> m.name().value())).containsExactly("tfsimple1");
        assertThat(own(scenario)).containsExactly(
            warning(lines, "Pipeline"), warning(lines, "Service"), warning(lines, "VirtualService"));

        TestRuns.CliResult loose = run("simulate", "--preset", "seldonCore", file.toString());
        assertThat(loose.code()).as(loose.err()).isZero();
        assertThat(loose.err()).contains("modelscale: warning: " + warning(lines, "Pipeline"));
        TestRuns.CliResult strict = run("simulate", "--strict", file.toString());
        assertThat(strict.code()).isEqualTo(2);
        assertThat(strict.out()).isEmpty();
        assertThat(strict.err()).contains("modelscale: " + warning(lines, "Pipeline") + " (an error under --strict)");
    }

    /** A scenario that leaves out its Servers and traffic is told what was assumed for them. */
    @Test
    void defaultsTaken_areWarnedOf() {
        Scenario scenario = ScenarioFile.read("models.yaml", new StringReader("apiVersion: mlops.seldon.io/v1alpha1\n"
            + "kind: Model\nmetadata:\n  name: iris\nspec:\n  memory: 1Gi\n"), null).get();
        assertThat(scenario.warnings()).containsExactly(
            "models.yaml:1: document: no Server in the scenario: one server 'default' (1 to 10 replicas of 16Gi, 10 %"
                + " overcommit) offering every requirement is assumed",
            "models.yaml:1: Simulation spec.traffic: none given (the scenario has no Simulation section; named here"
                + " at its first document): the Azure conversation trace is split over the models with Zipf"
                + " popularity");
    }

    /** A misspelt Seldon kind is an error with a suggestion, not a document skipped. */
    @Test
    void aMisspeltSeldonKind_isAnError() {
        var loaded = ScenarioFile.read("typo.yaml", new StringReader("apiVersion: mlops.seldon.io/v1alpha1\n"
            + "kind: Sever\nmetadata:\n  name: s\n"), null);
        assertThat(loaded.getError().map(p -> p.describe())).contains("typo.yaml:2: kind: 'Sever': not a Seldon kind:"
            + " did you mean Server? expected Model or Server (read), or Pipeline, Experiment, SeldonRuntime,"
            + " SeldonConfig, ServerConfig (skipped)");
    }

    /** A misspelt field is named with its line; the documented fields of every kind pass without a word. */
    @Test
    void anUnknownField_isWarnedOf_withItsLine() throws Exception {
        String yaml = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\nspec:\n"
            + "  memory: 100Ki\n  replicass: 3\n---\napiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n"
            + "  duration: 5m\n  traffic:\n  - azure: code\n    zipfExponnt: 1.2\n";
        Scenario scenario = ScenarioFile.read("typo.yaml", new StringReader(yaml), null).get();
        assertThat(own(scenario)).hasSize(2);
        assertThat(own(scenario).get(0)).startsWith("typo.yaml:7: Model iris spec.replicass: unknown field, read"
            + " past: did you mean replicas? expected one of storageUri,");
        assertThat(own(scenario).get(1)).startsWith("typo.yaml:15: Simulation spec.traffic[0].zipfExponnt:"
            + " unknown field");
        // a field whose value is a mapping is named at its key's line, not at its value's; a top-level one as
        // "Model iris specc", as a spec's are "Model iris spec.x"
        String nested = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\nspecc:\n"
            + "  memory: 100Ki\nspec:\n  memory: 100Ki\n  podSpecc:\n    a: 1\n";
        Scenario read = ScenarioFile.read("nested.yaml", new StringReader(nested), null).get();
        assertThat(own(read)).hasSize(2);
        assertThat(own(read).get(0)).startsWith("nested.yaml:5: Model iris specc: unknown field");
        assertThat(own(read).get(1)).startsWith("nested.yaml:9: Model iris spec.podSpecc: unknown field");
        for (String clean : new String[] {"triton-tfsimple.yaml", "podspec-memory.yaml", "kubectl-list.yaml",
            "extra-capabilities.yaml"}) {
            assertThat(own(load(clean))).as(clean).isEmpty();
        }
    }

    /** {@code kubectl get models,servers,hpa -A -o yaml}: a v1 List whose status counts are the starting state. */
    @Test
    void aKubectlListSnapshot_loads_andStartsFromItsStatusCounts() throws Exception {
        Scenario scenario = load("kubectl-list.yaml");
        assertThat(scenario.models().head().scaling().replicas()).isEqualTo(3);
        assertThat(scenario.servers().head().spec().scaling().replicas()).isEqualTo(3);
        assertThat(scenario.hpas().map(h -> h.target())).containsExactly("iris");
        assertThat(own(scenario)).isEmpty();
        Cluster first = TestRuns.observed(scenario, Presets.seldonCore(), 1).first();
        assertThat(first.model(ModelName.of("iris")).get().latest().status().availableReplicas()).isEqualTo(3);
        assertThat(first.server(ServerName.of("mlserver")).get().replicas().size()).isEqualTo(3);
    }

    @Test
    void aStatusCountOutsideTheBounds_isWarnedOf_andTheSpecsCountUsed() throws Exception {
        String text = Files.readString(manifest("kubectl-list.yaml")).replace("    modelReplicaState:\n"
            + "      Available: 3\n    replicas: 3", "    modelReplicaState:\n      Available: 3\n    replicas: 9");
        Scenario scenario = ScenarioFile.read("snapshot.yaml", new StringReader(text), null).get();
        assertThat(scenario.models().head().scaling().replicas()).isEqualTo(1);
        assertThat(own(scenario)).singleElement().asString().contains("Model iris status.replicas: 9 is outside");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2k, 2000000", "500m, 500", "1e3, 1000000", "1.5, 1500", "1Ki, 1024000", "3, 3000", "0.25M, 250000000"})
    void hpaTargets_takeKubernetesQuantities(String quantity, long milli) throws Exception {
        String text = Files.readString(manifest("two-namespaces.yaml")).replace("averageValue: 2k",
            "averageValue: " + quantity);
        Scenario scenario = ScenarioFile.read("q.yaml", new StringReader(text), null).get();
        assertThat(scenario.hpas().head().spec().metrics().head().target())
            .isEqualTo(new MetricTarget.AverageValue(milli));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1.0001", "-3", "2x", "0", "1e-5"})
    void hpaTargets_thatAreNotPositiveThousandths_areNamed(String quantity) throws Exception {
        String text = Files.readString(manifest("two-namespaces.yaml")).replace("averageValue: 2k",
            "averageValue: " + quantity);
        var loaded = ScenarioFile.read("q.yaml", new StringReader(text), null);
        assertThat(loaded.isInvalid()).isTrue();
        assertThat(loaded.getError().head().describe()).contains("q.yaml:").contains(
            "spec.metrics.object.target.averageValue: '" + quantity + "': expected a positive quantity exact to a"
                + " thousandth");
    }

    /** An HPA metric is read by its name: a queue-length metric scales on the queue, not on the request rate. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "object rps           | Object   | infer_rps      | | ",
        "object in flight     | Object   | infer_inflight | | ",
        "external lag, own    | External | infer_lag      | | ",
        "external, selector   | External | infer_rps      | iris | ",
        "unknown name         | Object   | seldon_model_infer_total | | 'seldon_model_infer_total' is not a metric the simulator measures: expected infer_rps (requests per second), infer_inflight (requests in service or queued) or infer_lag (requests queued)",
        "external no model    | External | infer_rps      | ghost | no Model of that name in the scenario",
    })
    void hpaMetrics_areReadByName(String name, String type, String metric, String selector, String problem)
        throws Exception {
        String described = type.equals("Object")
            ? "    object:\n      metric:\n        name: " + metric + "\n      describedObject:\n"
                + "        apiVersion: mlops.seldon.io/v1alpha1\n        kind: Model\n        name: iris\n"
                + "      target:\n        type: AverageValue\n        averageValue: 3\n"
            : "    external:\n      metric:\n        name: " + metric + "\n"
                + (selector == null ? "" : "        selector:\n          matchLabels:\n            model: " + selector
                    + "\n") + "      target:\n        type: AverageValue\n        averageValue: 3\n";
        String yaml = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\nspec:\n"
            + "  memory: 100Ki\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n"
            + "  name: iris-hpa\nspec:\n  scaleTargetRef:\n    apiVersion: mlops.seldon.io/v1alpha1\n    kind: Model\n"
            + "    name: iris\n  minReplicas: 1\n  maxReplicas: 4\n  metrics:\n  - type: " + type + "\n" + described;
        var loaded = ScenarioFile.read("hpa.yaml", new StringReader(yaml), null);
        if (problem != null) {
            assertThat(loaded.getError().map(p -> p.describe())).anyMatch(p -> p.contains(problem));
            return;
        }
        var hpa = loaded.get().hpas().head();
        assertThat(hpa.spec().metrics().head().name()).isEqualTo(metric);
        assertThat(hpa.spec().metrics().head()).isInstanceOf(type.equals("Object")
            ? io.modelscale.policy.hpa.MetricSpec.ObjectMetric.class
            : io.modelscale.policy.hpa.MetricSpec.ExternalMetric.class);
        assertThat(hpa.described()).containsExactly("iris");
    }

    @Test
    void anUnknownServerConfig_withoutCapabilities_isBadInput_butAnMlserverVariantIsWarnedOf() throws Exception {
        String text = Files.readString(manifest("triton-tfsimple.yaml"));
        var unknown = ScenarioFile.read("s.yaml", new StringReader(text.replace("serverConfig: triton",
            "serverConfig: onnx-runtime")), null);
        assertThat(unknown.getError().map(p -> p.describe())).singleElement().asString().isEqualTo(
            "s.yaml:7: Server triton spec.serverConfig: 'onnx-runtime' is not a ServerConfig whose capabilities are"
                + " known: expected mlserver or triton, or spec.capabilities listing what the server can run");
        Scenario variant = ScenarioFile.read("s.yaml", new StringReader(text.replace("serverConfig: triton",
            "serverConfig: triton-gpu")), null).get();
        assertThat(variant.servers().head().capabilities()).contains("tensorflow");
        assertThat(own(variant)).singleElement().asString().contains("'triton-gpu' is not a default"
            + " ServerConfig: taken to have the triton capabilities");
    }

    private static String warning(java.util.List<String> lines, String kind) {
        int line = lines.indexOf("kind: " + kind) + 1;
        return "mixed-kinds.yaml:" + line + ": kind " + kind + ": skipped: the simulator reads Model, Server,"
            + " HorizontalPodAutoscaler and Simulation documents";
    }

    private static ServerSetup server(Scenario scenario, String name) {
        return scenario.servers().find(s -> s.spec().name().value().equals(name)).get();
    }

    private static Path manifest(String name) throws Exception {
        return Path.of(RealManifestsTest.class.getResource("/manifests/" + name).toURI());
    }

    private static Scenario load(String name) throws Exception {
        var loaded = ScenarioFile.load(manifest(name));
        assertThat(loaded.isValid()).as(() -> loaded.getError().mkString("\n")).isTrue();
        return loaded.get();
    }

    private static TestRuns.CliResult run(String... args) {
        return TestRuns.cli(args);
    }

    /** The scenario's warnings but the defaults every scenario without traffic or Servers is told of. */
    static io.vavr.collection.Seq<String> own(Scenario scenario) {
        return scenario.warnings().filter(w -> !w.contains("Simulation spec.traffic: none given")
            && !w.contains("no Server in the scenario"));
    }
}
