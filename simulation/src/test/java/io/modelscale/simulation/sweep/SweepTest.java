package io.modelscale.simulation.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.simulation.cli.Main;
import io.vavr.collection.List;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A sweep's output depends on its grid, scenario and seeds only: not on threads, nor on how it was sharded. */
class SweepTest {

    private static final String[] GRID = {"--scenario", "code", "--presets", "seldonCore,consolidating", "--param",
        "lagThreshold=10,30", "--param", "consolidationWindow=1m,5m"};
    private static final List<String> FILES = List.of("sweep.csv", "sweep.md", "pareto-slo.png", "pareto-p99.png",
        "grid.txt");

    @Test
    void theGrid_runsEachPresetWithTheSettingsThatApplyToIt() {
        Grid grid = Grid.parse(List.of("seldonCore", "consolidating"), List.of("lagThreshold=10,30",
            "consolidationWindow=1m,5m")).get();
        assertThat(grid.configurations().map(c -> c.tuned().name())).containsExactly(
            "seldonCore[lagThreshold=10]", "seldonCore[lagThreshold=30]",
            "consolidating[lagThreshold=10,consolidationWindow=PT1M]",
            "consolidating[lagThreshold=10,consolidationWindow=PT5M]",
            "consolidating[lagThreshold=30,consolidationWindow=PT1M]",
            "consolidating[lagThreshold=30,consolidationWindow=PT5M]");
        assertThat(grid.configurations().map(c -> c.values())).containsExactly(List.of("10", ""), List.of("30", ""),
            List.of("10", "1m"), List.of("10", "5m"), List.of("30", "1m"), List.of("30", "5m"));
    }

    @Test
    void oneThread_twoThreads_andThreeMergedShards_writeTheSameBytes(@TempDir Path dir) throws Exception {
        assertThat(run(with("--threads", "1", "--out", dir.resolve("one").toString())).code).isZero();
        assertThat(run(with("--threads", "2", "--out", dir.resolve("two").toString())).code).isZero();
        for (int i = 0; i < 3; i++) {
            Result shard = run(with("--shard", i + "/3", "--out", dir.resolve("shard" + i).toString()));
            assertThat(shard.code).as(shard.err).isZero();
            assertThat(dir.resolve("shard" + i).resolve("sweep.md")).doesNotExist();
        }
        Result merged = run("sweep", "merge", "--out", dir.resolve("merged").toString(),
            dir.resolve("shard2").toString(), dir.resolve("shard0").toString(), dir.resolve("shard1").toString());
        assertThat(merged.code).as(merged.err).isZero();
        assertThat(merged.out).isEqualTo("sweep merge: 6 configurations from 3 shards written to "
            + dir.resolve("merged") + "\n");
        for (String file : FILES) {
            byte[] one = Files.readAllBytes(dir.resolve("one").resolve(file));
            assertThat(Files.readAllBytes(dir.resolve("two").resolve(file))).as(file).isEqualTo(one);
            assertThat(Files.readAllBytes(dir.resolve("merged").resolve(file))).as(file).isEqualTo(one);
        }
        java.util.List<String> csv = Files.readAllLines(dir.resolve("one").resolve("sweep.csv"));
        assertThat(csv).hasSize(7);
        assertThat(csv.get(0)).startsWith("index,preset,lagThreshold,consolidationWindow,seeds,requests mean,"
            + "requests ci95,SLO attainment mean");
        assertThat(Files.readString(dir.resolve("one").resolve("sweep.md"))).contains("on front");
    }

    @Test
    void aMissingOrDoubledShard_isBadInput(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(run(with("--shard", i + "/3", "--out", dir.resolve("s" + i).toString())).code).isZero();
        }
        Result missing = run("sweep", "merge", "--out", dir.resolve("m").toString(), dir.resolve("s0").toString(),
            dir.resolve("s1").toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).isEqualTo("modelscale: shards 2 of 3 are missing: expected every shard's directory\n");
        Result twice = run("sweep", "merge", "--out", dir.resolve("m").toString(), dir.resolve("s0").toString(),
            dir.resolve("s0").toString());
        assertThat(twice.code).isEqualTo(2);
        assertThat(twice.err).startsWith("modelscale: shard 0/3 is given twice");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown setting   | --param speed=1,2                      | --param 'speed=1,2': expected NAME=V1,V2,... with NAME one of lagThreshold, targetUtilization, consolidationWindow, packingPercentage",
        "setting unused    | --param packingPercentage=0,50         | --param packingPercentage applies to none of the presets seldonCore, consolidating",
        "bad number        | --param lagThreshold=ten               | --param lagThreshold=ten: 'ten' is not a number: expected a whole number",
        "out of range      | --param targetUtilization=0.5,1.5      | --param targetUtilization=1.5: targetUtilization must be in (0, 1]",
        "bad duration      | --param consolidationWindow=soon       | --param consolidationWindow=soon: 'soon' is not a duration: expected one such as 90s, 5m or 1h",
        "bad shard         | --shard 3/3                            | --shard '3/3': expected I/N with 0 <= I < N, such as 0/3",
    })
    void badGridsAndShards_areNamed(String name, String arguments, String message, @TempDir Path dir) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sweep", "--scenario", "code",
            "--presets", "seldonCore,consolidating", "--out", dir.toString()));
        args.addAll(java.util.List.of(arguments.split(" ")));
        if (name.equals("setting unused")) {
            args.set(4, "documented,consolidating");
        }
        Result result = run(args.toArray(String[]::new));
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains(message.replace("seldonCore, consolidating", name.equals("setting unused")
            ? "documented, consolidating" : "seldonCore, consolidating")).doesNotContain("\tat ");
    }

    @Test
    void aSweepWithoutOut_isBadInput() {
        Result result = run("sweep", "--scenario", "code");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).isEqualTo("modelscale: sweep needs --out DIR: expected a directory for sweep.csv,"
            + " sweep.md and the charts\n");
    }

    private static String[] with(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sweep"));
        args.addAll(java.util.List.of(GRID));
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
