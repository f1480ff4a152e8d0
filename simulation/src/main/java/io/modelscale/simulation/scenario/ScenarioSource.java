package io.modelscale.simulation.scenario;

import io.modelscale.core.Problem;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One input of a scenario: a file's text, with the name messages give it, whether it is JSON, and the directory its
 * relative trace paths start from. {@link #expand} finds them as {@code kubectl apply -f} does.
 *
 * @param name the name messages give it, such as {@code manifests/iris.yaml} or {@code <stdin>}
 * @param text its text
 * @param json whether it is JSON (a {@code .json} file) rather than YAML
 * @param base the directory its relative trace paths start from, or null for the working directory
 */
public record ScenarioSource(String name, String text, boolean json, Path base) {

    /** The name standard input gets in messages. */
    public static final String STDIN = "<stdin>";

    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    public ScenarioSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** The text as a YAML source named {@code name}, trace paths relative to {@code base}. */
    public static ScenarioSource yaml(String name, String text, Path base) {
        return new ScenarioSource(name, text, false, base);
    }

    /**
     * The sources {@code paths} name, in order, as {@code kubectl apply -f} reads them: a file is read whatever its
     * name ({@code .json} as JSON, anything else as YAML); a directory gives its {@code .yaml}, {@code .yml} and
     * {@code .json} files in name order, and with {@code recursive} those of its subdirectories too, each in name
     * order where it falls; {@code -} is standard input, read once. Every path that is missing, unreadable, not UTF-8
     * text, or a directory without manifests is a problem, and then nothing is returned.
     */
    public static Validation<Seq<Problem>, Seq<ScenarioSource>> expand(Seq<String> paths, boolean recursive,
                                                                     Supplier<String> stdin) {
        List<ScenarioSource> sources = List.empty();
        List<Problem> problems = List.empty();
        boolean stdinRead = false;
        java.util.Set<Path> once = new java.util.HashSet<>();
        for (String given : paths) {
            if (given.equals("-")) {
                if (stdinRead) {
                    problems = problems.append(Problem.of("-f -", given, "standard input is named twice: expected"
                        + " it once"));
                    continue;
                }
                stdinRead = true;
                sources = sources.append(yaml(STDIN, stdin.get(), null));
                continue;
            }
            if (given.isBlank()) {
                // Path.of("") is the working directory: an empty shell variable must not read whatever is there
                problems = problems.append(Problem.of("-f", given, "an empty path: expected a file, a directory or"
                    + " - for standard input"));
                continue;
            }
            Path path;
            try {
                path = Path.of(given);
            } catch (java.nio.file.InvalidPathException e) {
                problems = problems.append(Problem.of(given, given, "not a valid path (" + e.getReason()
                    + "): expected a file, a directory or - for standard input"));
                continue;
            }
            if (Files.isDirectory(path)) {
                List<Path> files = manifests(path, recursive);
                if (files.isEmpty()) {
                    problems = problems.append(Problem.of(given, given, "'" + given + "' is a directory without"
                        + " .yaml, .yml or .json files" + (recursive ? "" : " (-R reads its subdirectories too)")
                        + ": expected manifests"));
                }
                for (Path file : files) {
                    if (!once.add(real(file))) {
                        problems = problems.append(twice(file.toString()));
                        continue;
                    }
                    var read = read(file, file.toString());
                    sources = read.isValid() ? sources.append(read.get()) : sources;
                    problems = read.isValid() ? problems : problems.append(read.getError());
                }
            } else if (!Files.exists(path)) {
                problems = problems.append(Problem.of(name(path), given, "'" + given + "' not found: expected a"
                    + " scenario file (YAML or JSON), a directory of them, or - for standard input"));
            } else if (!once.add(real(path))) {
                problems = problems.append(twice(given));
            } else {
                var read = read(path, name(path));
                sources = read.isValid() ? sources.append(read.get()) : sources;
                problems = read.isValid() ? problems : problems.append(read.getError());
            }
        }
        return problems.isEmpty() ? Validation.valid(sources) : Validation.invalid(problems);
    }

    /** The file itself, whichever way it was named (a link, a relative path), or as named if that cannot be told. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static Problem twice(String named) {
        return Problem.of(named, named, "'" + named + "' is read twice (named by more than one -f, or inside a"
            + " directory named too): expected each file once");
    }

    private static String name(Path path) {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    private static List<Path> manifests(Path directory, boolean recursive) {
        List<Path> found = List.empty();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isDirectory(entry)) {
                    if (recursive) {
                        found = found.appendAll(manifests(entry, true));
                    }
                } else if (EXTENSIONS.exists(e -> entry.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(e))) {
                    found = found.append(entry);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return found;
        }
        return found;
    }

    private static Validation<Problem, ScenarioSource> read(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return Validation.invalid(Problem.of(name, file, "'" + file + "' cannot be read ("
                + e.getClass().getSimpleName() + "): expected a readable scenario file (YAML or JSON)"));
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            return Validation.invalid(Problem.of(name + ":" + line, file, String.format(Locale.ROOT,
                "not UTF-8 text: byte 0x%02X at offset %d cannot start or continue a UTF-8 character: expected a"
                    + " scenario file (YAML or JSON) in UTF-8", bytes[at] & 0xFF, at)));
        }
        decoder.flush(out);
        String text = out.flip().toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        boolean json = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT)
            .endsWith(".json");
        return Validation.valid(new ScenarioSource(name, text, json, file.toAbsolutePath().getParent()));
    }
}
