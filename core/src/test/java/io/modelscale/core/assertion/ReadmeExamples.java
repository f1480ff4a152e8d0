package io.modelscale.core.assertion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Checks that a README shows exactly the example a test runs: the first {@code ```java} block of the README equals,
 * indentation aside, the lines of the test between {@code // README example start} and
 * {@code // README example end}.
 */
public final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /**
     * Asserts that {@code readme} shows the example marked in {@code test}.
     *
     * @return the number of lines the README shows
     */
    public static long assertShowsTheTestedExample(Path readme, Path test) throws IOException {
        String tested = between(Files.readString(test), "// README example start\n", "        // README example end");
        String shown = between(Files.readString(readme), "```java\n", "```");
        assertThat(unindent(shown)).as("the example %s shows", readme).isEqualTo(unindent(tested));
        return shown.lines().count();
    }

    /** The text between the first {@code start} and the next {@code end} after it; both must be there. */
    public static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("marker %s", start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as("marker %s", end).isNotNegative();
        return text.substring(from + start.length(), to);
    }

    private static String unindent(String block) {
        java.util.List<String> lines = Arrays.asList(block.stripTrailing().split("\n"));
        int indent = lines.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}
