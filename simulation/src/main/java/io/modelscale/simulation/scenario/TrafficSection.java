package io.modelscale.simulation.scenario;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.simulation.engine.Settings;
import io.modelscale.simulation.prometheus.PrometheusApi;
import io.modelscale.simulation.prometheus.PrometheusProblem;
import io.modelscale.simulation.prometheus.PrometheusTraffic;
import io.modelscale.simulation.prometheus.PrometheusUnreachable;
import io.modelscale.simulation.prometheus.TrafficQuery;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.scenario.YamlNode.Sequence;
import io.modelscale.simulation.trace.CsvTrace;
import io.modelscale.simulation.trace.RequestSource;
import io.modelscale.simulation.trace.ServiceTime;
import io.modelscale.simulation.trace.TraceProblem;
import io.modelscale.simulation.trace.Traces;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;

/**
 * The {@code traffic} list of a {@code Simulation} document: each entry an Azure trace ({@code azure: conversation}
 * or {@code code}) split over {@code models} with Zipf popularity, a CSV file ({@code file:}, format
 * {@code requests} or {@code azure}) found relative to the scenario file, or a window of each model's traffic read
 * from Prometheus ({@code prometheus:} with {@code url}, {@code start}, {@code end}, {@code step} and optionally
 * {@code selector}, {@code requestsMetric}, {@code secondsMetric}, {@code modelLabel}, {@code timeout}). Without traffic, the conversation trace is
 * split over every model.
 */
final class TrafficSection {

    private static final String WHERE = "Simulation spec";

    private TrafficSection() {
    }

    /**
     * The random streams of service-time variation start here, one per traffic entry, apart from the entries' own
     * popularity streams (0, 1, …).
     */
    private static final int VARIATION_STREAMS = 1_000;

    static LongFunction<RequestSource> read(DocumentReader reader, Option<Mapping> spec, Seq<ModelSpec> models,
                                        ServiceTime service, Settings settings, Path base) {
        java.util.Map<String, Integer> byName = new java.util.HashMap<>();
        models.zipWithIndex().forEach(m -> byName.putIfAbsent(m._1.name().value(), m._2));
        ToIntFunction<String> index = name -> byName.getOrDefault(name, -1);
        Option<Sequence> entries = spec.flatMap(s -> s.get("traffic").isEmpty() ? Option.none()
            : reader.sequence(s, "traffic", WHERE));
        if (entries.isEmpty() || models.isEmpty()) {
            int count = Math.max(1, models.size());
            return seed -> Traces.zipfSplit(Traces.Azure.CONVERSATION.open(0, service,
                Traces.stream(seed, VARIATION_STREAMS)), 0, count, 1.1, Traces.stream(seed, 0));
        }
        List<LongFunction<RequestSource>> sources = List.empty();
        int position = 0;
        if (entries.get().items().isEmpty()) {
            reader.problem(entries.get(), WHERE + ".traffic", "[]", "no entries: expected at least one azure, file or"
                + " prometheus entry (leave traffic out for the conversation trace)");
        }
        for (YamlNode item : entries.get().items()) {
            String where = WHERE + ".traffic[" + position++ + "]";
            if (!(item instanceof Mapping entry)) {
                reader.problem(item, where, item.kind(), "each traffic entry must be a mapping with azure, file or"
                    + " prometheus");
                continue;
            }
            long kinds = List.of("azure", "file", "prometheus").filter(k -> entry.get(k).isDefined()).size();
            if (kinds > 1) {
                reader.problem(entry, where, "", "an entry has one source: expected azure, file or prometheus, not"
                    + " several (one entry each)");
                continue;
            }
            if (entry.get("prometheus").isDefined() && (entry.get("models").isDefined()
                || entry.get("zipfExponent").isDefined())) {
                String field = entry.get("models").isDefined() ? "models" : "zipfExponent";
                reader.problem(entry.get(field).get(), where + "." + field, "", "does not apply to a prometheus entry:"
                    + " its series name their models (set a selector to read fewer)");
                continue;
            }
            List<String> targets = entry.get("models").isDefined() ? reader.strings(entry, "models", where)
                : models.map(m -> m.name().value()).toList();
            Option<YamlNode> named = entry.get("models").filter(YamlNode.Sequence.class::isInstance);
            if (named.isDefined() && targets.isEmpty()) {
                reader.problem(named.get(), where + ".models", "[]", "no model named: expected the models this"
                    + " traffic goes to (or no models field, for every model)");
            }
            for (String twice : named.isEmpty() ? List.<String>empty()
                : targets.groupBy(t -> t).filter(g -> g._2.size() > 1).keySet().toSortedSet().toList()) {
                reader.problem(named.get(), where + ".models", twice, "named more than once: expected each model"
                    + " once");
            }
            for (String target : targets) {
                if (index.applyAsInt(target) < 0) {
                    reader.problem(entry.get("models").get(), where + ".models", target, "no Model of that name in"
                        + " the scenario");
                }
            }
            int[] ids = targets.map(index::applyAsInt).filter(i -> i >= 0).toJavaStream().mapToInt(i -> i).toArray();
            double exponent = entry.get("zipfExponent").flatMap(n -> reader.scalar(n, where + ".zipfExponent")
                .flatMap(t -> reader.number(n, where + ".zipfExponent", t))).getOrElse(1.1);
            int stream = position - 1;
            if (entry.get("azure").isDefined()) {
                Option<String> which = reader.scalar(entry.get("azure").get(), where + ".azure");
                Traces.Azure trace = which.contains("conversation") ? Traces.Azure.CONVERSATION
                    : which.contains("code") ? Traces.Azure.CODE : null;
                if (trace == null) {
                    reader.problem(entry.get("azure").get(), where + ".azure", which.getOrElse(""),
                        "expected conversation or code");
                    continue;
                }
                sources = sources.append(seed -> spread(trace.open(0, service,
                    Traces.stream(seed, VARIATION_STREAMS + stream)), ids, exponent, Traces.stream(seed, stream)));
            } else if (entry.get("prometheus").isDefined()) {
                sources = sources.appendAll(prometheus(reader, entry.get("prometheus").get(), where + ".prometheus",
                    models, settings, stream));
            } else if (entry.get("file").isDefined()) {
                Option<LongFunction<RequestSource>> file = file(reader, entry, where, service, ids, exponent, stream,
                    index, base);
                sources = sources.appendAll(file);
            } else {
                reader.problem(entry, where, "", "a traffic entry needs azure (conversation or code), file or"
                    + " prometheus");
            }
        }
        long end = settings.duration().toNanos() / 1_000;
        List<LongFunction<RequestSource>> opened = sources;
        return seed -> Traces.until(Traces.merged(opened.map(open -> open.apply(seed)).toJavaList()), end);
    }

    private static Option<LongFunction<RequestSource>> file(DocumentReader reader, Mapping entry, String where,
                                                            ServiceTime service, int[] ids, double exponent,
                                                            int stream, ToIntFunction<String> index, Path base) {
        Option<String> name = reader.scalar(entry.get("file").get(), where + ".file");
        Option<Either<String, Path>> resolved = name.map(n -> tracePath(base, n));
        if (resolved.exists(Either::isLeft)) {
            reader.problem(entry.get("file").get(), where + ".file", name.get(), "not a valid file path: "
                + resolved.get().getLeft());
            return Option.none();
        }
        Path path = resolved.map(Either::get).getOrNull();
        if (path != null && Files.isDirectory(path)) {
            reader.problem(entry.get("file").get(), where + ".file", name.getOrElse(""),
                "'" + path + "' is a directory: expected a trace file (CSV)");
            return Option.none();
        }
        if (path == null || !Files.isReadable(path)) {
            reader.problem(entry.get("file").get(), where + ".file", name.getOrElse(""),
                "no readable trace file at " + path);
            return Option.none();
        }
        String format = entry.get("format").flatMap(n -> reader.scalar(n, where + ".format")).getOrElse("requests");
        if (!List.of("requests", "azure").contains(format)) {
            reader.problem(entry.get("format").get(), where + ".format", format, "expected requests or azure");
            return Option.none();
        }
        String fileName = path.getFileName().toString();
        return Option.some(seed -> {
            try {
                BufferedReader lines = new BufferedReader(new io.modelscale.simulation.trace.StrictUtf8Reader(
                    Files.newInputStream(path)));
                return format.equals("azure")
                    ? spread(CsvTrace.azure(lines, fileName, 0, service, Traces.stream(seed,
                        VARIATION_STREAMS + stream)), ids, exponent, Traces.stream(seed, stream))
                    : CsvTrace.requests(lines, fileName, index);
            } catch (IOException e) {
                throw new TraceProblem(fileName, "cannot be read: " + e.getMessage());
            }
        });
    }

    /** The fields of a {@code prometheus} traffic entry. */
    private static final List<String> PROMETHEUS_FIELDS = List.of("url", "start", "end", "step", "selector",
        "requestsMetric", "secondsMetric", "modelLabel", "timeout");

    /**
     * A {@code prometheus} entry: the window {@code start} to {@code end} of each model's traffic, read now, so that a
     * file replays the same window every time. A server out of reach stops the run (exit 3); any other problem is
     * the entry's, with its line.
     */
    private static Option<LongFunction<RequestSource>> prometheus(DocumentReader reader, YamlNode node, String where,
                                                                  Seq<ModelSpec> models, Settings settings,
                                                                  int stream) {
        if (!(node instanceof Mapping entry)) {
            reader.problem(node, where, node.kind(), "expected a mapping with url, start, end and step");
            return Option.none();
        }
        for (io.vavr.Tuple2<String, YamlNode> field : entry.fields()) {
            String key = field._1;
            if (!PROMETHEUS_FIELDS.contains(key)) {
                reader.problem(field._2, where + "." + key, key, "unknown field: expected one of "
                    + PROMETHEUS_FIELDS.mkString(", "));
                return Option.none();
            }
        }
        java.util.Map<String, String> text = new java.util.HashMap<>();
        for (String key : PROMETHEUS_FIELDS) {
            entry.get(key).flatMap(n -> reader.scalar(n, where + "." + key)).forEach(v -> text.put(key, v));
        }
        for (String required : List.of("url", "start", "end")) {
            if (!text.containsKey(required)) {
                reader.problem(entry, where + "." + required, io.modelscale.core.Problem.MISSING, "expected "
                    + (required.equals("url") ? "the server's address, such as http://localhost:9090"
                    : "a time: RFC 3339, such as 2026-12-01T10:00:00Z, or seconds since 1970"));
                return Option.none();
            }
        }
        Either<String, Instant> start = TrafficQuery.time(text.get("start"));
        Either<String, Instant> end = TrafficQuery.time(text.get("end"));
        Either<String, java.time.Duration> step = TrafficQuery.duration(text.getOrDefault("step", "1m"));
        Either<String, java.time.Duration> timeout = TrafficQuery.duration(text.getOrDefault("timeout", "30s"));
        for (String[] field : new String[][] {{"start", start.swap().getOrNull()}, {"end", end.swap().getOrNull()},
            {"step", step.swap().getOrNull()}, {"timeout", timeout.swap().getOrNull()}}) {
            if (field[1] != null) {
                reader.problem(entry.get(field[0]).get(), where + "." + field[0], text.get(field[0]), field[1]);
                return Option.none();
            }
        }
        TrafficQuery query = TrafficQuery.of(text.get("url"), start.get(), end.get(), step.get())
            .withSelector(text.getOrDefault("selector", ""))
            .withNames(text.getOrDefault("requestsMetric", TrafficQuery.REQUESTS),
                text.getOrDefault("secondsMetric", TrafficQuery.SECONDS),
                text.getOrDefault("modelLabel", TrafficQuery.MODEL))
            .withTimeout(timeout.get());
        Either<String, TrafficQuery> checked = query.checked();
        if (checked.isLeft()) {
            String message = checked.getLeft();
            String field = List.of("start", "end", "step", "selector", "timeout").find(f -> message.startsWith(f + " "))
                .orElse(List.of("requestsMetric", "secondsMetric", "modelLabel").find(f -> message.startsWith(
                    f.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT) + " ")))
                .filter(text::containsKey).getOrElse("url");
            reader.problem(entry.get(field).getOrElse(entry), where + "." + field, text.get(field), message);
            return Option.none();
        }
        if (!reader.readsRemoteTraffic()) {
            return Option.some(seed -> into -> false);
        }
        Either<PrometheusProblem, PrometheusTraffic> read = PrometheusApi.of(query.url(), query.timeout())
            .flatMap(api -> PrometheusTraffic.read(api, query, models.map(m -> m.name().value())));
        if (read.isLeft()) {
            if (read.getLeft().exitCode() == 3) {
                throw new PrometheusUnreachable(reader.source() + ":" + entry.line() + ": " + where + ": "
                    + read.getLeft().message());
            }
            reader.problem(entry, where, text.get("url"), read.getLeft().message());
            return Option.none();
        }
        PrometheusTraffic traffic = read.get();
        for (String warning : traffic.warnings()) {
            reader.warn(entry, where, warning);
        }
        java.time.Duration window = query.step().multipliedBy(traffic.steps());
        if (!window.equals(settings.duration())) {
            reader.warn(entry, where, "the window read (" + window.toSeconds() + " s) and the run ("
                + settings.duration().toSeconds() + " s) differ: the run " + (window.compareTo(settings.duration()) < 0
                ? "has no requests after the window" : "ends before the window does"));
        }
        return Option.some(seed -> traffic.open(seed, stream));
    }

    private static Either<String, Path> tracePath(Path base, String name) {
        try {
            return Either.right(base == null ? Path.of(name) : base.resolve(name));
        } catch (InvalidPathException e) {
            return Either.left(e.getReason());
        }
    }

    private static RequestSource spread(RequestSource source, int[] ids, double exponent, long seed) {
        if (ids.length == 0) {
            return source;
        }
        RequestSource split = Traces.zipfSplit(source, 0, ids.length, exponent, seed);
        return Traces.described(split.serviceTimes(), into -> {
            if (!split.next(into)) {
                return false;
            }
            into.model = ids[into.model];
            return true;
        });
    }
}
