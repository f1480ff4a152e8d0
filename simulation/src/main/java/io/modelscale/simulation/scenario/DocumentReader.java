package io.modelscale.simulation.scenario;

import io.modelscale.core.Problem;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.scenario.YamlNode.Scalar;
import io.modelscale.simulation.scenario.YamlNode.Sequence;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values out of YAML nodes and records, instead of throwing, every problem it meets: each names the file,
 * line and field, the bad value and what was expected. One reader serves one scenario file.
 */
final class DocumentReader {

    private static final Pattern QUANTITY = Pattern.compile(
        "([+]?(?:\\d+\\.?\\d*|\\.\\d+))((?:[eE][+-]?\\d+)|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?");

    private final String source;
    private final Seq<Segment> segments;

    /**
     * One file of a scenario read from several: its name in messages, the line its first line has in the lines of
     * all of them, and the directory its relative trace paths start from.
     *
     * @param name  the file's name as messages give it
     * @param first the global line of its line 1
     * @param base  the directory relative trace paths start from, or null for the working directory
     */
    record Segment(String name, int first, java.nio.file.Path base) {
    }
    private final java.util.List<Problem> problems = new ArrayList<>();
    private final java.util.List<Integer> problemLines = new ArrayList<>();
    private final java.util.List<Problem> warnings = new ArrayList<>();
    private final java.util.List<Integer> warningLines = new ArrayList<>();
    private final java.util.List<Boolean> warningIsDefault = new ArrayList<>();

    private boolean readRemoteTraffic = true;

    /** Whether traffic entries that read a server (prometheus) read it, or are only checked. */
    void readRemoteTraffic(boolean read) {
        readRemoteTraffic = read;
    }

    boolean readsRemoteTraffic() {
        return readRemoteTraffic;
    }

    DocumentReader(String source) {
        this(source, List.of(new Segment(source, 1, null)));
    }

    /** A reader of several files, named {@code source} as a whole, whose nodes carry global lines. */
    DocumentReader(String source, Seq<Segment> segments) {
        this.source = source;
        this.segments = segments;
    }

    /** Where a global line is: {@code file:line}. */
    String locate(int line) {
        Segment segment = segment(line);
        return segment.name() + ":" + (line - segment.first() + 1);
    }

    /** The directory relative trace paths start from for a node at this global line. */
    java.nio.file.Path base(int line) {
        return segment(line).base();
    }

    private Segment segment(int line) {
        Segment found = segments.head();
        for (Segment segment : segments) {
            if (segment.first() <= line) {
                found = segment;
            }
        }
        return found;
    }

    /** The file's name, as problems give it. */
    String source() {
        return source;
    }

    /** Every problem recorded so far, in the order of the sources and their lines. */
    Seq<Problem> problems() {
        return byLine(problems, problemLines);
    }

    /**
     * Every problem and every warning, in the order of the sources and their lines, each warning's field starting
     * with {@code warning:}: everything to show when the scenario cannot be read.
     */
    Seq<Problem> problemsAndWarnings() {
        java.util.List<Problem> all = new ArrayList<>(problems);
        java.util.List<Integer> lines = new ArrayList<>(problemLines);
        for (int i = 0; i < warnings.size(); i++) {
            if (warningIsDefault.get(i)) {
                continue;
            }
            Problem w = warnings.get(i);
            all.add(Problem.of("warning: " + w.field(), w.value(), w.message()));
            lines.add(warningLines.get(i));
        }
        return byLine(all, lines);
    }

    /** Every warning recorded so far, in line order: what was read past or assumed, each naming the file and line. */
    Seq<String> warnings() {
        return byLine(warnings, warningLines).map(Problem::describe);
    }

    private static Seq<Problem> byLine(java.util.List<Problem> items, java.util.List<Integer> lines) {
        return List.range(0, items.size()).sortBy(i -> lines.get(i)).map(items::get);
    }

    /** Records something read past or assumed, which the user should know of but which does not stop the run. */
    void warn(YamlNode at, String field, String message) {
        warnings.add(Problem.of(locate(at.line()) + ": " + field, "", message));
        warningLines.add(at.line());
        warningIsDefault.add(false);
    }

    /**
     * Records a default the scenario takes because it says nothing: a warning before the run (an error under
     * {@code --strict}), but left out of the list of problems when the scenario cannot be read anyway.
     */
    void assumed(YamlNode at, String field, String message) {
        warn(at, field, message);
        warningIsDefault.set(warningIsDefault.size() - 1, true);
    }

    /**
     * Warns of each key of {@code mapping} that is not one of {@code known}, naming it, its line and the fields
     * expected, so that a misspelt field never passes silently.
     */
    void unknownFields(Mapping mapping, String where, Seq<String> known) {
        unknownFields(mapping, where, ".", known);
    }

    /**
     * {@link #unknownFields(Mapping, String, Seq)} with each field named {@code where + separator + key}: a resource's
     * top-level fields are {@code Model iris specc}, a spec's {@code Model iris spec.replicass}. Each is reported at the
     * line of its key (a mapping value starts on the line below).
     */
    void unknownFields(Mapping mapping, String where, String separator, Seq<String> known) {
        for (var entry : mapping.fields()) {
            if (!known.contains(entry._1)) {
                warn(new YamlNode.Scalar(entry._1, mapping.keyLine(entry._1)), where + separator + entry._1,
                    "unknown field, read past: " + suggest(entry._1, known).map(s -> "did you mean " + s + "? ")
                        .getOrElse("") + "expected one of " + known.mkString(", "));
            }
        }
    }

    /** The known name closest to {@code given}, if one is within a third of its length in edits (at least one). */
    static Option<String> suggest(String given, Seq<String> known) {
        org.apache.commons.text.similarity.LevenshteinDistance distance =
            org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        int most = Math.max(1, given.length() / 3);
        return known.map(k -> io.vavr.Tuple.of(k, distance.apply(given.toLowerCase(java.util.Locale.ROOT),
                k.toLowerCase(java.util.Locale.ROOT))))
            .filter(t -> t._2 <= most).sortBy(t -> t._2).headOption().map(t -> t._1);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Whether a problem has been recorded whose field mentions {@code where}. */
    boolean hasProblemsAt(String where) {
        return problems.stream().anyMatch(p -> p.field().contains(where));
    }

    /**
     * A problem at a node: the field, the bad value and what was expected. The value is named in the message when
     * the message does not name it already.
     */
    void problem(YamlNode at, String field, Object value, String message) {
        String text = value == null ? "" : String.valueOf(value);
        boolean named = text.isBlank() || text.equals(Problem.MISSING)
            || Pattern.compile("(?<![\\w.])" + Pattern.quote(text) + "(?![\\w.])").matcher(message).find()
            || field.endsWith("." + text) || field.endsWith(" " + text)
            || List.of("a mapping", "a list", "a value", "nothing").contains(text);
        problems.add(Problem.of(locate(at.line()) + ": " + field, value, named ? message
            : "'" + text + "': " + message));
        problemLines.add(at.line());
    }

    /** A problem with the file as a whole, not one line of it. */
    void problem(String value, String message) {
        problems.add(Problem.of(source, value, message));
        problemLines.add(0);
    }

    void apiVersion(Mapping document, String expected) {
        Option<String> version = document.get("apiVersion").flatMap(n -> scalar(n, "apiVersion"));
        if (version.isEmpty()) {
            problem(document, "apiVersion", Problem.MISSING, "expected apiVersion " + expected);
        } else if (!version.get().equals(expected)) {
            problem(document.get("apiVersion").get(), "apiVersion", version.get(), "expected " + expected);
        }
    }

    /** The node of the document's {@code metadata.name}, for a problem with it; the document when there is none. */
    YamlNode metadataNameNode(Mapping document) {
        return document.get("metadata").flatMap(m -> m instanceof Mapping md ? md.get("name") : Option.none())
            .getOrElse(document);
    }

    Option<String> metadataName(Mapping document) {
        return mapping(document, "metadata", text(document, "kind", "document").getOrElse("document"))
            .flatMap(m -> text(m, "name", "metadata"));
    }

    Option<Mapping> mapping(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            problem(parent, field(where, key), Problem.MISSING, key + " is required");
            return Option.none();
        }
        if (!(node.get() instanceof Mapping mapping)) {
            problem(node.get(), field(where, key), node.get().kind(), key + " must be a mapping");
            return Option.none();
        }
        return Option.some(mapping);
    }

    /** The mapping under {@code key}, or none without a problem when the key is absent. */
    Option<Mapping> optionalMapping(Mapping parent, String key, String where) {
        return parent.get(key).isEmpty() ? Option.none() : mapping(parent, key, where);
    }

    Option<Sequence> sequence(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            problem(parent, field(where, key), Problem.MISSING, key + " is required");
            return Option.none();
        }
        if (!(node.get() instanceof Sequence sequence)) {
            problem(node.get(), field(where, key), node.get().kind(), key + " must be a list");
            return Option.none();
        }
        return Option.some(sequence);
    }

    /**
     * The name of field {@code key} read under {@code where}: a resource's own field after a space ({@code Model iris
     * spec}, {@code document kind}), a field inside a path after a dot ({@code metadata.name}, {@code Simulation
     * spec.traffic}, {@code HorizontalPodAutoscaler h spec.scaleTargetRef.kind}).
     */
    static String field(String where, String key) {
        String last = where.substring(where.lastIndexOf(' ') + 1);
        boolean path = last.startsWith("spec") || last.startsWith("metadata") || last.startsWith("status")
            || last.contains("[");
        return where + (path ? "." : " ") + key;
    }

    Option<String> text(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            problem(parent, field(where, key), Problem.MISSING, key + " is required");
            return Option.none();
        }
        return scalar(node.get(), field(where, key));
    }

    Option<String> scalar(YamlNode node, String where) {
        if (node instanceof Scalar scalar) {
            return Option.some(scalar.text());
        }
        problem(node, where, node.kind(), "expected a single value");
        return Option.none();
    }

    List<String> strings(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            return List.empty();
        }
        if (!(node.get() instanceof Sequence sequence)) {
            problem(node.get(), where, node.get().kind(), "expected a list of names");
            return List.empty();
        }
        return sequence.items().toList().flatMap(item -> scalar(item, where));
    }

    /** The whole number under {@code key} of a resource's spec, named {@code where spec.key} in a problem. */
    Option<Integer> integer(Mapping parent, String key, String where) {
        return integerField(parent, key, where + " spec." + key);
    }

    /** The whole number under {@code key} of {@code parent}, named {@code field} in a problem. */
    Option<Integer> integerField(Mapping parent, String key, String field) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            return Option.none();
        }
        return scalar(node.get(), field).flatMap(text -> {
            try {
                return Option.some(Integer.parseInt(text.strip()));
            } catch (NumberFormatException e) {
                problem(node.get(), field, text, text.strip().matches("[-+]?[0-9]+")
                    ? "out of range: expected a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    : "expected a whole number");
                return Option.none();
            }
        });
    }

    Option<Double> number(YamlNode node, String where, String text) {
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && !Double.isInfinite(value)) {
                return Option.some(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(node, where, text, "expected a number, zero or more");
        return Option.none();
    }

    Option<Duration> duration(Mapping parent, String key, String where) {
        return duration(parent, key, where, Duration.ZERO, Duration.ofDays(366));
    }

    /**
     * A duration between {@code least} and {@code most}, both included, or none with the problem recorded: written as
     * {@link DurationText} reads one, such as {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h30m} or {@code 1d}.
     */
    Option<Duration> duration(Mapping parent, String key, String where, Duration least, Duration most) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            return Option.none();
        }
        return scalar(node.get(), where + "." + key).flatMap(text -> {
            Option<BigDecimal> parsed = DurationText.nanos(text, true);
            if (parsed.isEmpty()) {
                problem(node.get(), where + "." + key, text, "expected a duration such as 500ms, 20s, 5m, 1h30m or"
                    + " 1d");
                return Option.none();
            }
            BigDecimal nanos = parsed.get();
            if (nanos.compareTo(BigDecimal.valueOf(least.toNanos())) < 0
                || nanos.compareTo(BigDecimal.valueOf(most.toNanos())) > 0) {
                problem(node.get(), where + "." + key, text, "out of range: expected " + words(least) + " to "
                    + words(most));
                return Option.none();
            }
            return Option.some(Duration.ofNanos(nanos.longValue()));
        });
    }

    /** A bound as a person writes it. */
    static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis >= 86_400_000L && millis % 86_400_000L == 0) {
            return millis / 86_400_000L + " days";
        }
        if (millis >= 3_600_000L && millis % 3_600_000L == 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis >= 1_000L && millis % 1_000L == 0) {
            return millis / 1_000L + "s";
        }
        return millis + "ms";
    }

    /**
     * A positive Kubernetes quantity in thousandths, as an HPA target holds it: a decimal number with an optional
     * suffix, binary ({@code Ki} … {@code Ei}), decimal ({@code n u m k M G T P E}) or an exponent ({@code 1e3}),
     * exact to a thousandth ({@code 2k} is 2,000,000; {@code 500m} is 500).
     */
    Option<Long> milli(YamlNode node, String where, String text) {
        Matcher matcher = QUANTITY.matcher(text.strip());
        if (matcher.matches()) {
            try {
                BigDecimal value = new BigDecimal(matcher.group(1)).multiply(factor(matcher.group(2) == null ? "" : matcher.group(2)))
                    .multiply(BigDecimal.valueOf(1000));
                if (value.signum() > 0 && value.stripTrailingZeros().scale() <= 0) {
                    return Option.some(value.longValueExact());
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
        }
        problem(node, where, text, "expected a positive quantity exact to a thousandth, such as 3, 2.5, 500m, 2k"
            + " or 1e3");
        return Option.none();
    }

    private static BigDecimal factor(String suffix) {
        int binary = List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei").indexOf(suffix);
        if (binary > 0) {
            return new BigDecimal(java.math.BigInteger.ONE.shiftLeft(10 * binary));
        }
        if (suffix.startsWith("e") || suffix.startsWith("E") && suffix.length() > 1) {
            int exponent = Integer.parseInt(suffix.substring(1));
            if (Math.abs(exponent) > 30) {
                throw new ArithmeticException("exponent out of range");
            }
            return BigDecimal.ONE.scaleByPowerOfTen(exponent);
        }
        int power = switch (suffix) {
            case "n" -> -9;
            case "u" -> -6;
            case "m" -> -3;
            case "" -> 0;
            case "k" -> 3;
            case "M" -> 6;
            case "G" -> 9;
            case "T" -> 12;
            case "P" -> 15;
            case "E" -> 18;
            default -> throw new NumberFormatException("unknown suffix " + suffix);
        };
        return BigDecimal.ONE.scaleByPowerOfTen(power);
    }

    <T> Option<T> parsed(YamlNode node, String where, Either<Problem, T> result) {
        if (result.isLeft()) {
            problem(node, where, result.getLeft().value(), result.getLeft().message());
            return Option.none();
        }
        return Option.some(result.get());
    }

    <T> Option<T> missing(Mapping parent, String where) {
        problem(parent, where, Problem.MISSING, "is required");
        return Option.none();
    }

    /**
     * A problem for every resource of {@code kind} defined again under a name already taken (names carry the
     * namespace where several mix), naming both places.
     */
    void duplicates(Seq<io.vavr.Tuple2<String, YamlNode>> named, String kind) {
        java.util.Map<String, YamlNode> first = new java.util.HashMap<>();
        for (io.vavr.Tuple2<String, YamlNode> entry : named) {
            YamlNode earlier = first.putIfAbsent(entry._1, entry._2);
            if (earlier != null) {
                problems.add(Problem.of(locate(entry._2.line()) + ": " + kind + " " + entry._1, entry._1,
                    "defined again: first at " + locate(earlier.line()) + "; expected each " + kind
                        + " once (kind, namespace and name)"));
                problemLines.add(entry._2.line());
            }
        }
    }
}
