package io.modelscale.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, as a new user gives it: every case exits 2, prints nothing on standard output, and answers on standard
 * error with lines that each start with {@code modelscale:} (or point to {@code --help}), name the file and line when
 * the input is a file, name the field, and show no Java stack trace. Each case is one scenario file or one command
 * line, and the text the first line must contain.
 */
class BadInputSuiteTest {

    /** One bad input: a name, the command line ({@code FILE} stands for the scenario file), the file, the text. */
    record Case(String name, String args, String file, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String MODEL = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\n"
        + "spec:\n  memory: 1Gi\n  requirements: [sklearn]\n";
    private static final String SERVER = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Server\nmetadata:\n"
        + "  name: mlserver\nspec:\n  serverConfig: mlserver\n  replicas: 1\n";
    private static final String SIM = "apiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n";
    private static final String SIMULATE = "simulate --preset seldonCore FILE";

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // a Model's spec, one bad value at a time (line 8 of the file, after the valid fields)
        String[][] model = {
            {"memory", "1.5Gi"}, {"memory", "-1Ki"}, {"memory", "1KiB"}, {"memory", "Gi"}, {"memory", "8Ei"},
            {"memory", "lots"}, {"memory", "100m"}, {"memory", "1e30"}, {"memory", "[1]"}, {"memory", "{a: 1}"},
            {"replicas", "two"}, {"replicas", "-1"}, {"replicas", "1.5"}, {"replicas", "99999999999"},
            {"replicas", "[1]"}, {"minReplicas", "x"}, {"minReplicas", "-2"}, {"maxReplicas", "four"},
            {"maxReplicas", "-3"}, {"requirements", "sklearn"}, {"requirements", "{a: b}"}, {"server", "Bad_Name"},
            {"server", "[a]"}, {"modelType", "[a]"},
        };
        for (String[] c : model) {
            String text = MODEL.replace("  memory: 1Gi\n", "").replace("  requirements: [sklearn]\n", "")
                + "  " + c[0] + ": " + c[1] + "\n";
            cases.add(new Case("Model spec." + c[0] + ": " + c[1], SIMULATE, text, "bad.yaml:6: Model iris spec."
                + c[0]));
        }
        // relations between a Model's counts, as Seldon words them
        cases.add(new Case("Model replicas below min", SIMULATE, MODEL + "  replicas: 1\n  minReplicas: 2\n",
            "number of replicas 1 must be >= min replicas 2"));
        cases.add(new Case("Model min above max", SIMULATE, MODEL + "  minReplicas: 3\n  maxReplicas: 2\n",
            "min number of replicas 3 must be <= max number of replicas 2"));
        cases.add(new Case("Model replicas above max", SIMULATE, MODEL + "  replicas: 5\n  maxReplicas: 2\n",
            "number of replicas 5 must be <= max replicas 2"));
        // a Server's spec
        String[][] server = {
            {"serverConfig", "onnx-runtime", "is not a ServerConfig whose capabilities are known"},
            {"serverConfig", "[a]", "spec.serverConfig"}, {"replicas", "many", "spec.replicas"},
            {"minReplicas", "-1", "spec.minReplicas"}, {"maxReplicas", "x", "spec.maxReplicas"},
            {"capabilities", "gpu", "spec.capabilities"}, {"extraCapabilities", "gpu", "spec.extraCapabilities"},
            {"podSpec", "[a]", "spec.podSpec"},
            {"replicas", "2147483647", "out of range: expected at most 100000 replicas"},
            {"minReplicas", "200000", "out of range: expected at most 100000 replicas"},
            {"maxReplicas", "99999999999999999999", "out of range: expected a whole number from"},
        };
        for (String[] c : server) {
            String text = MODEL + "---\n" + SERVER.replace("  serverConfig: mlserver\n", c[0].equals("serverConfig")
                ? "" : "  serverConfig: mlserver\n").replace("  replicas: 1\n", c[0].contains("eplicas") ? ""
                : "  replicas: 1\n") + "  " + c[0] + ": " + c[1] + "\n";
            cases.add(new Case("Server spec." + c[0] + ": " + c[1], SIMULATE, text, c[2]));
        }
        for (String memory : new String[] {"1.5Gi", "lots", "-1Gi", "8Ei"}) {
            cases.add(new Case("Server podSpec memory " + memory, SIMULATE, MODEL + "---\n" + SERVER
                + "  podSpec:\n    containers:\n    - name: mlserver\n      resources:\n        requests:\n"
                + "          memory: " + memory + "\n", "podSpec.containers[mlserver].resources.requests.memory"));
        }
        cases.add(new Case("Server replicas below min", SIMULATE, MODEL + "---\n" + SERVER + "  minReplicas: 3\n",
            "number of replicas 1 must be >= min replicas 3"));
        cases.add(new Case("a Model defined twice", SIMULATE, MODEL + "---\n" + MODEL, "Model iris: defined again"));
        cases.add(new Case("a Server defined twice", SIMULATE, MODEL + "---\n" + SERVER + "---\n" + SERVER,
            "Server mlserver: defined again"));
        cases.add(new Case("a Model pinned to a Server not in the scenario", SIMULATE, MODEL + "  server: triton\n---\n"
            + SERVER, "bad.yaml:8: Model iris spec.server: 'triton': no Server of that name in the scenario: expected"
            + " one of mlserver"));
        cases.add(new Case("a Model pinned to a Server, no Server at all", SIMULATE, MODEL + "  server: triton\n",
            "no Server of that name in the scenario: expected one of default"));
        cases.add(new Case("300 requirements on one Model", SIMULATE, MODEL.replace("  requirements: [sklearn]\n",
            "  requirements:\n" + "  - r\n".repeat(300)), "too many: expected at most 256"));
        cases.add(new Case("two Simulation sections", SIMULATE, MODEL + "---\n" + SIM + "  seed: 1\n---\n" + SIM
            + "  seed: 2\n", "only one Simulation document is allowed"));
        // the Simulation section, one bad value at a time
        String[][] sim = {
            {"duration", "soon", "spec.duration"}, {"duration", "0s", "out of range"},
            {"duration", "3000000h", "out of range"}, {"duration", "-5m", "spec.duration"},
            {"duration", "30 minutes", "spec.duration"}, {"duration", "1.5.5s", "spec.duration"},
            {"duration", "[1h]", "spec.duration"}, {"statsPeriod", "0.001ms", "out of range"},
            {"statsPeriod", "2h", "out of range"}, {"statsPeriod", "0", "spec.statsPeriod"},
            {"serverStartup", "2000h", "out of range"}, {"modelLoad", "fast", "spec.modelLoad"},
            {"modelLoadPerGi", "2h", "out of range"}, {"modelLoadPerGi", "slow", "spec.modelLoadPerGi"},
            {"routing", "random", "is not a routing: expected pooled, leastRequest or roundRobin"},
            {"halfSpeedBatch", "1", "out of range: expected 0 (no slowdown) or 2 to 100000"},
            {"halfSpeedBatch", "64\n  routing: pooled", "a slowdown needs per-replica routing"},
            {"halfSpeedBatch", "many", "Simulation spec.halfSpeedBatch: 'many'"},
            {"fidelity", "fast", "'fast' is not a fidelity: expected simple or full"},
            {"eviction", "lfu", "'lfu' is not an eviction: expected lru or none"},
            {"eviction", "lru\n  routing: pooled", "eviction needs per-replica routing"},
            {"fidelity", "[full]", "spec.fidelity"},
            {"modelUnload", "-1s", "spec.modelUnload"}, {"slo", "-5ms", "spec.slo"}, {"slo", "100h", "out of range"},
            {"concurrencyPerReplica", "0", "out of range"}, {"concurrencyPerReplica", "1000001", "out of range"},
            {"concurrencyPerReplica", "x", "Simulation spec.concurrencyPerReplica: 'x'"}, {"seed", "lucky", "spec.seed"},
            {"seed", "1.5", "spec.seed"}, {"seed", "[1]", "spec.seed"}, {"replicaFailuresPerHour", "-1", "zero or more"},
            {"replicaFailuresPerHour", "1e300", "out of range"}, {"replicaFailuresPerHour", "x", "zero or more"},
            {"initial", "hot", "is not an initial state"}, {"initial", "[warm]", "spec.initial"},
            {"warmup", "2h", "is not shorter than the duration"}, {"warmup", "soon", "spec.warmup"},
            {"preset", "fastest", "is not a registered preset"}, {"modelPolicy", "model.nope", "model policy"},
            {"serverScaleUp", "server.nope", "server scale-up policy"},
            {"serverScaleDown", "server.nope", "server scale-down policy"},
            {"serviceTime", "{base: 2h}", "out of range"}, {"serviceTime", "{perToken: soon}", "perToken"},
            {"serviceTime", "fast", "serviceTime"}, {"serviceTime", "{perContextToken: 2s}", "out of range"},
            {"serviceTime", "{perContextToken: cheap}", "perContextToken"},
            {"serviceTime", "{variation: 3}", "out of range: expected 0 (none) to 2.0"},
            {"serviceTime", "{variation: -0.1}", "variation"}, {"servers", "{ghost: {memory: 1Gi}}", "no Server of that name"},
            {"servers", "{mlserver: {memory: lots}}", "servers.mlserver.memory"},
            {"servers", "{mlserver: {overcommitPercentage: -5}}", "out of range: expected 0 to 1000"},
            {"servers", "{mlserver: {overcommitPercentage: x}}", "overcommitPercentage"},
            {"servers", "{mlserver: {capabilities: gpu}}", "capabilities"},
            {"traffic", "[{azure: chat}]", "expected conversation or code"},
            {"traffic", "[{file: nowhere.csv}]", "no readable trace file"},
            {"traffic", "[{file: t.csv, format: parquet}]", "traffic[0]"},
            {"traffic", "[{azure: code, models: [ghost]}]", "no Model of that name"},
            {"traffic", "[{azure: code, zipfExponent: x}]", "zipfExponent"}, {"traffic", "[3]", "traffic[0]"},
            {"traffic", "[{}]", "a traffic entry needs azure"}, {"traffic", "code", "Simulation spec.traffic: traffic must be a list"},
            {"traffic", "[]", "no entries: expected at least one azure, file or prometheus entry"},
            {"sweep", "{speed: [1]}", "not a setting a sweep varies"},
            {"sweep", "{lagThreshold: [0]}", "sweep.lagThreshold"},
            {"sweep", "{lagThreshold: ten}", "sweep.lagThreshold"},
            {"sweep", "{initialServers: [0]}", "is not a replica count"},
            {"sweep", "{consolidationWindow: [soon]}", "is not a duration"},
            {"traffic", "[{azure: code, models: []}]", "no model named"},
            {"traffic", "[{azure: code, models: [iris, iris]}]", "'iris': named more than once"},
        };
        for (String[] c : sim) {
            cases.add(new Case("Simulation " + c[0] + ": " + c[1], SIMULATE, MODEL + "---\n" + SERVER + "---\n" + SIM
                + "  " + c[0] + ": " + c[1] + "\n", c[2]));
        }
        // HPAs
        String hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n"
            + "  scaleTargetRef:\n    apiVersion: mlops.seldon.io/v1alpha1\n    kind: KIND\n    name: TARGET\n"
            + "  minReplicas: 1\n  maxReplicas: MAX\n  metrics:\n  - type: TYPE\n    object:\n      metric:\n"
            + "        name: METRIC\n      describedObject:\n        apiVersion: mlops.seldon.io/v1alpha1\n"
            + "        kind: Model\n        name: DESCRIBED\n      target:\n        type: TTYPE\n        FIELD: VALUE\n";
        String[][] hpas = {
            {"KIND", "Deployment", "expected Model or Server"}, {"TARGET", "ghost", "no Model of that name"},
            {"MAX", "x", "spec.maxReplicas"}, {"TYPE", "Resource", "expected Object or External"},
            {"TYPE", "Pods", "expected Object or External"}, {"METRIC", "seldon_model_infer_total",
                "is not a metric the simulator measures"}, {"METRIC", "cpu", "is not a metric the simulator measures"},
            {"DESCRIBED", "ghost", "no Model of that name"}, {"TTYPE", "Utilization", "expected Value or AverageValue"},
            {"VALUE", "-3", "expected a positive quantity"}, {"VALUE", "0", "expected a positive quantity"},
            {"VALUE", "1.0001", "expected a positive quantity"}, {"VALUE", "2x", "expected a positive quantity"},
            {"VALUE", "0.0001", "expected a positive quantity"}, {"VALUE", "[3]", "averageValue"},
        };
        for (String[] c : hpas) {
            String text = hpa.replace("KIND", "Model").replace("TARGET", "iris").replace("MAX", "3")
                .replace("TYPE", "Object").replace("METRIC", "infer_rps").replace("DESCRIBED", "iris")
                .replace("TObject", "AverageValue").replace("FIELD", "averageValue").replace("VALUE", "3");
            String bad = hpa.replace(c[0], c[1]);
            for (String[] fill : new String[][] {{"KIND", "Model"}, {"TARGET", "iris"}, {"MAX", "3"},
                {"TTYPE", "AverageValue"}, {"TYPE", "Object"}, {"METRIC", "infer_rps"}, {"DESCRIBED", "iris"},
                {"FIELD", "averageValue"}, {"VALUE", "3"}}) {
                bad = bad.replace(fill[0], fill[1]);
            }
            cases.add(new Case("HPA " + c[0].toLowerCase() + ": " + c[1], SIMULATE, MODEL + "---\n" + bad, c[2]));
            assertThat(text).isNotBlank();
        }
        String oneHpa = hpa.replace("KIND", "Model").replace("TARGET", "iris").replace("MAX", "3")
            .replace("TTYPE", "AverageValue").replace("TYPE", "Object").replace("METRIC", "infer_rps")
            .replace("DESCRIBED", "iris").replace("FIELD", "averageValue").replace("VALUE", "3");
        cases.add(new Case("two HPAs on one Model", SIMULATE, MODEL + "---\n" + oneHpa + "---\n"
            + oneHpa.replace("name: h\n", "name: h2\n"), "Model iris is already scaled by HorizontalPodAutoscaler h"));
        cases.add(new Case("HPA without maxReplicas", SIMULATE, MODEL + "---\n" + hpa.replace("  maxReplicas: MAX\n",
            "").replace("KIND", "Model").replace("TARGET", "iris").replace("TTYPE", "AverageValue")
            .replace("TYPE", "Object").replace("METRIC", "infer_rps").replace("DESCRIBED", "iris")
            .replace("FIELD", "averageValue").replace("VALUE", "3"), "an HPA needs maxReplicas"));
        cases.add(new Case("HPA without metrics", SIMULATE, MODEL + "---\napiVersion: autoscaling/v2\n"
            + "kind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef:\n    kind: Model\n"
            + "    name: iris\n  maxReplicas: 3\n  metrics: []\n", "an HPA needs at least one metric"));
        cases.add(new Case("HPA behavior policy type", SIMULATE, MODEL + "---\n" + hpa.replace("KIND", "Model")
            .replace("TARGET", "iris").replace("MAX", "3").replace("TTYPE", "AverageValue").replace("TYPE", "Object")
            .replace("METRIC", "infer_rps").replace("DESCRIBED", "iris").replace("FIELD", "averageValue")
            .replace("VALUE", "3") + "  behavior:\n    scaleUp:\n      policies:\n      - type: Replicas\n"
            + "        value: 1\n        periodSeconds: 15\n", "expected Pods or Percent"));
        cases.add(new Case("HPA stabilization window", SIMULATE, MODEL + "---\n" + hpa.replace("KIND", "Model")
            .replace("TARGET", "iris").replace("MAX", "3").replace("TTYPE", "AverageValue").replace("TYPE", "Object")
            .replace("METRIC", "infer_rps").replace("DESCRIBED", "iris").replace("FIELD", "averageValue")
            .replace("VALUE", "3") + "  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 7200\n",
            "must be between 0 and 3600 seconds"));
        // the YAML itself
        String[][] yaml = {
            {"not YAML", "kind: Model\nspec: [unclosed\n", "not valid YAML"},
            {"a tab for indentation", MODEL.replace("  memory", "\tmemory"), "not valid YAML"},
            {"a key given twice", MODEL + "  memory: 2Gi\n", "'memory' is given twice"},
            {"an alias to another document", "a: &x 1\n---\nb: *x\n", "found undefined alias"},
            {"a document that is a list", "- a\n- b\n", "a document must be a mapping"},
            {"a document that is a value", "just text\n", "a document must be a mapping"},
            {"no kind", "apiVersion: v1\nmetadata:\n  name: a\n", "kind is required"},
            {"a misspelt Seldon kind", MODEL.replace("kind: Model", "kind: Modle"), "not a Seldon kind"},
            {"a wrong apiVersion", MODEL.replace("v1alpha1", "v2"), "expected mlops.seldon.io/v1alpha1"},
            {"a bad name", MODEL.replace("name: iris", "name: Bad_Name"), "is not a valid name"},
            {"no metadata", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nspec:\n  memory: 1Gi\n",
                "metadata is required"},
            {"no metadata.name", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  labels: {}\nspec:\n"
                + "  memory: 1Gi\n", "metadata.name: name is required"},
            {"spec not a mapping", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: a\n"
                + "spec: [1]\n", "spec must be a mapping"},
            {"a List with a value item", "apiVersion: v1\nkind: List\nitems:\n- 3\n", "each item must be a mapping"},
            {"nothing but a Simulation", SIM + "  seed: 1\n", "a scenario needs at least one Model or Server"},
            {"an empty file", "", "a scenario needs at least one Model or Server"},
            {"deep nesting", "a: " + "[".repeat(100) + "]".repeat(100) + "\n", "not valid YAML"},
            {"a merge key of a value", "a: &x 1\nb:\n  <<: *x\n", "a merge key (<<) takes a mapping"},
            {"a NUL character", MODEL.replace("name: iris", "name: ir\u0000is"), "bad.yaml:4: not valid YAML: the"
                + " character U+0000 is not allowed"},
            {"a key that is a list", MODEL + "  ? [a, b]\n  : 1\n", "bad.yaml:8: not valid here: a key that is a"
                + " list: expected a plain key"},
            {"a value over two lines", MODEL.replace("  memory: 1Gi\n", "  memory: |\n    1Gi\n    2Gi\n"),
                "bad.yaml:6: Model iris spec.memory: '1Gi\\n2Gi"},
            {"a name thousands of characters long", MODEL.replace("name: iris", "name: " + "a".repeat(5_000)),
                "characters)"},
        };
        for (String[] c : yaml) {
            cases.add(new Case("YAML: " + c[0], SIMULATE, c[1], c[2]));
        }
        // the command line
        String[][] cli = {
            {"no command", "", "missing command"}, {"an unknown command", "replay", "no option or command takes 'replay'"},
            {"an unknown option", "simulate --speed 3", "Unknown option"},
            {"an unknown preset", "simulate --preset fast", "unknown preset 'fast'"},
            {"an unknown preset in a list", "compare --presets documented,slow", "unknown preset 'slow'"},
            {"a preset twice", "compare --presets documented,documented", "is listed more than once"},
            {"a seed not a number", "compare --seed many", "'many' is not a whole number"},
            {"no seeds", "compare --seeds 0", "out of range"}, {"too many seeds", "compare --seeds 1001", "out of range"},
            {"seeds not a number", "compare --seeds few", "'few' is not a whole number"},
            {"seeds past the largest", "compare --scenario code --seed 9223372036854775807 --seeds 2",
                "the seeds would pass 9223372036854775807"},
            {"an unknown scenario", "compare --scenario chat", "is not a built-in scenario"},
            {"models for a trace", "simulate --scenario code --models 5", "does not apply to scenario code"},
            {"models without a scenario", "simulate --models 5", "needs a synthetic built-in scenario"},
            {"models out of range", "simulate --scenario synthetic-day --models 0", "out of range"},
            {"an unknown model policy", "simulate --model-policy guess", "unknown model policy 'guess'"},
            {"a server policy as model policy", "simulate --model-policy server.consolidating",
                "unknown model policy"},
            {"-R without -f", "simulate -R", "-R reads the directories given with -f"},
            {"a missing -f path", "simulate -f nowhere.yaml", "not found"},
            {"an empty -f path", "simulate -f ''", "an empty path"},
            {"seeds beyond a whole number", "compare --seeds 99999999999", "'99999999999' is out of range"},
            {"a tiny attainment", "simulate --scenario code --preset consolidating --param targetAttainment=1e-17",
                "is so small that the share allowed to miss"},
            {"-f without a path", "simulate -f", "Missing required parameter"},
            {"a scenario and -f", "simulate --scenario code -f x.yaml", "both name a scenario"},
            {"sweep without --out", "sweep --scenario code", "sweep needs --out DIR"},
            {"simulate: two values of a setting", "simulate --scenario code --preset consolidating --param"
                + " targetAttainment=0.9,0.99", "one value here: expected NAME=VALUE"},
            {"simulate: a setting the preset does not take", "simulate --scenario code --param lagThreshold=10"
                + " --preset consolidating", "applies to none of the presets consolidating"},
            {"compare: a bad switch", "compare --scenario code --param memoryScaleUp=maybe", "not a switch"},
            {"simulate: a setting without a value", "simulate --scenario code --param memoryScaleUp",
                "expected NAME=VALUE with NAME one of"},
            {"simulate: an unknown setting", "simulate --scenario code --param speed=1",
                "--param 'speed=1': expected NAME=VALUE with NAME one of"},
            {"compare: a setting and an unknown preset", "compare --scenario code --presets consolidating,fastest"
                + " --param busySeconds=true", "unknown preset 'fastest'"},
            {"sweep: an unknown setting", "sweep --scenario code --out OUT --param speed=1", "expected NAME=V1,V2"},
            {"sweep: a setting no preset takes", "sweep --scenario code --presets documented --out OUT --param"
                + " packingPercentage=1", "applies to none of the presets"},
            {"sweep: a setting twice", "sweep --scenario code --out OUT --param lagThreshold=1 --param"
                + " lagThreshold=2", "is given twice"},
            {"sweep: a value twice", "sweep --scenario code --out OUT --param lagThreshold=1,1", "listed twice"},
            {"sweep: an empty value", "sweep --scenario code --out OUT --param lagThreshold=1,", "a value is empty"},
            {"sweep: no threads", "sweep --scenario code --out OUT --threads 0", "out of range"},
            {"sweep: a bad shard", "sweep --scenario code --out OUT --shard 3/3", "expected I/N"},
            {"sweep: a shard that is not I/N", "sweep --scenario code --out OUT --shard half", "expected I/N"},
            {"sweep: initialServers above max", "sweep --scenario code --out OUT --param initialServers=50",
                "expected values in that range"},
            {"simulate: initialServers above max", "simulate --scenario code --param initialServers=100",
                "--param initialServers=100: server mlserver runs 1 to 10 replicas: expected values in that range"},
            {"sweep: a preset that cannot be swept", "sweep --scenario code --out OUT --presets fastest",
                "cannot be swept"},
            {"advise: --out", "advise --prometheus http://127.0.0.1:1 --out OUT", "--out does not apply to advise"},
            {"advise: --seeds", "advise --prometheus http://127.0.0.1:1 --seeds 3", "--seeds does not apply to advise"},
            {"openmetrics: --out", "openmetrics --metrics OUT/m.om --out OUT", "--out does not apply to openmetrics"},
            {"openmetrics: --seeds", "openmetrics --metrics OUT/m.om --seeds 2", "--seeds does not apply to"
                + " openmetrics"},
            {"an empty --out", "simulate --scenario code --out ''", "--out '': an empty path"},
            {"a model setting beside --model-policy", "compare --scenario code --presets seldonCore --model-policy"
                + " model.knative --param lagThreshold=5", "--param lagThreshold tunes the preset's own model policy,"
                + " which --model-policy model.knative replaces"},
            {"sweep: an empty --out", "sweep --scenario code --out ''", "--out '': an empty path"},
            {"merge: an empty --out", "sweep merge --out '' TMP", "--out '': an empty path"},
            {"an empty --decisions", "simulate --scenario code --decisions ''", "--decisions '': an empty path"},
            {"an empty --metrics", "openmetrics --metrics ''", "--metrics '': an empty path"},
            {"--decisions where no file can be made", "simulate --scenario code --decisions /proc/x.csv",
                "--decisions '/proc/x.csv' cannot be written ("},
            {"merge without shards", "sweep merge --out OUT", "Missing required parameter"},
            {"merge of a non-shard", "sweep merge --out OUT TMP", "not found: expected a shard's output directory"},
        };
        for (String[] c : cli) {
            cases.add(new Case("command line: " + c[0], c[1], null, c[2]));
        }
        return cases.stream();
    }

    /** The suite is as large as the reliability standard asks: 150 distinct bad inputs at least. */
    @Test
    void theSuite_holdsAtLeast150DistinctInputs() {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all.stream().map(c -> c.args() + "\u0000" + c.file()).distinct().count()).isEqualTo(all.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyBadInput_exitsWithTwo_andOneNamedMessagePerProblem(Case c, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        if (c.file() != null) {
            Files.writeString(file, c.file());
        }
        Files.writeString(dir.resolve("t.csv"), "arrival_seconds,model,service_seconds\n0.5,iris,0.1\n");
        String args = c.args().replace("FILE", file.toString()).replace("OUT", dir.resolve("out").toString())
            .replace("TMP", dir.toString());
        // '' stands for an empty argument, as a shell passes an empty variable
        TestRuns.CliResult result = TestRuns.cli(args.isEmpty() ? new String[0] : java.util.Arrays.stream(
            args.split(" ")).map(a -> a.equals("''") ? "" : a).toArray(String[]::new));
        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).as("standard output").isEmpty();
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err().lines().findFirst().orElse("")).contains(c.expected());
        if (c.file() != null) {
            assertThat(result.err()).contains("bad.yaml");
            assertThat(result.err().lines().filter(l -> l.startsWith("modelscale: bad.yaml")
                || l.startsWith("modelscale: warning: bad.yaml"))).as("each problem names the file").isNotEmpty();
        }
        if (!result.err().contains("Usage:")) {
            assertThat(result.err().lines().filter(l -> !l.startsWith("modelscale:") && !l.startsWith("Try '")))
                .as("every line is a modelscale: line").isEmpty();
        }
    }
}
