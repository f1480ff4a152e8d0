package io.modelscale.simulation.scenario;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.simulation.engine.DefaultScenario;
import io.modelscale.simulation.engine.PolicyChoice;
import io.modelscale.simulation.engine.Fidelity;
import io.modelscale.simulation.engine.ServerSetup;
import io.modelscale.simulation.engine.ServingModel;
import io.modelscale.simulation.engine.Settings;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.trace.ServiceTime;
import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedSet;
import io.vavr.control.Option;
import java.time.Duration;

/**
 * The {@code Simulation} document ({@code modelscale.io/v1alpha1}): its {@code spec} sets the run (duration, delays,
 * concurrency, SLO, service time, replica failures), the seed, the preset and policies by registered name, each
 * server's replica memory and capabilities, and the traffic ({@link TrafficSection}).
 */
final class SimulationDocument {

    private static final String WHERE = "Simulation spec";

    /** The bundle of serving settings a section gets unless it names one. */
    private static final Fidelity UNLESS_SAID = Fidelity.DEFAULT;

    private SimulationDocument() {
    }

    private static final List<String> FIELDS = List.of("duration", "statsPeriod", "serverStartup", "modelLoad",
        "modelLoadPerGi", "routing", "halfSpeedBatch", "eviction", "fidelity",
        "modelUnload", "concurrencyPerReplica", "slo", "serviceTime", "seed", "preset", "modelPolicy", "serverScaleUp",
        "serverScaleDown", "servers", "traffic", "replicaFailuresPerHour", "initial", "warmup", "sweep");

    /** Warns of every field the Simulation spec and its nested sections do not have. */
    static void fields(DocumentReader reader, Mapping spec) {
        reader.unknownFields(spec, WHERE, FIELDS);
        spec.get("serviceTime").filter(Mapping.class::isInstance).forEach(m -> reader.unknownFields((Mapping) m,
            WHERE + ".serviceTime", List.of("base", "perContextToken", "perToken", "variation")));
        spec.get("servers").filter(Mapping.class::isInstance).forEach(m -> ((Mapping) m).entries().forEach(e -> {
            if (e._2 instanceof Mapping server) {
                reader.unknownFields(server, WHERE + ".servers." + e._1, List.of("capabilities", "memory",
                    "overcommitPercentage"));
            }
        }));
        spec.get("traffic").filter(YamlNode.Sequence.class::isInstance).forEach(t -> {
            int i = 0;
            for (YamlNode item : ((YamlNode.Sequence) t).items()) {
                if (item instanceof Mapping entry) {
                    reader.unknownFields(entry, WHERE + ".traffic[" + i + "]", List.of("azure", "file", "format",
                        "models", "zipfExponent", "prometheus"));
                }
                i++;
            }
        });
    }

    /** The longest run a scenario may ask for. */
    static final Duration MAX_DURATION = Duration.ofDays(366);
    /** The most stats periods a run may have: each is a control step over the whole cluster. */
    static final long MAX_PERIODS = 1_000_000;
    /** The most replica failures per hour a scenario may ask for: one a second. */
    static final double MAX_FAILURES_PER_HOUR = 3_600;

    static Settings settings(DocumentReader reader, Option<Mapping> spec) {
        Settings d = DefaultScenario.scenario().settings().withInitial(Settings.InitialState.COLD)
            .withWarmup(Duration.ZERO);
        if (spec.isEmpty()) {
            return d;
        }
        Mapping s = spec.get();
        Duration duration = reader.duration(s, "duration", WHERE, Duration.ofSeconds(1), MAX_DURATION)
            .getOrElse(d.duration());
        Duration stats = reader.duration(s, "statsPeriod", WHERE, Duration.ofSeconds(1), Duration.ofHours(1))
            .getOrElse(d.statsPeriod());
        Duration startup = reader.duration(s, "serverStartup", WHERE, Duration.ZERO, Duration.ofDays(1))
            .getOrElse(d.serverStartup());
        Duration load = reader.duration(s, "modelLoad", WHERE, Duration.ZERO, Duration.ofDays(1))
            .getOrElse(d.modelLoad());
        Duration unload = reader.duration(s, "modelUnload", WHERE, Duration.ZERO, Duration.ofDays(1))
            .getOrElse(d.modelUnload());
        Duration loadPerGi = reader.duration(s, "modelLoadPerGi", WHERE, Duration.ZERO, Duration.ofHours(1))
            .getOrElse(d.modelLoadPerGi());
        Duration slo = reader.duration(s, "slo", WHERE, Duration.ZERO, Duration.ofDays(1)).getOrElse(d.slo());
        int concurrency = reader.integerField(s, "concurrencyPerReplica", WHERE + ".concurrencyPerReplica").getOrElse(d.concurrencyPerReplica());
        if (concurrency < 1 || concurrency > 100_000) {
            reader.problem(s.get("concurrencyPerReplica").get(), WHERE + ".concurrencyPerReplica", concurrency,
                "out of range: expected 1 to 100000");
            concurrency = 1;
        }
        if (duration.toNanos() / stats.toNanos() > MAX_PERIODS) {
            reader.problem(s.get("duration").orElse(s.get("statsPeriod")).getOrElse(s), WHERE + ".duration",
                duration.toSeconds() + "s", "is " + duration.toNanos() / stats.toNanos() + " stats periods of "
                    + stats.toSeconds() + "s: expected at most " + MAX_PERIODS + " (a longer statsPeriod or a shorter"
                    + " duration)");
        }
        if (duration.isZero()) {
            reader.problem(s.get("duration").get(), WHERE + ".duration", "0", "must be positive");
        }
        if (stats.isZero()) {
            reader.problem(s.get("statsPeriod").get(), WHERE + ".statsPeriod", "0", "must be positive");
        }
        Settings.InitialState initial = choice(reader, s, "initial", "an initial state", LinkedHashMap.of(
            "cold", Settings.InitialState.COLD, "warm", Settings.InitialState.WARM)).getOrElse(d.initial());
        Duration warmup = reader.duration(s, "warmup", WHERE, Duration.ZERO, MAX_DURATION).getOrElse(Duration.ZERO);
        Duration run = duration.isZero() ? d.duration() : duration;
        if (warmup.compareTo(run) >= 0) {
            String text = s.get("warmup").flatMap(n -> reader.scalar(n, WHERE + ".warmup")).getOrElse("");
            reader.problem(s.get("warmup").get(), WHERE + ".warmup", text, text + " is not shorter than the duration:"
                + " expected less than " + run.toSeconds() + " s");
            warmup = Duration.ZERO;
        }
        double failures = s.get("replicaFailuresPerHour").flatMap(n -> reader.scalar(n,
            WHERE + ".replicaFailuresPerHour").flatMap(t -> reader.number(n, WHERE + ".replicaFailuresPerHour", t)))
            .getOrElse(0.0);
        if (failures > MAX_FAILURES_PER_HOUR) {
            reader.problem(s.get("replicaFailuresPerHour").get(), WHERE + ".replicaFailuresPerHour",
                s.get("replicaFailuresPerHour").flatMap(n -> reader.scalar(n, WHERE)).getOrElse(""),
                "out of range: expected 0 to " + (int) MAX_FAILURES_PER_HOUR + " (one a second)");
            failures = 0;
        }
        return new Settings(d.start(), run, stats.isZero() ? d.statsPeriod() : stats, startup, load, unload,
            concurrency, slo, d.flipFlopWindow(), failures, initial, warmup, loadPerGi, serving(reader, s));
    }

    /**
     * {@code routing}, {@code halfSpeedBatch} and {@code eviction}: how requests reach replicas, share a server replica
     * and find their model in its memory.
     */
    private static ServingModel serving(DocumentReader reader, Mapping s) {
        Fidelity fidelity = choice(reader, s, "fidelity", "a fidelity",
            LinkedHashMap.ofEntries(List.of(Fidelity.values()).map(f -> Tuple.of(f.label(), f))))
            .getOrElse(UNLESS_SAID);
        ServingModel.Routing routing = choice(reader, s, "routing", "a routing", LinkedHashMap.of(
            "pooled", ServingModel.Routing.POOLED, "leastRequest", ServingModel.Routing.LEAST_REQUEST,
            "roundRobin", ServingModel.Routing.ROUND_ROBIN)).getOrElse(fidelity.serving().routing());
        int bundled = routing == ServingModel.Routing.POOLED ? 0 : fidelity.serving().halfSpeedBatch();
        int batch = reader.integerField(s, "halfSpeedBatch", WHERE + ".halfSpeedBatch").getOrElse(bundled);
        if (batch != 0 && (batch < 2 || batch > ServingModel.MAX_HALF_SPEED_BATCH)) {
            reader.problem(s.get("halfSpeedBatch").get(), WHERE + ".halfSpeedBatch", batch, "out of range: expected 0"
                + " (no slowdown) or 2 to " + ServingModel.MAX_HALF_SPEED_BATCH);
            batch = 0;
        }
        if (batch != 0 && routing == ServingModel.Routing.POOLED && s.get("halfSpeedBatch").isDefined()) {
            reader.problem(s.get("halfSpeedBatch").get(), WHERE + ".halfSpeedBatch", batch, "a slowdown needs"
                + " per-replica routing: expected routing: leastRequest or roundRobin beside it");
            batch = 0;
        }
        boolean bundledEviction = routing != ServingModel.Routing.POOLED && fidelity.serving().evictLeastRecentlyUsed();
        boolean evict = choice(reader, s, "eviction", "an eviction", LinkedHashMap.of("lru", true, "none", false))
            .getOrElse(bundledEviction);
        if (evict && routing == ServingModel.Routing.POOLED) {
            reader.problem(s.get("eviction").get(), WHERE + ".eviction", "lru", "eviction needs per-replica routing:"
                + " expected routing: leastRequest or roundRobin beside it");
            evict = false;
        }
        return new ServingModel(routing, batch, evict);
    }

    /**
     * The value {@code field} names among {@code choices}, if it is given and one of them; a value that is not names
     * the field, its line and the choices ({@code 'x' is not a routing: expected pooled, leastRequest or roundRobin}).
     */
    private static <T> Option<T> choice(DocumentReader reader, Mapping s, String field, String noun,
                                        LinkedHashMap<String, T> choices) {
        Option<YamlNode> node = s.get(field);
        Option<String> text = node.flatMap(n -> reader.scalar(n, WHERE + "." + field));
        if (text.isEmpty()) {
            return Option.none();
        }
        Option<T> chosen = choices.get(text.get().strip());
        if (chosen.isEmpty()) {
            List<String> names = choices.keySet().toList();
            String expected = names.size() == 1 ? names.head()
                : names.init().mkString(", ") + " or " + names.last();
            reader.problem(node.get(), WHERE + "." + field, text.get(),
                "'" + text.get() + "' is not " + noun + ": expected " + expected);
        }
        return chosen;
    }

    static ServiceTime serviceTime(DocumentReader reader, Option<Mapping> spec) {
        // A bad fidelity is reported once, where the serving settings are read; here it falls back to the default.
        ServiceTime d = spec.flatMap(s -> s.get("fidelity")).flatMap(n -> n instanceof YamlNode.Scalar scalar
            ? Fidelity.parse(scalar.text()).toOption() : Option.none()).getOrElse(UNLESS_SAID).serviceTime();
        Option<Mapping> service = spec.flatMap(s -> reader.optionalMapping(s, "serviceTime", WHERE));
        if (service.isEmpty()) {
            return d;
        }
        String where = WHERE + ".serviceTime";
        long base = reader.duration(service.get(), "base", where, Duration.ZERO, Duration.ofHours(1))
            .map(x -> x.toNanos() / 1000).getOrElse(d.baseMicros());
        long perContext = reader.duration(service.get(), "perContextToken", where, Duration.ZERO, Duration.ofSeconds(1))
            .map(Duration::toNanos).getOrElse(d.perContextTokenNanos());
        long perToken = reader.duration(service.get(), "perToken", where, Duration.ZERO, Duration.ofMinutes(1))
            .map(x -> x.toNanos() / 1000).getOrElse(d.perTokenMicros());
        double variation = d.variation();
        Option<YamlNode> node = service.get().get("variation");
        if (node.isDefined()) {
            Option<Double> read = reader.scalar(node.get(), where + ".variation")
                .flatMap(t -> reader.number(node.get(), where + ".variation", t));
            if (read.isDefined() && !(read.get() >= 0 && read.get() <= ServiceTime.MAX_VARIATION)) {
                reader.problem(node.get(), where + ".variation", reader.scalar(node.get(), where).getOrElse(""),
                    "out of range: expected 0 (none) to " + ServiceTime.MAX_VARIATION
                        + ", the sigma of a log-normal factor around 1");
            } else if (read.isDefined()) {
                variation = read.get();
            }
        }
        return new ServiceTime(base, perContext, perToken, variation);
    }

    /** Each replica's memory when neither a podSpec nor the Simulation section says: Seldon's ServerConfig default. */
    static final long CONFIG_DEFAULT_MEMORY = 1L << 30;

    /**
     * The servers as the run starts them. Each replica's capabilities are the Server's own
     * ({@link ServerDocument}) unless {@code spec.servers.NAME.capabilities} replaces them; its memory is, in order,
     * {@code spec.servers.NAME.memory}, the memory request of the Server's server container in its {@code podSpec},
     * or the ServerConfig default of 1Gi; its overcommit {@code spec.servers.NAME.overcommitPercentage}, else 10 %.
     * Without a Server, one server {@code default} of 16Gi replicas offering every requirement.
     */
    static Seq<ServerSetup> setups(DocumentReader reader, Seq<ServerDocument.Parsed> servers, Seq<ModelSpec> models,
                                   Option<Mapping> spec) {
        Option<Mapping> overrides = spec.flatMap(s -> reader.optionalMapping(s, "servers", WHERE));
        overrides.forEach(o -> o.fields().filter(f -> !servers.exists(s -> s.spec().name().value()
            .equals(f._1)) && !(servers.isEmpty() && f._1.equals("default"))).forEach(f -> reader.problem(
            f._2, WHERE + ".servers." + f._1, f._1, "no Server of that name in the scenario")));
        Seq<ServerDocument.Parsed> all = servers.isEmpty()
            ? List.of(new ServerDocument.Parsed(ServerSpec.of(ServerName.of("default"), new ScalingSpec(1, 1,
                MaxReplicas.of(10))), List.ofAll(models.flatMap(ModelSpec::requirements).distinct())
                .append("alibi-explain"), Option.none()))
            : servers;
        return all.map(server -> {
            String name = server.spec().name().value();
            String where = WHERE + ".servers." + name;
            Option<Mapping> override = overrides.flatMap(o -> reader.optionalMapping(o, name, WHERE + ".servers"));
            Seq<String> capabilities = server.capabilities();
            if (override.exists(o -> o.get("capabilities").isDefined())) {
                capabilities = reader.strings(override.get(), "capabilities", where + ".capabilities");
            }
            Option<Long> set = override.flatMap(o -> o.get("memory")).flatMap(n -> reader.scalar(n, where + ".memory")
                .flatMap(text -> reader.parsed(n, where + ".memory", MemoryQuantity.parse("memory", text))))
                .map(MemoryQuantity::bytes);
            long memory;
            String origin;
            if (set.isDefined()) {
                memory = set.get();
                origin = "the Simulation section's spec.servers." + name + ".memory";
            } else if (server.memory().isDefined()) {
                memory = server.memory().get().bytes();
                origin = "the memory request of container " + server.memory().get().container() + " in its podSpec";
            } else if (servers.isEmpty()) {
                memory = 16L << 30;
                origin = "the default server's";
            } else {
                memory = CONFIG_DEFAULT_MEMORY;
                origin = "the ServerConfig default";
            }
            int overcommit = override.flatMap(o -> reader.integerField(o, "overcommitPercentage", where + ".overcommitPercentage")).getOrElse(10);
            if (overcommit < 0 || overcommit > 1_000) {
                reader.problem(override.get().get("overcommitPercentage").get(), where + ".overcommitPercentage",
                    overcommit, "out of range: expected 0 to 1000");
                overcommit = 10;
            }
            return new ServerSetup(server.spec(), capabilities, new ReplicaMemory(memory, Math.max(0, overcommit)),
                origin);
        });
    }

    /** The preset and policies named, each checked against {@code registry}. */
    static PolicyChoice policies(DocumentReader reader, Option<Mapping> spec, PolicyRegistry registry) {
        return new PolicyChoice(name(reader, spec, "preset", "preset", registry.presets()),
            name(reader, spec, "modelPolicy", "model policy", registry.modelPolicies()),
            name(reader, spec, "serverScaleUp", "server scale-up policy", registry.serverScaleUps()),
            name(reader, spec, "serverScaleDown", "server scale-down policy", registry.serverScaleDowns()));
    }

    /**
     * The settings a sweep varies, from {@code sweep}: a mapping of setting names to lists of values, each returned as
     * {@code NAME=V1,V2} for {@link io.modelscale.simulation.sweep.Grid#parse}, which checks names and values.
     */
    static Seq<String> sweep(DocumentReader reader, Option<Mapping> spec) {
        Option<Mapping> sweep = spec.flatMap(s -> reader.optionalMapping(s, "sweep", WHERE));
        if (sweep.isEmpty()) {
            return List.empty();
        }
        List<String> params = List.empty();
        for (var entry : sweep.get().entries()) {
            String where = WHERE + ".sweep." + entry._1;
            if (!io.modelscale.simulation.sweep.Grid.NAMES.contains(entry._1)) {
                reader.problem(entry._2, where, entry._1, "not a setting a sweep varies: expected one of "
                    + io.modelscale.simulation.sweep.Grid.NAMES.mkString(", "));
                continue;
            }
            if (!(entry._2 instanceof YamlNode.Sequence)) {
                reader.problem(entry._2, where, entry._2 instanceof YamlNode.Scalar scalar ? scalar.text()
                    : entry._2.kind(), "expected a list of values, such as [10, 20, 30]");
                continue;
            }
            List<String> values = reader.strings(sweep.get(), entry._1, where);
            if (values.isEmpty()) {
                reader.problem(entry._2, where, entry._2.kind(), "expected a list of values, such as [10, 20, 30]");
                continue;
            }
            String param = entry._1 + "=" + values.mkString(",");
            Seq<String> presets = entry._1.equals(io.modelscale.simulation.sweep.Grid.INITIAL_SERVERS)
                ? List.of("documented") : io.modelscale.policy.Tuning.PRESETS
                .filter(p -> io.modelscale.policy.Tuning.applicable(p).contains(entry._1));
            var checked = io.modelscale.simulation.sweep.Grid.parse(presets, List.of(param));
            if (checked.isLeft()) {
                String message = checked.getLeft();
                int colon = message.indexOf(": ");
                reader.problem(entry._2, where, values.mkString(", "), colon < 0 ? message
                    : message.substring(colon + 2));
                continue;
            }
            params = params.append(param);
        }
        return params;
    }

    static Option<Long> seed(DocumentReader reader, Option<Mapping> spec) {
        Option<YamlNode> node = spec.flatMap(s -> s.get("seed"));
        return node.flatMap(n -> reader.scalar(n, WHERE + ".seed").flatMap(text -> {
            try {
                return Option.some(Long.parseLong(text.strip()));
            } catch (NumberFormatException e) {
                reader.problem(n, WHERE + ".seed", text, "expected a whole number");
                return Option.none();
            }
        }));
    }

    private static Option<String> name(DocumentReader reader, Option<Mapping> spec, String key, String kind,
                                       SortedSet<String> known) {
        Option<YamlNode> node = spec.flatMap(s -> s.get(key));
        Option<String> name = node.flatMap(n -> reader.scalar(n, WHERE + "." + key));
        if (name.isDefined() && !known.contains(name.get())) {
            reader.problem(node.get(), WHERE + "." + key, name.get(), "'" + name.get() + "' is not a registered "
                + kind + ": expected one of " + known.mkString(", "));
            return Option.none();
        }
        return name;
    }
}
