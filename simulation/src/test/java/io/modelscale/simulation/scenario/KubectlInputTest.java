package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.Presets;
import io.modelscale.simulation.TestRuns;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.Simulator;
import io.modelscale.simulation.report.Report;
import io.modelscale.policy.PolicyRegistry;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario input the way kubectl takes manifests: several files, directories (with -R, their subdirectories), and
 * standard input, every document forming one scenario.
 */
class KubectlInputTest {

    /**
     * The folder holds one resource per file (two Models, a Server in JSON, a Simulation section, and an HPA in a
     * subdirectory, beside a README that is not a manifest); folder-as-one.yaml holds the same documents in the order
     * {@code -R} reads them. Both give the same run.
     */
    @Test
    void aFolderOfOneResourcePerFile_givesTheSameRunAsOneFile() throws Exception {
        Scenario folder = loadPaths(true, manifest("folder").toString());
        Scenario one = loadPaths(false, manifest("folder-as-one.yaml").toString());
        assertThat(folder.models().map(m -> m.name().value())).containsExactly("income", "iris");
        assertThat(folder.hpas().map(h -> h.target())).containsExactly("iris");
        assertThat(folder.servers().head().memory().totalBytes()).isEqualTo(8L << 30);
        Report a = Simulator.run(folder, Presets.consolidating(), 3);
        Report b = Simulator.run(one, Presets.consolidating(), 3);
        assertThat(a.metrics()).isEqualTo(b.metrics());
        assertThat(a.timeline()).isEqualTo(b.timeline());
        assertThat(a.decisions()).isEqualTo(b.decisions());
        assertThat(a.value("requests")).isPositive();
    }

    @Test
    void withoutRecursive_aSubdirectoryIsNotRead() throws Exception {
        Scenario folder = loadPaths(false, manifest("folder").toString());
        assertThat(folder.hpas()).isEmpty();
        assertThat(folder.models()).hasSize(2);
    }

    @Test
    void standardInput_isReadFromDash() throws Exception {
        String text = Files.readString(manifest("folder-as-one.yaml"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = io.modelscale.simulation.cli.Main.execute(new String[] {"simulate", "--preset", "seldonCore",
            "-f", "-"}, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
            new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        TestRuns.CliResult file = TestRuns.cli("simulate", "--preset", "seldonCore", "-f",
            manifest("folder-as-one.yaml").toString());
        assertThat(out.toString()).isEqualTo(file.out());
    }

    /** Servers in one file, Models in another: neither loads alone as before, together they are one scenario. */
    @Test
    void aServerOnlyFileAndAModelOnlyFile_loadTogether(@TempDir Path dir) throws Exception {
        Path servers = Files.writeString(dir.resolve("servers.yaml"), SERVER);
        Path models = Files.writeString(dir.resolve("models.yaml"), MODEL.formatted("iris"));
        Scenario scenario = loadPaths(false, servers.toString(), models.toString());
        assertThat(scenario.servers().map(s -> s.spec().name().value())).containsExactly("mlserver");
        assertThat(scenario.models().map(m -> m.name().value())).containsExactly("iris");
        assertThat(own(scenario)).isEmpty();
    }

    /** A scenario of Servers alone runs: no requests, the idle servers' cost, and a warning that says so. */
    @Test
    void serversAlone_runAnIdleCluster_andSaySo(@TempDir Path dir) throws Exception {
        Path servers = Files.writeString(dir.resolve("servers.yaml"), SERVER + "---\n" + SIMULATION);
        Scenario scenario = loadPaths(false, servers.toString());
        assertThat(own(scenario)).singleElement().asString().isEqualTo("servers.yaml:1: document: no Model in the"
            + " scenario: the run measures what the idle Servers cost");
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1);
        assertThat(report.value("requests")).isZero();
        // two replicas for the ten minutes the Simulation section asks for, cold: 2 × 10 / 60 replica-hours
        assertThat(report.value("server replica-hours")).isEqualTo(2 * 10 / 60.0);
    }

    @Test
    void theSameResourceInTwoFiles_isNamedInBothPlaces(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), MODEL.formatted("iris"));
        Path b = Files.writeString(dir.resolve("b.yaml"), MODEL.formatted("other") + "---\n" + MODEL.formatted("iris"));
        var loaded = ScenarioSource.expand(List.of(a.toString(), b.toString()), false, () -> "")
            .flatMap(sources -> ScenarioFile.load(sources, PolicyRegistry.standard()));
        assertThat(loaded.getError().map(p -> p.describe())).containsExactly("b.yaml:9: Model iris: defined again:"
            + " first at a.yaml:1; expected each Model once (kind, namespace and name)");
    }

    /** A file named twice, directly or through its directory, is one problem, not a resource defined again by itself. */
    @Test
    void aFileNamedTwice_isNamedOnce(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("models"));
        Path a = Files.writeString(folder.resolve("a.yaml"), MODEL.formatted("iris"));
        var twice = ScenarioSource.expand(List.of(folder.toString(), a.toString()), false, () -> "");
        assertThat(twice.getError().map(p -> p.describe())).containsExactly(a + ": '" + a + "' is read twice (named"
            + " by more than one -f, or inside a directory named too): expected each file once");
        assertThat(ScenarioSource.expand(List.of(folder.toString(), folder.toString()), false, () -> "")
            .getError()).hasSize(1);
    }

    @Test
    void twoSimulationSections_andBrokenJson_areNamed(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), MODEL.formatted("iris") + "---\n" + SIMULATION);
        Path b = Files.writeString(dir.resolve("b.yaml"), SIMULATION);
        var twice = ScenarioSource.expand(List.of(a.toString(), b.toString()), false, () -> "")
            .flatMap(sources -> ScenarioFile.load(sources, PolicyRegistry.standard()));
        assertThat(twice.getError().map(p -> p.describe())).containsExactly("b.yaml:1: kind: only one Simulation"
            + " document is allowed: the first is at a.yaml:9");
        Path json = Files.writeString(dir.resolve("broken.json"), "{\"kind\": \"Model\", ");
        assertThat(TestRuns.cli("simulate", "-f", json.toString()).err()).startsWith("modelscale: broken.json:1: not"
            + " valid JSON: ");
    }

    @Test
    void problems_nameTheirFileAndLine_acrossFiles(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), MODEL.formatted("iris"));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), MODEL.formatted("income").replace("memory: 1Gi",
            "memory: 1.5Gi"));
        var loaded = ScenarioSource.expand(List.of(good.toString(), bad.toString()), false, () -> "")
            .flatMap(sources -> ScenarioFile.load(sources, PolicyRegistry.standard()));
        assertThat(loaded.getError().map(p -> p.describe())).singleElement().asString()
            .startsWith("bad.yaml:6: Model income spec.memory: '1.5Gi' is not a whole number of bytes");
    }

    @Test
    void badPaths_areEachNamed_andNothingIsRead(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not a manifest");
        Path values = Files.createDirectories(dir.resolve("chart"));
        Files.writeString(values.resolve("values.yaml"), "replicaCount: 2\n");
        Path latin = Files.write(dir.resolve("latin.yaml"), new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xE9});
        TestRuns.CliResult result = TestRuns.cli("simulate", "-f", dir.resolve("missing.yaml").toString(), "-f",
            empty.toString(), "-f", latin.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("modelscale: missing.yaml: '" + dir.resolve("missing.yaml") + "' not found:"
            + " expected a scenario file (YAML or JSON), a directory of them, or - for standard input\n"
            + "modelscale: " + empty + ": '" + empty + "' is a directory without .yaml, .yml or .json files (-R reads"
            + " its subdirectories too): expected manifests\n"
            + "modelscale: latin.yaml:1: not UTF-8 text: byte 0xE9 at offset 6 cannot start or continue a UTF-8"
            + " character: expected a scenario file (YAML or JSON) in UTF-8\n");
        TestRuns.CliResult chart = TestRuns.cli("simulate", "-f", values.toString());
        assertThat(chart.code()).isEqualTo(2);
        assertThat(chart.err()).isEqualTo("modelscale: " + values.resolve("values.yaml")
            + ":1: document kind: kind is required\n");
    }

    /**
     * A file that cannot be read is named with why. A dangling link stands for it: a file without read permission is
     * readable to root, which tests may run as.
     */
    @Test
    void anUnreadableFileInADirectory_isNamedWithWhy(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(folder.resolve("iris.yaml"), MODEL.formatted("iris"));
        Path link = Files.createSymbolicLink(folder.resolve("servers.yaml"), dir.resolve("gone.yaml"));
        TestRuns.CliResult result = TestRuns.cli("simulate", "-f", folder.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("modelscale: " + link + ": '" + link + "' cannot be read"
            + " (NoSuchFileException): expected a readable scenario file (YAML or JSON)\n");
    }

    @Test
    void recursiveWithoutAFilename_andAFilenameWithABuiltInScenario_areBadInput() {
        assertThat(TestRuns.cli("simulate", "-R").err()).isEqualTo("modelscale: -R reads the directories given with"
            + " -f: expected -f DIR\n");
        assertThat(TestRuns.cli("simulate", "--scenario", "code", "-f", "x.yaml").err()).isEqualTo("modelscale:"
            + " --scenario code and -f x.yaml both name a scenario: expected one of them\n");
    }

    /** A List with no items (what kubectl get prints when nothing matched) is said to hold nothing, not skipped. */
    @Test
    void aListWithoutItems_isSaidToHoldNothing() {
        for (String items : java.util.List.of("items:\n", "items: []\n", "")) {
            String yaml = "apiVersion: v1\nkind: List\n" + items + "---\n" + MODEL.formatted("iris");
            Scenario scenario = ScenarioFile.read("list.yaml", new java.io.StringReader(yaml), null).get();
            assertThat(scenario.warnings()).as(items).noneMatch(w -> w.contains("skipped"));
            if (!items.contains("[]")) {
                assertThat(scenario.warnings()).as(items).contains("list.yaml:1: List items: none: the List holds no"
                    + " resources");
            }
        }
    }

    /** A Model without a namespace beside a Server in one is placed with it, and a warning says so. */
    @Test
    void aResourceWithoutANamespace_besideOthersInOne_isSaidToBeTakenIntoTheirs() {
        String yaml = MODEL.formatted("iris") + "---\n" + SERVER.replace("  name: mlserver\n",
            "  name: mlserver\n  namespace: seldon\n");
        Scenario scenario = ScenarioFile.read("ns.yaml", new java.io.StringReader(yaml), null).get();
        assertThat(scenario.warnings()).contains("ns.yaml:1: Model iris metadata.namespace: none given while other"
            + " resources name one: taken to be seldon, theirs (kubectl apply would use its context's namespace)");
        assertThat(scenario.models().map(m -> m.name().value())).containsExactly("iris");
    }

    private static final String MODEL = """
        apiVersion: mlops.seldon.io/v1alpha1
        kind: Model
        metadata:
          name: %s
        spec:
          memory: 1Gi
          requirements: [sklearn]
        """;

    private static final String SERVER = """
        apiVersion: mlops.seldon.io/v1alpha1
        kind: Server
        metadata:
          name: mlserver
        spec:
          serverConfig: mlserver
          replicas: 2
        """;

    private static final String SIMULATION = """
        apiVersion: modelscale.io/v1alpha1
        kind: Simulation
        spec:
          duration: 10m
        """;

    private static Scenario loadPaths(boolean recursive, String... paths) {
        var loaded = ScenarioSource.expand(List.of(paths), recursive, () -> "")
            .flatMap(sources -> ScenarioFile.load(sources, PolicyRegistry.standard()));
        assertThat(loaded.isValid()).as(() -> loaded.getError().mkString("\n")).isTrue();
        return loaded.get();
    }

    private static Path manifest(String name) throws Exception {
        return Path.of(KubectlInputTest.class.getResource("/manifests/" + name).toURI());
    }

    /** The scenario's warnings but the defaults every scenario without traffic or Servers is told of. */
    static io.vavr.collection.Seq<String> own(Scenario scenario) {
        return scenario.warnings().filter(w -> !w.contains("Simulation spec.traffic: none given")
            && !w.contains("no Server in the scenario"));
    }
}
