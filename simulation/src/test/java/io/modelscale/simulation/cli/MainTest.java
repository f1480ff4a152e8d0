package io.modelscale.simulation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.simulation.TestRuns;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

    @Test
    void compare_withOut_printsTheTableAndWritesCsvMarkdownAndPngCharts(@TempDir Path out) throws Exception {
        TestRuns.CliResult result = run("compare", "--out", out.toString());

        assertThat(result.code()).isZero();
        // failures a user must see come first ("!! ..."), then the table
        assertThat(result.out().lines().dropWhile(line -> line.startsWith("!! ")).findFirst()).hasValueSatisfying(
            line -> assertThat(line).startsWith("metric"));
        assertThat(result.out()).contains("documented", "seldonCore", "consolidating", "server replica-hours",
            "p99 wait", "flip-flops");
        assertThat(Files.readString(out.resolve("report.md"))).startsWith("# modelscale simulation: azure-llm-2023");
        assertThat(Files.readAllLines(out.resolve("timeline-seldonCore.csv")).get(0))
            .isEqualTo("seconds,arrivals_per_second,in_flight,model_replicas,serving_replicas,server_replicas,"
                + "packing_gap,max_outstanding_per_replica");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                .noneMatch(name -> name.endsWith(".tmp"));
        }
        for (String chart : io.modelscale.simulation.report.Charts.FILES) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isEqualTo(960);
            assertThat(distinctColours(image)).as("colours in " + chart).isGreaterThan(3);
        }
    }

    @Test
    void simulate_onePreset_printsOneColumn() {
        TestRuns.CliResult result = run("simulate", "--preset", "seldonCore", "--seed", "3");
        assertThat(result.code()).isZero();
        assertThat(result.out().lines().findFirst().get()).contains("seldonCore").doesNotContain("documented");
    }

    @Test
    void simulate_knativeModelPolicy_scalesModels() {
        TestRuns.CliResult result = run("simulate", "--model-policy", "model.knative");
        assertThat(result.code()).isZero();
        String ups = result.out().lines().filter(l -> l.startsWith("model scale-ups")).findFirst().get();
        assertThat(Integer.parseInt(ups.split("\\s+")[2])).isPositive();
    }

    @Test
    void out_atAFile_isBadInput_foundBeforeAnySimulationRuns(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        TestRuns.CliResult result = run("simulate", "--preset", "seldonCore", "--out", file.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("modelscale: --out '" + file + "' is a file: expected a directory that exists"
            + " or can be created, and can be written to\n");
    }

    @Test
    void out_underAFile_cannotBeCreated_andSaysWhy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        TestRuns.CliResult result = run("compare", "--out", file.resolve("reports").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("modelscale: --out '" + file.resolve("reports") + "' cannot be created (")
            .endsWith("expected a directory that exists or can be created, and can be written to\n")
            .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void scenario_thatIsADirectoryOrMissing_isNamedAsSuch(@TempDir Path dir) {
        TestRuns.CliResult directory = run("simulate", dir.toString());
        assertThat(directory.code()).isEqualTo(2);
        assertThat(directory.err()).isEqualTo("modelscale: " + dir + ": '" + dir + "' is a directory without .yaml,"
            + " .yml or .json files (-R reads its subdirectories too): expected manifests\n");
        Path missing = dir.resolve("nope.yaml");
        TestRuns.CliResult absent = run("simulate", missing.toString());
        assertThat(absent.code()).isEqualTo(2);
        assertThat(absent.err()).isEqualTo("modelscale: nope.yaml: '" + missing
            + "' not found: expected a scenario file (YAML or JSON), a directory of them, or - for standard input\n");
    }

    @Test
    void compare_aPresetListedTwice_isBadInput_beforeAnythingRuns(@TempDir Path dir) {
        TestRuns.CliResult result = run("compare", "--presets", "documented,seldonCore,documented", "--out",
            dir.resolve("reports").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("modelscale: --presets: 'documented' is listed more than once: expected each"
            + " preset once (a run is the same every time)\n");
        assertThat(dir.resolve("reports")).doesNotExist();
    }

    @Test
    void traceFile_thatIsADirectory_isNamedInTheScenario(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("traces"));
        Path scenario = Files.writeString(dir.resolve("s.yaml"), String.join("\n",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:", "  name: iris", "spec:",
            "  memory: 1Gi", "---",
            "apiVersion: modelscale.io/v1alpha1", "kind: Simulation", "spec:", "  traffic:", "  - file: traces", ""));
        TestRuns.CliResult result = run("simulate", scenario.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("modelscale: s.yaml:12: Simulation spec.traffic[0].file: '"
            + dir.resolve("traces") + "' is a directory: expected a trace file (CSV)\n");
    }

    @Test
    void noCommand_isBadInput_andShowsTheCommands() {
        TestRuns.CliResult result = run();
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("modelscale: missing command: expected simulate, compare, sweep, scenarios, advise or openmetrics\n")
            .contains("Usage: modelscale", "simulate", "compare");
    }

    @Test
    void anUnknownCommand_exitsWithTwo_andShowsTheCommands() {
        TestRuns.CliResult result = run("replay");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("modelscale: no option or command takes 'replay'\n")
            .contains("Usage: modelscale", "simulate", "compare", "sweep", "scenarios");
    }

    /** Every command's help prints to standard output only: a description the formatter cannot read warns there. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"simulate", "compare", "sweep", "advise", "openmetrics",
        "scenarios"})
    void everyCommandsHelp_printsNoWarning(String command) {
        TestRuns.CliResult help = run(command, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).contains("Usage: modelscale " + command);
        if (command.equals("advise") || command.equals("openmetrics")) {
            // options they read nowhere are not offered
            assertThat(help.out()).doesNotContainPattern("--out[^p]").doesNotContain("--seeds");
        }
    }

    @Test
    void help_listsTheCommandsAndExitCodes() {
        TestRuns.CliResult result = run("--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("simulate", "compare", "Exit codes:", "bad input");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown preset         | simulate --preset fast            | unknown preset 'fast': expected one of consolidating, documented, hpa, knative, rayServe, seldonCore",
        "unknown preset in list | compare --presets documented,slow | unknown preset 'slow'",
        "unknown option         | simulate --speed 3                | Unknown option: '--speed'",
        "seed not a number      | compare --seed many               | Invalid value for option '--seed': 'many' is not a whole number",
        "unknown command        | replay                            | no option or command takes 'replay'",
        "unknown model policy   | simulate --model-policy guess     | unknown model policy 'guess': expected one of model.demandLag, model.hpa, model.inferenceLag, model.inferenceLag.seldonCore, model.knative, model.rayServe, model.sloAware",
        "unknown scenario       | compare --scenario chat           | --scenario 'chat' is not a built-in scenario: expected one of mixed, conversation, code, synthetic-day",
        "models for a trace     | simulate --scenario code --models 5 | --models 5 does not apply to scenario code: expected it only with synthetic-day",
        "models without scenario| simulate --models 5               | --models 5 needs a synthetic built-in scenario: expected --scenario synthetic-day",
        "models out of range    | simulate --scenario synthetic-day --models 0 | --models 0 is out of range: expected 1 to 100000",
        "rate for a trace       | simulate --scenario code --rate 5 | --rate 5 does not apply to scenario code: expected it only with synthetic-day",
        "rate without scenario  | simulate --rate 5                 | --rate 5 needs a synthetic built-in scenario: expected --scenario synthetic-day",
        "rate out of range      | simulate --scenario synthetic-day --rate 0 | --rate 0 is out of range: expected a mean rate above 0 and at most 100000 requests per second",
        "rate not a number      | simulate --scenario synthetic-day --rate fast | Invalid value for option '--rate': 'fast' is not a number",
        "hours out of range     | simulate --scenario synthetic-day --hours 169 | --hours 169 is out of range: expected 1 to 168",
        "hours without scenario | compare --hours 2                  | --hours 2 needs a synthetic built-in scenario: expected --scenario synthetic-day",
        "unknown fidelity       | compare --fidelity best           | --fidelity 'best' is not a fidelity: expected simple or full",
        "fidelity beside a file | simulate some.yaml --fidelity full | --fidelity full applies to the built-in scenarios: expected fidelity: full in the scenario file's Simulation section",
        "no seeds               | compare --seeds 0                 | --seeds 0 is out of range: expected 1 to 1000",
        "seeds not a number     | compare --seeds few               | Invalid value for option '--seeds': 'few' is not a whole number",
    })
    void badInput_exitsWithTwoAndOneMessageWithoutStackTrace(String name, String arguments, String message) {
        TestRuns.CliResult result = run(arguments.split(" "));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void fidelityFull_theDefault_servesTheBuiltInScenarioWithBothPhasesAndPerReplicaRouting(@TempDir Path dir)
        throws Exception {
        TestRuns.CliResult simple = run("simulate", "--scenario", "code", "--preset", "seldonCore", "--fidelity",
            "simple");
        TestRuns.CliResult full = run("simulate", "--scenario", "code", "--preset", "seldonCore", "--out",
            dir.toString());
        assertThat(full.code()).as(full.err()).isZero();
        assertThat(Files.readString(dir.resolve("report.md")))
            .contains("serving: each request to the replica with the fewest outstanding requests")
            .contains("half speed when 64 run at once")
            .contains("least-recently-used models evicted beyond a server replica's memory")
            .contains("service time: 61 ms + 23.0 µs per context token + 30 ms per generated token, from each Azure"
                + " request's tokens");
        // The coding trace's prompts (median 1,500 tokens) cost 23 us each under full: the mean wait grows.
        assertThat(value(full.out(), "mean wait")).isGreaterThan(value(simple.out(), "mean wait"));
    }

    @Test
    void syntheticDay_isSizedByModelsRateAndHours() {
        TestRuns.CliResult slow = run("simulate", "--scenario", "synthetic-day", "--models", "20", "--rate", "2",
            "--hours", "1");
        TestRuns.CliResult fast = run("simulate", "--scenario", "synthetic-day", "--models", "20", "--rate", "4",
            "--hours", "1");
        assertThat(slow.code()).as(slow.err()).isZero();
        assertThat(fast.code()).as(fast.err()).isZero();
        double ratio = value(fast.out(), "requests") / value(slow.out(), "requests");
        assertThat(ratio).as("twice the mean rate brings about twice the requests").isBetween(1.8, 2.2);
        // The first hour of the day runs at about 40 % of the mean rate: 2/s * 3,600 s * 0.4 = 2,880 requests.
        assertThat(value(slow.out(), "requests")).isBetween(2_400.0, 3_400.0);
    }

    @Test
    void scenarios_listsEachBuiltInScenarioOnOneLine() {
        TestRuns.CliResult result = run("scenarios");
        assertThat(result.code()).isZero();
        assertThat(result.out().lines().map(l -> l.split("\\s+")[0]))
            .containsExactly("mixed", "conversation", "code", "synthetic-day");
        assertThat(result.out()).contains("(default)");
    }

    /**
     * Three seeds of one trace: each cell a mean ± a half-width, the seeds named; the requests are the trace's own on
     * every seed (only their models change), so their interval is exactly 0. Not on a terminal, progress comes as a
     * line every 10 %.
     */
    @Test
    void compare_severalSeeds_printsMeansWithConfidenceIntervals_andProgressLines() {
        TestRuns.CliResult result = run("compare", "--scenario", "code", "--seeds", "3", "--seed", "10", "--presets",
            "seldonCore,consolidating");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("over 3 seeds (10, 11, 12)");
        assertThat(result.out().lines().filter(l -> l.startsWith("requests")).findFirst().get())
            .contains("8819 ± 0");
        String attainment = result.out().lines().filter(l -> l.startsWith("SLO attainment")).findFirst().get();
        assertThat(attainment).matches("SLO attainment +[0-9.]+ ± [0-9.]+ +[0-9.]+ ± [0-9.]+ +%");
        assertThat(result.err().lines().filter(l -> l.startsWith("seldonCore seed 11: "))).containsExactly(
            "seldonCore seed 11: 10 %", "seldonCore seed 11: 20 %", "seldonCore seed 11: 30 %",
            "seldonCore seed 11: 40 %", "seldonCore seed 11: 50 %", "seldonCore seed 11: 60 %",
            "seldonCore seed 11: 70 %", "seldonCore seed 11: 80 %", "seldonCore seed 11: 90 %",
            "seldonCore seed 11: 100 %");
    }

    @Test
    void aScenarioFileAndABuiltInName_areBadInputTogether(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "kind: Model\n");
        TestRuns.CliResult result = run("simulate", "--scenario", "code", file.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("modelscale: --scenario code and the scenario file " + file
            + " both name a scenario: expected one of them\n");
    }

    /** The decision log holds every scale decision the table counts, with the policy and the reason's type. */
    @Test
    void decisions_areWrittenAsCsvOrJsonLines(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("decisions.csv");
        TestRuns.CliResult result = run("simulate", "--scenario", "code", "--preset", "consolidating", "--decisions",
            csv.toString());
        assertThat(result.code()).as(result.err()).isZero();
        java.util.List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("preset,seed,seconds,kind,subject,from,to,policy,reason,detail");
        long scales = Math.round(value(result.out(), "model scale-ups") + value(result.out(), "model scale-downs")
            + value(result.out(), "server scale-ups") + value(result.out(), "server scale-downs")
            + value(result.out(), "refused scale-downs"));
        assertThat(lines).hasSize((int) scales + 1);
        assertThat(lines.stream().filter(l -> l.contains(",Refused,")).count())
            .isEqualTo(Math.round(value(result.out(), "refused scale-downs")));
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith("consolidating,42,"))
            .anyMatch(l -> l.contains(",model,code-0,") && l.contains(",model.sloAware,"));

        Path jsonl = dir.resolve("decisions.jsonl");
        assertThat(run("simulate", "--scenario", "code", "--preset", "consolidating", "--decisions",
            jsonl.toString()).code()).isZero();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<String> objects = Files.readAllLines(jsonl);
        assertThat(objects).hasSize((int) scales);
        for (String line : objects) {
            var node = mapper.readTree(line);
            assertThat(node.get("preset").asText()).isEqualTo("consolidating");
            assertThat(node.get("to").asInt()).isNotEqualTo(node.get("from").asInt());
            assertThat(node.get("reason").asText()).isNotBlank();
            assertThat(node.get("seconds").isIntegralNumber()).as("whole seconds, as the CSV writes them").isTrue();
        }
    }

    /** A second run into the same --out names the timelines an earlier run left there, of presets not run now. */
    @Test
    void out_ofAnEarlierRun_namesTheTimelinesThisRunDidNotWrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results");
        assertThat(run("compare", "--scenario", "code", "--presets", "documented,seldonCore", "--out",
            out.toString()).code()).isZero();
        TestRuns.CliResult again = run("simulate", "--scenario", "code", "--preset", "documented", "--out",
            out.toString());
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("modelscale: warning: --out " + out + " also holds timeline-seldonCore.csv"
            + " from an earlier run, not written by this one").doesNotContain("timeline-documented.csv");
    }

    /** --decisions may go into the --out directory, which the command creates first. */
    @Test
    void decisions_intoTheOutDirectory_work(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results");
        var result = run("simulate", "--scenario", "code", "--out", out.toString(), "--decisions",
            out.resolve("decisions.csv").toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(out.resolve("decisions.csv")).exists();
        assertThat(out.resolve("report.md")).exists();
    }

    @Test
    void decisions_atADirectory_isBadInput_beforeAnythingRuns(@TempDir Path dir) {
        TestRuns.CliResult result = run("simulate", "--decisions", dir.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("modelscale: --decisions '" + dir + "' is a directory: expected a file path"
            + " in a directory that exists and can be written to\n");
    }

    private static double value(String table, String metric) {
        String line = table.lines().filter(l -> l.startsWith(metric + " ")).findFirst().get();
        return Double.parseDouble(line.substring(metric.length()).trim().split("\\s+")[0]);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 4) {
            for (int y = 0; y < image.getHeight(); y += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /**
     * One configuration of a sweep, on its own: {@code --param} tunes the presets it applies to, which run under the
     * tuned name with their decisions written as for any preset, and leaves the others as shipped; the same
     * configuration swept gives the same figures.
     */
    @Test
    void simulateAndCompare_runOneConfigurationOfASweep(@TempDir Path dir) throws Exception {
        TestRuns.CliResult one = run("simulate", "--scenario", "code", "--preset", "consolidating", "--param",
            "memoryScaleUp=false", "--param", "targetAttainment=0.9", "--decisions", dir.resolve("d.csv").toString());
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).startsWith("metric").contains("consolidating[targetAttainment=0.9,memoryScaleUp=false]");
        assertThat(Files.readAllLines(dir.resolve("d.csv")).get(1))
            .startsWith("\"consolidating[targetAttainment=0.9,memoryScaleUp=false]\",42,");
        TestRuns.CliResult swept = run("sweep", "--scenario", "code", "--presets", "consolidating", "--param",
            "memoryScaleUp=false", "--param", "targetAttainment=0.9", "--seeds", "1", "--out",
            dir.resolve("s").toString());
        assertThat(swept.code()).as(swept.err()).isZero();
        java.util.List<String> csv = Files.readAllLines(dir.resolve("s").resolve("sweep.csv"));
        int column = java.util.List.of(csv.get(0).split(",")).indexOf("server replica-hours mean");
        double sweptHours = Double.parseDouble(csv.get(1).split(",")[column]);
        double hours = Double.parseDouble(one.out().lines().filter(l -> l.startsWith("server replica-hours"))
            .findFirst().get().trim().split("\\s+")[2]);
        assertThat(hours).isCloseTo(sweptHours, org.assertj.core.data.Offset.offset(0.006));
        TestRuns.CliResult both = run("compare", "--scenario", "code", "--presets", "seldonCore,hpa", "--param",
            "targetPerReplica=0.25");
        assertThat(both.code()).as(both.err()).isZero();
        assertThat(both.out().lines().findFirst().get()).contains("seldonCore").contains("hpa[targetPerReplica=0.25]");
    }

    private static TestRuns.CliResult run(String... args) {
        return TestRuns.cli(args);
    }
}
