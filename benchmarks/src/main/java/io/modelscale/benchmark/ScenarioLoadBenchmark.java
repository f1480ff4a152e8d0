package io.modelscale.benchmark;

import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.scenario.ScenarioFile;
import io.modelscale.core.Problem;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a scenario file of many Models: one Server, a Simulation section and {@code models} Seldon Model
 * manifests (each 12 lines, as {@code kubectl get -o yaml} would trim them), written once to a temporary file.
 *
 * <p>{@code load} is {@link ScenarioFile#load(Path)}: parsing, checking every field and building the scenario.
 * {@code baselineParseOnly} only composes the same file's documents into SnakeYAML node trees (with their line
 * marks, which the loader needs for its messages), the floor any loader of it pays.
 * Each invocation is one cold load ({@code SingleShotTime}), as a user running the command line meets it.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScenarioLoadBenchmark}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ScenarioLoadBenchmark {

    /** How many Models the file holds. */
    @Param({"10000", "100000"})
    public int models;

    private Path file;

    /** Writes the file. */
    @Setup(Level.Trial)
    public void write() throws IOException {
        file = Files.createTempFile("modelscale-models-", ".yaml");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("apiVersion: mlops.seldon.io/v1alpha1\nkind: Server\nmetadata:\n  name: mlserver\nspec:\n"
                + "  replicas: " + Math.max(1, models / 125) + "\n  minReplicas: 1\n  maxReplicas: "
                + Math.max(1, models / 30) + "\n  serverConfig: mlserver\n---\n"
                + "apiVersion: modelscale.io/v1alpha1\nkind: Simulation\nspec:\n  duration: 1h\n  servers:\n"
                + "    mlserver: {memory: 64Gi, overcommitPercentage: 10}\n  traffic:\n  - azure: conversation\n"
                + "  initial: warm\n");
            for (int i = 0; i < models; i++) {
                out.write(String.format(Locale.ROOT, "---\napiVersion: mlops.seldon.io/v1alpha1\nkind: Model\n"
                    + "metadata:\n  name: model-%06d\nspec:\n"
                    + "  storageUri: \"gs://seldon-models/scv2/samples/mlserver_1.3.5/iris-sklearn\"\n"
                    + "  requirements:\n  - sklearn\n  memory: 512Mi\n  minReplicas: 1\n  maxReplicas: 8\n", i));
            }
        }
    }

    /** Removes the file. */
    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The whole load: parse, check, build. */
    @Benchmark
    public Scenario load() {
        Validation<Seq<Problem>, Scenario> loaded = ScenarioFile.load(file);
        if (loaded.isInvalid()) {
            throw new IllegalStateException(loaded.getError().map(Problem::describe).mkString("\n"));
        }
        return loaded.get();
    }

    /** SnakeYAML's composition of the same documents into node trees, nothing checked or built. */
    @Benchmark
    public long baselineParseOnly() throws IOException {
        long documents = 0;
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (org.yaml.snakeyaml.nodes.Node ignored : new org.yaml.snakeyaml.Yaml(options).composeAll(in)) {
                documents++;
            }
        }
        return documents;
    }
}
