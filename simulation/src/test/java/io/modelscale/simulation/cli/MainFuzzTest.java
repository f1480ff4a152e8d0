package io.modelscale.simulation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzes the command line as a user drives it: the first line of the input is the arguments, the rest a scenario file
 * they may name as {@code FILE} ({@code OUT} is a directory to write into, {@code -} reads the same text from standard
 * input). Whatever the input, the command ends with 0 (done) or 2 (bad input): an internal error (exit 1) or a stack
 * trace on either stream is a finding.
 *
 * <p>In the default build this replays the committed inputs in {@code MainFuzzTestInputs/cli}; the {@code fuzz}
 * profile fuzzes it for the set time.
 */
class MainFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void cli(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        String scenario = newline < 0 ? "" : text.substring(newline + 1);
        Path dir = Files.createTempDirectory("modelscale-fuzz");
        try {
            Path file = Files.writeString(dir.resolve("scenario.yaml"), scenario);
            String[] args = Arrays.stream(line.strip().split("\\s+")).filter(a -> !a.isEmpty()).limit(12)
                .map(a -> a.replace("FILE", file.toString()).replace("OUT", dir.resolve("out").toString()))
                .toArray(String[]::new);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(args, new ByteArrayInputStream(scenario.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(code).as("exit code of %s: %s", Arrays.toString(args), err).isIn(0, 2);
            assertThat(err.toString() + out).doesNotContain("\tat ").doesNotContain("Exception in thread");
            if (code == 2) {
                assertThat(err.toString()).as("bad input is said").isNotBlank();
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
