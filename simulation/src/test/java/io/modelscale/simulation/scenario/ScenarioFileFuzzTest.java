package io.modelscale.simulation.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.modelscale.core.Problem;
import io.modelscale.simulation.engine.Scenario;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes the scenario and manifest loader ({@link ScenarioFile#read}) with arbitrary text.
 *
 * <p>In the default build this runs as a regression test over the committed inputs in
 * {@code ScenarioFileFuzzTestInputs/read} (the seed pages' manifests among them); with {@code JAZZER_FUZZ=1} (the
 * {@code fuzz} profile) Jazzer mutates them for the set time. The loader must answer every text with a scenario or
 * with problems that each name the file; an exception is a finding. Trace files named by the text are looked up in an
 * empty directory and never opened: loading checks only that they are readable.
 */
class ScenarioFileFuzzTest {

    private static final Path NO_TRACES = Path.of("target", "fuzz-no-traces");

    @FuzzTest(maxDuration = "5m")
    void read(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Validation<Seq<Problem>, Scenario> loaded = ScenarioFile.read("fuzz.yaml", new StringReader(text), NO_TRACES);
        if (loaded.isInvalid()) {
            assertThat(loaded.getError()).isNotEmpty();
            loaded.getError().forEach(problem -> {
                assertThat(problem.field().replaceFirst("^warning: ", "")).startsWith("fuzz.yaml");
                assertThat(problem.message()).isNotBlank();
            });
            return;
        }
        Scenario scenario = loaded.get();
        assertThat(scenario.models()).isNotNull();
        assertThat(scenario.servers()).isNotEmpty();
    }
}
