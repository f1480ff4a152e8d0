package io.modelscale.simulation.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.simulation.TestRuns;
import io.vavr.collection.List;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A sweep's output depends on its grid, scenario and seeds only: not on threads, nor on how it was sharded. */
class SweepTest {

    private static final String[] GRID = {"--scenario", "code", "--presets", "seldonCore,consolidating", "--param",
        "lagThreshold=10,30", "--param", "targetAttainment=0.9,0.99"};
    private static final List<String> FILES = List.of("sweep.csv", "sweep.md", "pareto-slo.png", "pareto-p99.png",
        "grid.txt", "bound.csv");

    @Test
    void theGrid_runsEachPresetWithTheSettingsThatApplyToIt() {
        Grid grid = Grid.parse(List.of("seldonCore", "consolidating"), List.of("lagThreshold=10,30",
            "targetAttainment=0.9,0.99", "consolidationWindow=1m,5m")).get();
        assertThat(grid.configurations().map(c -> c.tuned().name())).containsExactly(
            "seldonCore[lagThreshold=10]", "seldonCore[lagThreshold=30]",
            "consolidating[targetAttainment=0.9,consolidationWindow=1m]",
            "consolidating[targetAttainment=0.9,consolidationWindow=5m]",
            "consolidating[targetAttainment=0.99,consolidationWindow=1m]",
            "consolidating[targetAttainment=0.99,consolidationWindow=5m]");
        assertThat(grid.configurations().map(c -> c.values())).containsExactly(List.of("10", "", ""),
            List.of("30", "", ""), List.of("", "0.9", "1m"), List.of("", "0.9", "5m"), List.of("", "0.99", "1m"),
            List.of("", "0.99", "5m"));
    }

    /** initialServers applies to every preset and sets where each server starts, the models still warm. */
    @Test
    void initialServers_startsEveryServerThere_underWarmModels() {
        Grid grid = Grid.parse(List.of("documented"), List.of("initialServers=3,12")).get();
        assertThat(grid.configurations().map(c -> c.initialServers().get())).containsExactly(3, 12);
        var scenario = io.modelscale.simulation.engine.DefaultScenario.code();
        var three = Sweep.startingWith(scenario, 3);
        var report = io.modelscale.simulation.engine.Simulator.run(three, grid.configurations().head().tuned(), 1);
        assertThat(report.setup().mkString("\n")).contains("models warm (sized to the first stats period's demand),"
            + " servers as given").contains("servers mlserver 3");
        // 12 is above the server's maximum of 10: it starts at 10
        assertThat(Sweep.startingWith(scenario, 12).servers().head().spec().scaling().replicas()).isEqualTo(10);
    }

    @Test
    void oneThread_twoThreads_andThreeMergedShards_writeTheSameBytes(@TempDir Path dir) throws Exception {
        assertThat(run(with("--threads", "1", "--out", dir.resolve("one").toString())).code()).isZero();
        assertThat(run(with("--threads", "2", "--out", dir.resolve("two").toString())).code()).isZero();
        for (int i = 0; i < 3; i++) {
            TestRuns.CliResult shard = run(with("--shard", i + "/3", "--out", dir.resolve("shard" + i).toString()));
            assertThat(shard.code()).as(shard.err()).isZero();
            assertThat(dir.resolve("shard" + i).resolve("sweep.md")).doesNotExist();
        }
        TestRuns.CliResult merged = run("sweep", "merge", "--out", dir.resolve("merged").toString(),
            dir.resolve("shard2").toString(), dir.resolve("shard0").toString(), dir.resolve("shard1").toString());
        assertThat(merged.code()).as(merged.err()).isZero();
        assertThat(merged.out()).isEqualTo("sweep merge: 4 configurations from 3 shards written to "
            + dir.resolve("merged") + "\n");
        for (String file : FILES) {
            byte[] one = Files.readAllBytes(dir.resolve("one").resolve(file));
            assertThat(Files.readAllBytes(dir.resolve("two").resolve(file))).as(file).isEqualTo(one);
            assertThat(Files.readAllBytes(dir.resolve("merged").resolve(file))).as(file).isEqualTo(one);
        }
        java.util.List<String> csv = Files.readAllLines(dir.resolve("one").resolve("sweep.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("index,preset,lagThreshold,targetAttainment,seeds,requests mean,"
            + "requests ci95,SLO attainment mean");
        assertThat(Files.readString(dir.resolve("one").resolve("sweep.md"))).contains("on front");
    }

    @Test
    void aMissingOrDoubledShard_isBadInput(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(run(with("--shard", i + "/3", "--out", dir.resolve("s" + i).toString())).code()).isZero();
        }
        TestRuns.CliResult missing = run("sweep", "merge", "--out", dir.resolve("m").toString(), dir.resolve("s0").toString(),
            dir.resolve("s1").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("modelscale: shard 2 (of 0 to 2) is missing: expected every shard's directory\n");
        TestRuns.CliResult twice = run("sweep", "merge", "--out", dir.resolve("m").toString(), dir.resolve("s0").toString(),
            dir.resolve("s0").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).startsWith("modelscale: shard 0/3 is given twice");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    /** Every shard writes the same bound; a shard whose bound differs or does not read is bad input, named. */
    @Test
    void theBound_isWrittenBesideTheRows_andShardsMustAgreeOnIt(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(run(with("--shard", i + "/2", "--out", dir.resolve("s" + i).toString())).code()).isZero();
        }
        java.util.List<String> bound = Files.readAllLines(dir.resolve("s0").resolve("bound.csv"));
        assertThat(bound).hasSize(1 + io.modelscale.simulation.sweep.BoundRow.ATTAINMENTS.length);
        assertThat(bound.get(0)).isEqualTo("attainment,replica-hours mean,replica-hours ci95,seeds,models left out,"
            + "ceiling mean,ceiling ci95");
        assertThat(bound.get(1)).startsWith("0.9,");
        assertThat(bound.get(1).split(",")).hasSize(7);
        TestRuns.CliResult merged = run("sweep", "merge", "--out", dir.resolve("m").toString(),
            dir.resolve("s0").toString(), dir.resolve("s1").toString());
        assertThat(merged.code()).as(merged.err()).isZero();
        assertThat(Files.readString(dir.resolve("m").resolve("sweep.md"))).contains("## The clairvoyant bound")
            .contains("| 99 % | ");
        Files.writeString(dir.resolve("s1").resolve("bound.csv"), Files.readString(dir.resolve("s1")
            .resolve("bound.csv")).replace("0.9,", "0.8,"));
        TestRuns.CliResult differs = run("sweep", "merge", "--out", dir.resolve("m2").toString(),
            dir.resolve("s0").toString(), dir.resolve("s1").toString());
        assertThat(differs.code()).isEqualTo(2);
        assertThat(differs.err()).contains("bound.csv differs from the other shards'");
        Files.writeString(dir.resolve("s0").resolve("bound.csv"), bound.get(0) + "\n0.9,many,0,1,0\n");
        Files.writeString(dir.resolve("s1").resolve("bound.csv"), bound.get(0) + "\n0.9,many,0,1,0\n");
        TestRuns.CliResult unreadable = run("sweep", "merge", "--out", dir.resolve("m3").toString(),
            dir.resolve("s0").toString(), dir.resolve("s1").toString());
        assertThat(unreadable.code()).isEqualTo(2);
        assertThat(unreadable.err()).contains("bound.csv line 2: '0.9,many,0,1,0' is not a bound row")
            .doesNotContain("\tat ");
        Files.writeString(dir.resolve("s0").resolve("bound.csv"), "attainment,replica-hours mean,replica-hours ci95,"
            + "seeds,models left out\n0.9,1,0,1,0\n");
        Files.writeString(dir.resolve("s1").resolve("bound.csv"), "attainment,replica-hours mean,replica-hours ci95,"
            + "seeds,models left out\n0.9,1,0,1,0\n");
        TestRuns.CliResult older = run("sweep", "merge", "--out", dir.resolve("m4").toString(),
            dir.resolve("s0").toString(), dir.resolve("s1").toString());
        assertThat(older.code()).isEqualTo(2);
        assertThat(older.err()).contains("bound.csv line 1: not a bound.csv header")
            .contains("(this one has no ceiling columns: run the shard again)");
        assertThat(unreadable.err()).doesNotContain("ceiling columns");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown setting   | --param speed=1,2                      | --param 'speed=1,2': expected NAME=V1,V2,... with NAME one of lagThreshold, targetAttainment, scaleDownWindow, consolidationWindow, packingPercentage, targetPerReplica, busySeconds, memoryScaleUp, retryWhenRoomFrees, initialServers",
        "bad server count  | --param initialServers=0               | --param initialServers=0: '0' is not a replica count: expected a whole number from 1",
        "servers above max | --param initialServers=2,50            | --param initialServers=50: server mlserver runs 1 to 10 replicas: expected values in that range",
        "setting unused    | --param packingPercentage=0,50         | --param packingPercentage applies to none of the presets documented, consolidating: expected a preset it applies to (seldonCore)",
        "bad number        | --param lagThreshold=ten               | --param lagThreshold=ten: 'ten' is not a whole number: expected a whole number",
        "part of a count   | --param lagThreshold=1.5               | --param lagThreshold=1.5: '1.5' is not a whole number: expected a whole number",
        "out of range      | --param targetAttainment=0.5,1         | --param targetAttainment=1: targetAttainment must be in (0, 1), got 1.0",
        "too small to miss | --param targetAttainment=0.5,1e-17     | --param targetAttainment=1e-17: targetAttainment 1.0E-17 is so small that the share allowed to miss, 1 - targetAttainment, rounds to 1: expected at least about 6e-17",
        "bad window        | --param scaleDownWindow=5m,-1m         | --param scaleDownWindow=-1m: '-1m' is not a duration: expected one such as 90s, 5m, 1h30m or 1d",
        "bad duration      | --param consolidationWindow=soon       | --param consolidationWindow=soon: 'soon' is not a duration: expected one such as 90s, 5m, 1h30m or 1d",
        "part of a second  | --param consolidationWindow=1.5m,1.5s  | --param consolidationWindow=1.5s: '1.5s': expected a whole number of seconds, at most 366 days",
        "bad switch        | --param busySeconds=true,yes           | --param busySeconds=yes: 'yes' is not a switch: expected true or false",
        "bad memory switch | --param memoryScaleUp=no               | --param memoryScaleUp=no: 'no' is not a switch: expected true or false",
        "bad retry switch  | --param retryWhenRoomFrees=1             | --param retryWhenRoomFrees=1: '1' is not a switch: expected true or false",
        "bad shard         | --shard 3/3                            | --shard '3/3': expected I/N with 0 <= I < N, such as 0/3",
    })
    void badGridsAndShards_areNamed(String name, String arguments, String message, @TempDir Path dir) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sweep", "--scenario", "code",
            "--presets", "seldonCore,consolidating", "--out", dir.toString()));
        args.addAll(java.util.List.of(arguments.split(" ")));
        if (name.equals("setting unused")) {
            args.set(4, "documented,consolidating");
        }
        TestRuns.CliResult result = run(args.toArray(String[]::new));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains(message.replace("seldonCore, consolidating", name.equals("setting unused")
            ? "documented, consolidating" : "seldonCore, consolidating")).doesNotContain("\tat ");
    }

    /**
     * busySeconds switches the SLO-aware policy's sizing to the busy seconds: on the coding trace's bursts it buys
     * attainment with replicas, so the two configurations differ in both (a planted fault that dropped the setting
     * would give two equal rows).
     */
    @Test
    void busySeconds_isSwept(@TempDir Path dir) throws Exception {
        TestRuns.CliResult result = run("sweep", "--scenario", "code", "--presets", "consolidating", "--param",
            "busySeconds=false,true", "--out", dir.toString());
        assertThat(result.code()).as(result.err()).isZero();
        java.util.List<String> rows = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).contains(",false,");
        assertThat(rows.get(2)).contains(",true,");
        String[] off = rows.get(1).split(",");
        String[] on = rows.get(2).split(",");
        int header = java.util.Arrays.asList(rows.get(0).split(",")).indexOf("server replica-hours mean");
        int attained = java.util.Arrays.asList(rows.get(0).split(",")).indexOf("SLO attainment mean");
        assertThat(header).isPositive();
        assertThat(Double.parseDouble(on[header])).isGreaterThan(Double.parseDouble(off[header]));
        assertThat(Double.parseDouble(on[attained])).isGreaterThan(Double.parseDouble(off[attained]));
    }

    /** A scenario file may declare its sweep; a --param replaces the file's values of that setting only. */
    @Test
    void aScenarioFile_declaresItsSweep_andTheCommandLineOverridesItSettingBySetting(@TempDir Path dir)
        throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), String.join("\n",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:", "  name: iris", "spec:",
            "  memory: 1Gi", "  maxReplicas: 4", "---", "apiVersion: modelscale.io/v1alpha1", "kind: Simulation",
            "spec:", "  duration: 5m", "  sweep:", "    lagThreshold: [10, 30]", "    packingPercentage: [0, 100]",
            ""));
        TestRuns.CliResult fromFile = run("sweep", file.toString(), "--presets", "seldonCore", "--out",
            dir.resolve("a").toString());
        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        assertThat(Files.readString(dir.resolve("a").resolve("grid.txt")))
            .contains("param: lagThreshold=10,30\nparam: packingPercentage=0,100\n");
        assertThat(Files.readAllLines(dir.resolve("a").resolve("sweep.csv"))).hasSize(5);
        TestRuns.CliResult overridden = run("sweep", file.toString(), "--presets", "seldonCore", "--param", "lagThreshold=20",
            "--out", dir.resolve("b").toString());
        assertThat(overridden.code()).as(overridden.err()).isZero();
        assertThat(Files.readString(dir.resolve("b").resolve("grid.txt")))
            .contains("param: lagThreshold=20\nparam: packingPercentage=0,100\n");
        Files.writeString(file, Files.readString(file).replace("lagThreshold: [10, 30]", "speed: [1]"));
        TestRuns.CliResult bad = run("sweep", file.toString(), "--out", dir.resolve("c").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("s.yaml:14: Simulation spec.sweep.speed: not a setting a sweep varies");
    }

    /**
     * Every setting a sweep varies may be declared in a scenario file, those of the presets that are not Seldon's
     * too: {@code targetPerReplica} tunes Ray Serve's, Knative's and the HPA's targets.
     */
    @Test
    void aScenarioFile_declaresTheTargetOfTheAlternatives(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), String.join("\n",
            "apiVersion: mlops.seldon.io/v1alpha1", "kind: Model", "metadata:", "  name: iris", "spec:",
            "  memory: 1Gi", "  minReplicas: 1", "  maxReplicas: 4", "---", "apiVersion: modelscale.io/v1alpha1",
            "kind: Simulation", "spec:", "  duration: 5m", "  sweep:", "    targetPerReplica: [1, 4]", ""));
        TestRuns.CliResult result = run("sweep", file.toString(), "--presets", "rayServe,hpa", "--out",
            dir.resolve("a").toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(Files.readString(dir.resolve("a").resolve("grid.txt"))).contains("param: targetPerReplica=1,4\n");
        // two presets, two targets each, one row a configuration after the header
        assertThat(Files.readAllLines(dir.resolve("a").resolve("sweep.csv"))).hasSize(5);
        Files.writeString(file, Files.readString(file).replace("[1, 4]", "[1, 0]"));
        TestRuns.CliResult bad = run("sweep", file.toString(), "--presets", "hpa", "--out",
            dir.resolve("b").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("modelscale: ").contains("t.yaml:15: Simulation spec.sweep.targetPerReplica");
        Files.writeString(file, Files.readString(file).replace("[1, 0]", "[1, 4]"));
        TestRuns.CliResult seldon = run("sweep", file.toString(), "--presets", "seldonCore", "--out",
            dir.resolve("c").toString());
        assertThat(seldon.code()).isEqualTo(2);
        Files.writeString(file, Files.readString(file).replace("targetPerReplica: [1, 4]", "targetPerReplica: 2"));
        TestRuns.CliResult scalar = run("sweep", file.toString(), "--presets", "hpa", "--out",
            dir.resolve("d").toString());
        assertThat(scalar.code()).isEqualTo(2);
        assertThat(scalar.err().lines().filter(l -> l.contains("spec.sweep.targetPerReplica")))
            .containsExactly("modelscale: t.yaml:15: Simulation spec.sweep.targetPerReplica: '2': expected a list"
                + " of values, such as [10, 20, 30]");
        Files.writeString(file, Files.readString(file).replace("targetPerReplica: 2", "targetPerReplica: [1, 4]"));
        assertThat(seldon.err()).endsWith("modelscale: the scenario's sweep section: targetPerReplica applies to none of"
            + " the presets seldonCore: expected a preset it applies to (rayServe, knative, hpa)\n");
    }

    @Test
    void aSweepWithoutOut_isBadInput() {
        TestRuns.CliResult result = run("sweep", "--scenario", "code");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("modelscale: sweep needs --out DIR: expected a directory for sweep.csv,"
            + " sweep.md and the charts\n");
    }

    private static String[] with(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sweep"));
        args.addAll(java.util.List.of(GRID));
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    private static TestRuns.CliResult run(String... args) {
        return TestRuns.cli(args);
    }
}
