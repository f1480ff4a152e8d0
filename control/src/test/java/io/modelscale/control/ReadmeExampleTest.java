package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.assertion.ReadmeExamples;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.model.ModelName;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The root README's answer to "what would the autoscaler do now, and why?" compiles, runs and prints each decision
 * with its reason; the README shows this very code, in at most 25 lines.
 */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SELF = Path.of("src", "test", "java", "io", "modelscale", "control",
        "ReadmeExampleTest.java");

    @Test
    void readmeExample_printsWhatTheAutoscalerWouldDoNowAndWhy() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream standardOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        ControlResult result;
        try {
            result = example();
        } finally {
            System.setOut(standardOut);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).containsExactlyElementsOf(result.describe());
        assertThat(out).contains("scale chat:1 from 1 to 3: 12.5/s + 25 queued x 1 s service (assumed) = 13.3"
            + " Erlangs; 99 % of waits within 1 s need 17 slots, 3 replicas of 8");
        assertThat(out).contains("load chat:1 on mlserver/");
        assertThat(result.modelDecisions()).hasSize(5);
        assertThat(result.serverDecisions()).hasSize(3);
        assertThat(result.refused()).isEmpty();
        assertThat(result.cluster().checkInvariants()).isEmpty();
    }

    @Test
    void readme_showsWhatTheExamplePrints() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream standardOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            example();
        } finally {
            System.setOut(standardOut);
        }
        String readme = Files.readString(README);
        String shown = ReadmeExamples.between(readme.substring(readme.indexOf("It prints every decision")), "```text\n", "```");
        assertThat(shown).isEqualTo(printed.toString(StandardCharsets.UTF_8));
    }

    private static ControlResult example() {
        // README example start
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Cluster cluster = ClusterBuilder.at(now)
            .server("mlserver", s -> s.replicas(2).scaling(1, 4).memory("16Gi"))
            .server("triton", s -> s.replicas(2).scaling(1, 3).memory("32Gi"))
            .model("chat", m -> m.memory("4Gi").scaling(1, 1, 6).loadedOn("mlserver", 0))
            .model("code", m -> m.memory("2Gi").scaling(1, 1, 4).loadedOn("mlserver", 1))
            .model("embed", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("mlserver", 0, 1))
            .model("vision", m -> m.memory("8Gi").scaling(1, 1, 2).loadedOn("triton", 0))
            .model("rank", m -> m.memory("1Gi").scaling(1, 1, 3).loadedOn("triton", 0))
            .buildOrThrow();
        Signals signals = Signals.none()       // in flight, queued, arrivals per second
            .with(ModelName.of("chat"), ModelSignals.of(40, 25, 12.5).withConcurrencyPerReplica(8))
            .with(ModelName.of("code"), ModelSignals.of(2, 0, 0.4).withConcurrencyPerReplica(8));
        ControlResult result = Autoscaler.of(Presets.consolidating())
            .step(ControlMemory.initial(), cluster, Trigger.tick(signals), now, new SplittableRandom(7));
        result.describe().forEach(System.out::println);
        // README example end
        return result;
    }

    @Test
    void readme_showsExactlyTheTestedExampleInAtMost25Lines() throws IOException {
        assertThat(ReadmeExamples.assertShowsTheTestedExample(README, SELF)).isLessThanOrEqualTo(25);
    }
}
