package io.modelscale.simulation.scenario;

import io.modelscale.core.Problem;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.hpa.Behavior;
import io.modelscale.policy.hpa.HpaSpec;
import io.modelscale.policy.hpa.MetricSpec;
import io.modelscale.policy.hpa.MetricTarget;
import io.modelscale.policy.hpa.ScalingPolicy;
import io.modelscale.policy.hpa.ScalingRules;
import io.modelscale.simulation.engine.DefaultScenario;
import io.modelscale.simulation.engine.HpaTarget;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.ServerSetup;
import io.modelscale.simulation.engine.Settings;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.scenario.YamlNode.Scalar;
import io.modelscale.simulation.scenario.YamlNode.Sequence;
import io.modelscale.simulation.trace.CsvTrace;
import io.modelscale.simulation.trace.RequestSource;
import io.modelscale.simulation.trace.ServiceTime;
import io.modelscale.simulation.trace.Traces;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario file: a multi-document YAML stream of
 * <ul>
 *   <li>Seldon Core 2 {@code Model} resources ({@code mlops.seldon.io/v1alpha1}): {@code metadata.name},
 *       {@code spec.memory}, {@code spec.requirements}, {@code spec.modelType} (added to the requirements),
 *       {@code spec.server}, {@code spec.explainer}, {@code spec.replicas}, {@code spec.minReplicas} and
 *       {@code spec.maxReplicas}; other fields are read past;</li>
 *   <li>Seldon Core 2 {@code Server} resources: {@code metadata.name}, {@code spec.serverConfig} (whose known
 *       capabilities the replicas get: {@code mlserver} and {@code triton}), and the replica counts;</li>
 *   <li>{@code autoscaling/v2} {@code HorizontalPodAutoscaler}s whose {@code scaleTargetRef} is a Model or a Server of
 *       the file, with Object metrics describing a Model (read as its requests per second), and
 *       {@code behavior};</li>
 *   <li>at most one {@code Simulation} ({@code modelscale.io/v1alpha1}) whose {@code spec} sets the run: duration,
 *       delays, concurrency, SLO, seed, service time, per-server replica memory and capabilities, and traffic.</li>
 * </ul>
 * Without a Server, one server {@code default} offering every requirement is assumed; without traffic, the Azure
 * conversation trace is split over the models. Every problem is reported at once, each naming the file, the line
 * and the field, the bad value and what was expected.
 */
public final class ScenarioFile {

    private static final String SELDON = "mlops.seldon.io/v1alpha1";
    private static final String HPA = "autoscaling/v2";
    private static final String MODELSCALE = "modelscale.io/v1alpha1";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final List<String> MLSERVER = List.of("mlserver", "alibi-detect", "alibi-explain", "huggingface",
        "lightgbm", "mlflow", "python", "sklearn", "spark-mlib", "xgboost");
    private static final List<String> TRITON = List.of("triton", "dali", "fil", "onnx", "openvino", "python",
        "pytorch", "tensorflow", "tensorrt");

    private final String source;
    private final Path base;
    private final java.util.List<Problem> problems = new ArrayList<>();

    private ScenarioFile(String source, Path base) {
        this.source = source;
        this.base = base;
    }

    /** Reads the scenario in {@code file}; trace files are found relative to it. */
    public static Validation<Seq<Problem>, Scenario> load(Path file) {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(source, reader, file.toAbsolutePath().getParent());
        } catch (IOException e) {
            return Validation.invalid(List.of(Problem.of(source, file, "cannot be read: " + e.getMessage())));
        }
    }

    /** Reads a scenario from {@code reader}, naming it {@code source} in problems. */
    public static Validation<Seq<Problem>, Scenario> read(String source, Reader reader, Path base) {
        Either<String, Seq<YamlNode>> documents = YamlNode.documents(reader);
        if (documents.isLeft()) {
            String message = documents.getLeft();
            int colon = message.indexOf(": ");
            return Validation.invalid(List.of(Problem.of(source + ":" + message.substring(5, colon), "",
                message.substring(colon + 2))));
        }
        return new ScenarioFile(source, base).assemble(documents.get());
    }

    // --- assembly ----------------------------------------------------------------------------------------------

    private Validation<Seq<Problem>, Scenario> assemble(Seq<YamlNode> documents) {
        List<ModelSpec> models = List.empty();
        List<ServerSpec> servers = List.empty();
        List<Mapping> hpas = List.empty();
        Option<Mapping> simulation = Option.none();
        for (YamlNode document : documents) {
            if (document instanceof YamlNode.Null) {
                continue;
            }
            if (!(document instanceof Mapping mapping)) {
                problem(document, "document", document.kind(), "a document must be a mapping with a kind");
                continue;
            }
            Option<String> kind = text(mapping, "kind", "document");
            if (kind.isEmpty()) {
                continue;
            }
            switch (kind.get()) {
                case "Model":
                    apiVersion(mapping, SELDON);
                    models = models.appendAll(model(mapping));
                    break;
                case "Server":
                    apiVersion(mapping, SELDON);
                    servers = servers.appendAll(server(mapping));
                    break;
                case "HorizontalPodAutoscaler":
                    apiVersion(mapping, HPA);
                    hpas = hpas.append(mapping);
                    break;
                case "Simulation":
                    apiVersion(mapping, MODELSCALE);
                    if (simulation.isDefined()) {
                        problem(mapping, "kind", "Simulation", "only one Simulation document is allowed");
                    }
                    simulation = Option.some(mapping);
                    break;
                default:
                    problem(mapping.get("kind").get(), "kind", kind.get(),
                        "expected Model, Server, HorizontalPodAutoscaler or Simulation");
            }
        }
        if (models.isEmpty() && problems.isEmpty()) {
            problem(documents.isEmpty() ? new YamlNode.Null(1) : documents.head(), "document", "",
                "a scenario needs at least one Model");
        }
        duplicates(models.map(m -> m.name().value()), "Model");
        duplicates(servers.map(s -> s.name().value()), "Server");
        Option<Mapping> spec = simulation.flatMap(s -> mapping(s, "spec", "Simulation"));
        Settings settings = settings(spec);
        ServiceTime service = serviceTime(spec);
        Seq<ServerSetup> setups = setups(servers, models, spec);
        List<ModelSpec> allModels = models;
        List<ServerSpec> allServers = servers;
        Seq<HpaTarget> targets = hpas.flatMap(h -> hpa(h, allModels, allServers));
        Supplier<RequestSource> traffic = traffic(spec, models, service, settings);
        Option<String> preset = preset(spec);
        Option<Long> seed = seed(spec);
        if (!problems.isEmpty()) {
            return Validation.invalid(List.ofAll(problems));
        }
        return Validation.valid(new Scenario(source, setups, models, traffic, settings, targets, preset, seed));
    }

    private Option<ModelSpec> model(Mapping document) {
        Option<ModelName> name = metadataName(document).flatMap(n -> parsed(document, "metadata.name",
            ModelName.parse(n)));
        Option<Mapping> spec = mapping(document, "spec", "Model");
        if (name.isEmpty() || spec.isEmpty()) {
            return Option.none();
        }
        String where = "Model " + name.get();
        ModelSpec.Builder builder = ModelSpec.builder();
        builder.name(name.get());
        Option<MemoryQuantity> memory = spec.get().get("memory").flatMap(node -> scalar(node, where + " spec.memory")
            .flatMap(text -> parsed(node, where + " spec.memory", MemoryQuantity.parse("spec.memory", text))));
        memory.forEach(builder::memory);
        List<String> requirements = strings(spec.get(), "requirements", where + " spec.requirements");
        Option<String> modelType = spec.get().get("modelType").flatMap(n -> scalar(n, where + " spec.modelType"));
        builder.requirements(requirements.appendAll(modelType));
        spec.get().get("server").flatMap(n -> scalar(n, where + " spec.server")
            .flatMap(text -> parsed(n, where + " spec.server", ServerName.parse(text))))
            .forEach(server -> builder.requestedServer(Option.some(server)));
        builder.explainer(spec.get().get("explainer").isDefined());
        Option<ScalingSpec> scaling = scaling(spec.get(), where);
        scaling.forEach(builder::scaling);
        return scaling.isDefined() && (spec.get().get("memory").isEmpty() || memory.isDefined())
            ? Option.some(builder.build()) : Option.none();
    }

    private Option<ServerSpec> server(Mapping document) {
        Option<ServerName> name = metadataName(document).flatMap(n -> parsed(document, "metadata.name",
            ServerName.parse(n)));
        Option<Mapping> spec = document.get("spec").isEmpty() ? Option.some(new Mapping(
            io.vavr.collection.LinkedHashMap.empty(), document.line())) : mapping(document, "spec", "Server");
        if (name.isEmpty() || spec.isEmpty()) {
            return Option.none();
        }
        spec.get().get("serverConfig").forEach(n -> scalar(n, "Server " + name.get() + " spec.serverConfig"));
        return scaling(spec.get(), "Server " + name.get()).map(s -> ServerSpec.of(name.get(), s));
    }

    private Option<ScalingSpec> scaling(Mapping spec, String where) {
        Option<Integer> replicas = integer(spec, "replicas", where);
        Option<Integer> min = integer(spec, "minReplicas", where);
        Option<Integer> max = integer(spec, "maxReplicas", where);
        if (problems.stream().anyMatch(p -> p.field().contains(where + " spec."))) {
            return Option.none();
        }
        Validation<Seq<Problem>, ScalingSpec> validated = ScalingSpec.validate(replicas, min, max);
        if (validated.isInvalid()) {
            for (Problem problem : validated.getError()) {
                YamlNode at = spec.get(problem.field()).getOrElse(spec);
                problem(at, where + " spec." + problem.field(), problem.value(), problem.message());
            }
            return Option.none();
        }
        return Option.some(validated.get());
    }

    private Seq<HpaTarget> hpa(Mapping document, Seq<ModelSpec> models, Seq<ServerSpec> servers) {
        Option<String> name = metadataName(document);
        Option<Mapping> spec = mapping(document, "spec", "HorizontalPodAutoscaler");
        if (name.isEmpty() || spec.isEmpty()) {
            return List.empty();
        }
        String where = "HorizontalPodAutoscaler " + name.get();
        Option<Mapping> ref = mapping(spec.get(), "scaleTargetRef", where + " spec");
        Option<String> kind = ref.flatMap(r -> text(r, "kind", where + " spec.scaleTargetRef"));
        Option<String> target = ref.flatMap(r -> text(r, "name", where + " spec.scaleTargetRef"));
        if (kind.isDefined() && !List.of("Model", "Server").contains(kind.get())) {
            problem(ref.get().get("kind").get(), where + " spec.scaleTargetRef.kind", kind.get(),
                "expected Model or Server");
            kind = Option.none();
        }
        if (kind.contains("Model") && target.isDefined() && !models.exists(m -> m.name().value().equals(target.get()))
            || kind.contains("Server") && target.isDefined()
            && !servers.exists(s -> s.name().value().equals(target.get()))) {
            problem(ref.get().get("name").get(), where + " spec.scaleTargetRef.name", target.get(),
                "no " + kind.get() + " of that name in the scenario");
        }
        int min = integer(spec.get(), "minReplicas", where).getOrElse(1);
        Option<Integer> max = integer(spec.get(), "maxReplicas", where);
        if (max.isEmpty() && spec.get().get("maxReplicas").isEmpty()) {
            problem(spec.get(), where + " spec.maxReplicas", Problem.MISSING, "an HPA needs maxReplicas");
        }
        Option<Sequence> metrics = sequence(spec.get(), "metrics", where + " spec");
        List<MetricSpec> parsed = List.empty();
        Option<String> described = Option.none();
        for (Sequence list : metrics) {
            for (YamlNode item : list.items()) {
                Option<Tuple> metric = metric(item, where + " spec.metrics", models);
                parsed = parsed.appendAll(metric.map(Tuple::spec));
                described = described.orElse(metric.map(Tuple::model));
            }
            if (list.items().isEmpty()) {
                problem(list, where + " spec.metrics", "[]", "an HPA needs at least one metric");
            }
        }
        Option<Behavior> behavior = spec.get().get("behavior").flatMap(n -> behavior(n, where + " spec.behavior"));
        if (kind.isEmpty() || target.isEmpty() || max.isEmpty() || parsed.isEmpty()
            || problems.stream().anyMatch(p -> p.field().contains(where))) {
            return List.empty();
        }
        try {
            HpaSpec hpa = new HpaSpec(min, max.get(), parsed, behavior);
            return List.of(new HpaTarget(name.get(), kind.get(), target.get(), described.getOrElse(target.get()), hpa));
        } catch (IllegalArgumentException e) {
            problem(spec.get(), where + " spec", "", e.getMessage());
            return List.empty();
        }
    }

    private record Tuple(MetricSpec spec, String model) {
    }

    private Option<Tuple> metric(YamlNode node, String where, Seq<ModelSpec> models) {
        if (!(node instanceof Mapping item)) {
            problem(node, where, node.kind(), "each metric must be a mapping with a type");
            return Option.none();
        }
        Option<String> type = text(item, "type", where);
        if (type.isEmpty()) {
            return Option.none();
        }
        if (!type.get().equals("Object")) {
            problem(item.get("type").get(), where + ".type", type.get(),
                "the simulator reads Object metrics describing a Model (requests per second)");
            return Option.none();
        }
        Option<Mapping> object = mapping(item, "object", where);
        Option<String> name = object.flatMap(o -> mapping(o, "metric", where + ".object"))
            .flatMap(m -> text(m, "name", where + ".object.metric"));
        Option<String> model = object.flatMap(o -> mapping(o, "describedObject", where + ".object"))
            .flatMap(d -> text(d, "name", where + ".object.describedObject"));
        model.filter(m -> !models.exists(s -> s.name().value().equals(m))).forEach(m -> problem(
            object.get().get("describedObject").get(), where + ".object.describedObject.name", m,
            "no Model of that name in the scenario"));
        Option<Mapping> target = object.flatMap(o -> mapping(o, "target", where + ".object"));
        Option<String> targetType = target.flatMap(t -> text(t, "type", where + ".object.target"));
        Option<MetricTarget> parsed = Option.none();
        if (targetType.contains("Value") || targetType.contains("AverageValue")) {
            String field = targetType.get().equals("Value") ? "value" : "averageValue";
            parsed = target.flatMap(t -> t.get(field).isEmpty()
                ? missing(t, where + ".object.target." + field) : t.get(field))
                .flatMap(n -> scalar(n, where + ".object.target." + field)
                    .flatMap(text -> milli(n, where + ".object.target." + field, text)))
                .map(milli -> targetType.get().equals("Value") ? new MetricTarget.Value(milli)
                    : new MetricTarget.AverageValue(milli));
        } else if (targetType.isDefined()) {
            problem(target.get().get("type").get(), where + ".object.target.type", targetType.get(),
                "expected Value or AverageValue");
        }
        if (name.isEmpty() || parsed.isEmpty() || model.isEmpty()) {
            return Option.none();
        }
        return Option.some(new Tuple(new MetricSpec.ObjectMetric(name.get(), parsed.get()), model.get()));
    }

    private Option<Behavior> behavior(YamlNode node, String where) {
        if (!(node instanceof Mapping mapping)) {
            problem(node, where, node.kind(), "expected a mapping of scaleUp and scaleDown");
            return Option.none();
        }
        Option<ScalingRules> up = mapping.get("scaleUp").flatMap(n -> rules(n, where + ".scaleUp", true));
        Option<ScalingRules> down = mapping.get("scaleDown").flatMap(n -> rules(n, where + ".scaleDown", false));
        return Option.some(Behavior.of(up, down));
    }

    private Option<ScalingRules> rules(YamlNode node, String where, boolean up) {
        if (!(node instanceof Mapping mapping)) {
            problem(node, where, node.kind(), "expected a mapping of stabilizationWindowSeconds, selectPolicy and"
                + " policies");
            return Option.none();
        }
        ScalingRules defaults = up ? ScalingRules.scaleUpDefaults() : ScalingRules.scaleDownDefaults();
        Option<Integer> window = integer(mapping, "stabilizationWindowSeconds", where);
        window.filter(w -> w > 3600).forEach(w -> problem(mapping.get("stabilizationWindowSeconds").get(),
            where + ".stabilizationWindowSeconds", w, "must be between 0 and 3600 seconds"));
        ScalingRules.SelectPolicy select = defaults.selectPolicy();
        Option<String> selected = mapping.get("selectPolicy").flatMap(n -> scalar(n, where + ".selectPolicy"));
        if (selected.isDefined()) {
            switch (selected.get()) {
                case "Max": select = ScalingRules.SelectPolicy.MAX; break;
                case "Min": select = ScalingRules.SelectPolicy.MIN; break;
                case "Disabled": select = ScalingRules.SelectPolicy.DISABLED; break;
                default:
                    problem(mapping.get("selectPolicy").get(), where + ".selectPolicy", selected.get(),
                        "expected Max, Min or Disabled");
            }
        }
        Seq<ScalingPolicy> policies = defaults.policies();
        if (mapping.get("policies").isDefined()) {
            policies = sequence(mapping, "policies", where).map(s -> s.items().flatMap(item -> policy(item,
                where + ".policies"))).getOrElse(List.empty());
        }
        Option<Integer> effectiveWindow = window.filter(w -> w <= 3600).orElse(defaults.stabilizationWindowSeconds());
        return Option.some(new ScalingRules(effectiveWindow, select, policies, Option.none()));
    }

    private Option<ScalingPolicy> policy(YamlNode node, String where) {
        if (!(node instanceof Mapping mapping)) {
            problem(node, where, node.kind(), "each policy must be a mapping of type, value and periodSeconds");
            return Option.none();
        }
        Option<String> type = text(mapping, "type", where);
        Option<Integer> value = integer(mapping, "value", where);
        Option<Integer> period = integer(mapping, "periodSeconds", where);
        if (type.isDefined() && !List.of("Pods", "Percent").contains(type.get())) {
            problem(mapping.get("type").get(), where + ".type", type.get(), "expected Pods or Percent");
            return Option.none();
        }
        value.filter(v -> v < 1).forEach(v -> problem(mapping.get("value").get(), where + ".value", v,
            "must be positive"));
        period.filter(p -> p < 1 || p > 1800).forEach(p -> problem(mapping.get("periodSeconds").get(),
            where + ".periodSeconds", p, "must be between 1 and 1800 seconds"));
        if (type.isEmpty() || value.isEmpty() || period.isEmpty() || value.get() < 1 || period.get() < 1
            || period.get() > 1800) {
            return Option.none();
        }
        return Option.some(new ScalingPolicy(type.get().equals("Pods") ? ScalingPolicy.Type.PODS
            : ScalingPolicy.Type.PERCENT, value.get(), period.get()));
    }

    private Option<String> preset(Option<Mapping> spec) {
        Option<YamlNode> node = spec.flatMap(s -> s.get("preset"));
        Option<String> name = node.flatMap(n -> scalar(n, "Simulation spec.preset"));
        if (name.isDefined() && !List.of("documented", "seldonCore", "consolidating").contains(name.get())) {
            problem(node.get(), "Simulation spec.preset", name.get(), "expected documented, seldonCore or consolidating");
            return Option.none();
        }
        return name;
    }

    private Option<Long> seed(Option<Mapping> spec) {
        Option<YamlNode> node = spec.flatMap(s -> s.get("seed"));
        return node.flatMap(n -> scalar(n, "Simulation spec.seed").flatMap(text -> {
            try {
                return Option.some(Long.parseLong(text.strip()));
            } catch (NumberFormatException e) {
                problem(n, "Simulation spec.seed", text, "expected a whole number");
                return Option.none();
            }
        }));
    }

    private Settings settings(Option<Mapping> spec) {
        Settings d = DefaultScenario.scenario().settings();
        if (spec.isEmpty()) {
            return d;
        }
        Mapping s = spec.get();
        String where = "Simulation spec";
        Duration duration = duration(s, "duration", where).getOrElse(d.duration());
        Duration stats = duration(s, "statsPeriod", where).getOrElse(d.statsPeriod());
        Duration startup = duration(s, "serverStartup", where).getOrElse(d.serverStartup());
        Duration load = duration(s, "modelLoad", where).getOrElse(d.modelLoad());
        Duration unload = duration(s, "modelUnload", where).getOrElse(d.modelUnload());
        Duration slo = duration(s, "slo", where).getOrElse(d.slo());
        int concurrency = integer(s, "concurrencyPerReplica", where).getOrElse(d.concurrencyPerReplica());
        if (concurrency < 1) {
            problem(s.get("concurrencyPerReplica").get(), where + ".concurrencyPerReplica", concurrency,
                "must be at least 1");
            concurrency = 1;
        }
        if (duration.isZero()) {
            problem(s.get("duration").get(), where + ".duration", "0", "must be positive");
        }
        if (stats.isZero()) {
            problem(s.get("statsPeriod").get(), where + ".statsPeriod", "0", "must be positive");
        }
        double failures = s.get("replicaFailuresPerHour").flatMap(n -> scalar(n, where + ".replicaFailuresPerHour")
            .flatMap(t -> number(n, where + ".replicaFailuresPerHour", t))).getOrElse(0.0);
        return new Settings(d.start(), duration.isZero() ? d.duration() : duration,
            stats.isZero() ? d.statsPeriod() : stats, startup, load, unload, concurrency, slo, d.flipFlopWindow(),
            failures);
    }

    private ServiceTime serviceTime(Option<Mapping> spec) {
        ServiceTime d = new ServiceTime(50_000, 20_000);
        Option<Mapping> service = spec.flatMap(s -> s.get("serviceTime").isEmpty() ? Option.none()
            : mapping(s, "serviceTime", "Simulation spec"));
        if (service.isEmpty()) {
            return d;
        }
        String where = "Simulation spec.serviceTime";
        long base = duration(service.get(), "base", where).map(x -> x.toNanos() / 1000).getOrElse(d.baseMicros());
        long perToken = duration(service.get(), "perToken", where).map(x -> x.toNanos() / 1000)
            .getOrElse(d.perTokenMicros());
        return new ServiceTime(base, perToken);
    }

    private Seq<ServerSetup> setups(Seq<ServerSpec> servers, Seq<ModelSpec> models, Option<Mapping> spec) {
        Option<Mapping> overrides = spec.flatMap(s -> s.get("servers").isEmpty() ? Option.none()
            : mapping(s, "servers", "Simulation spec"));
        overrides.forEach(o -> o.entries().keySet().filter(k -> !servers.exists(s -> s.name().value().equals(k))
            && !(servers.isEmpty() && k.equals("default"))).forEach(k -> problem(o.entries().get(k).get(),
            "Simulation spec.servers." + k, k, "no Server of that name in the scenario")));
        Seq<ServerSpec> all = servers.isEmpty()
            ? List.of(ServerSpec.of(ServerName.of("default"), new ScalingSpec(1, 1,
                io.modelscale.core.scaling.MaxReplicas.of(10))))
            : servers;
        return all.map(server -> {
            String where = "Simulation spec.servers." + server.name();
            Option<Mapping> override = overrides.flatMap(o -> o.get(server.name().value()).isEmpty() ? Option.none()
                : mapping(o, server.name().value(), "Simulation spec.servers"));
            List<String> capabilities = servers.isEmpty()
                ? List.ofAll(models.flatMap(ModelSpec::requirements).distinct()).append("alibi-explain")
                : MLSERVER;
            capabilities = override.map(o -> o.get("capabilities").isDefined()
                ? strings(o, "capabilities", where) : null).getOrElse(capabilities);
            if (capabilities == null) {
                capabilities = MLSERVER;
            }
            long memory = override.flatMap(o -> o.get("memory")).flatMap(n -> scalar(n, where + ".memory")
                .flatMap(text -> parsed(n, where + ".memory", MemoryQuantity.parse("memory", text))))
                .map(MemoryQuantity::bytes).getOrElse(16L << 30);
            int overcommit = override.flatMap(o -> integer(o, "overcommitPercentage", where)).getOrElse(10);
            return new ServerSetup(server, capabilities, new ReplicaMemory(memory, Math.max(0, overcommit)));
        });
    }

    private Supplier<RequestSource> traffic(Option<Mapping> spec, Seq<ModelSpec> models, ServiceTime service,
                                            Settings settings) {
        java.util.function.ToIntFunction<String> index = name -> models.map(m -> m.name().value()).indexOf(name);
        Option<Sequence> entries = spec.flatMap(s -> s.get("traffic").isEmpty() ? Option.none()
            : sequence(s, "traffic", "Simulation spec"));
        if (entries.isEmpty() || models.isEmpty()) {
            int count = Math.max(1, models.size());
            return () -> Traces.zipfSplit(Traces.Azure.CONVERSATION.open(0, service), 0, count, 1.1, 1);
        }
        List<Supplier<RequestSource>> sources = List.empty();
        int position = 0;
        for (YamlNode item : entries.get().items()) {
            String where = "Simulation spec.traffic[" + position++ + "]";
            if (!(item instanceof Mapping entry)) {
                problem(item, where, item.kind(), "each traffic entry must be a mapping with azure or file");
                continue;
            }
            List<String> targets = entry.get("models").isDefined() ? strings(entry, "models", where)
                : models.map(m -> m.name().value()).toList();
            for (String target : targets) {
                if (index.applyAsInt(target) < 0) {
                    problem(entry.get("models").get(), where + ".models", target, "no Model of that name in the"
                        + " scenario");
                }
            }
            int[] ids = targets.map(index::applyAsInt).filter(i -> i >= 0).toJavaStream().mapToInt(i -> i).toArray();
            double exponent = entry.get("zipfExponent").flatMap(n -> scalar(n, where + ".zipfExponent")
                .flatMap(t -> number(n, where + ".zipfExponent", t))).getOrElse(1.1);
            long seed = 1 + position;
            if (entry.get("azure").isDefined()) {
                Option<String> which = scalar(entry.get("azure").get(), where + ".azure");
                Traces.Azure trace = which.contains("conversation") ? Traces.Azure.CONVERSATION
                    : which.contains("code") ? Traces.Azure.CODE : null;
                if (trace == null) {
                    problem(entry.get("azure").get(), where + ".azure", which.getOrElse(""),
                        "expected conversation or code");
                    continue;
                }
                sources = sources.append(() -> spread(trace.open(0, service), ids, exponent, seed));
            } else if (entry.get("file").isDefined()) {
                Option<String> name = scalar(entry.get("file").get(), where + ".file");
                Option<Either<String, Path>> resolved = name.map(this::tracePath);
                if (resolved.exists(Either::isLeft)) {
                    problem(entry.get("file").get(), where + ".file", name.get(), "not a valid file path: "
                        + resolved.get().getLeft());
                    continue;
                }
                Path path = resolved.map(Either::get).getOrNull();
                if (path == null || !Files.isReadable(path)) {
                    problem(entry.get("file").get(), where + ".file", name.getOrElse(""),
                        "no readable trace file at " + path);
                    continue;
                }
                String format = entry.get("format").flatMap(n -> scalar(n, where + ".format")).getOrElse("requests");
                if (!List.of("requests", "azure").contains(format)) {
                    problem(entry.get("format").get(), where + ".format", format, "expected requests or azure");
                    continue;
                }
                String fileName = path.getFileName().toString();
                sources = sources.append(() -> {
                    try {
                        java.io.BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                        return format.equals("azure")
                            ? spread(CsvTrace.azure(reader, fileName, 0, service), ids, exponent, seed)
                            : CsvTrace.requests(reader, fileName, index);
                    } catch (IOException e) {
                        throw new io.modelscale.simulation.trace.TraceProblem(fileName, "cannot be read: "
                            + e.getMessage());
                    }
                });
            } else {
                problem(entry, where, "", "a traffic entry needs azure (conversation or code) or file");
            }
        }
        long end = settings.duration().toNanos() / 1_000;
        List<Supplier<RequestSource>> opened = sources;
        return () -> Traces.until(Traces.merged(opened.map(Supplier::get).toJavaList()), end);
    }

    private Either<String, Path> tracePath(String name) {
        try {
            return Either.right(base == null ? Path.of(name) : base.resolve(name));
        } catch (java.nio.file.InvalidPathException e) {
            return Either.left(e.getReason());
        }
    }

    private static RequestSource spread(RequestSource source, int[] ids, double exponent, long seed) {
        if (ids.length == 0) {
            return source;
        }
        RequestSource split = Traces.zipfSplit(source, 0, ids.length, exponent, seed);
        return into -> {
            if (!split.next(into)) {
                return false;
            }
            into.model = ids[into.model];
            return true;
        };
    }

    // --- small readers that record problems ------------------------------------------------------------------

    private void apiVersion(Mapping document, String expected) {
        Option<String> version = document.get("apiVersion").flatMap(n -> scalar(n, "apiVersion"));
        if (version.isEmpty()) {
            problem(document, "apiVersion", Problem.MISSING, "expected apiVersion " + expected);
        } else if (!version.get().equals(expected)) {
            problem(document.get("apiVersion").get(), "apiVersion", version.get(), "expected " + expected);
        }
    }

    private Option<String> metadataName(Mapping document) {
        return mapping(document, "metadata", text(document, "kind", "document").getOrElse("document"))
            .flatMap(m -> text(m, "name", "metadata"));
    }

    private Option<Mapping> mapping(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            problem(parent, where + " " + key, Problem.MISSING, key + " is required");
            return Option.none();
        }
        if (!(node.get() instanceof Mapping mapping)) {
            problem(node.get(), where + " " + key, node.get().kind(), key + " must be a mapping");
            return Option.none();
        }
        return Option.some(mapping);
    }

    private Option<Sequence> sequence(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            problem(parent, where + " " + key, Problem.MISSING, key + " is required");
            return Option.none();
        }
        if (!(node.get() instanceof Sequence sequence)) {
            problem(node.get(), where + " " + key, node.get().kind(), key + " must be a list");
            return Option.none();
        }
        return Option.some(sequence);
    }

    private Option<String> text(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            problem(parent, where + " " + key, Problem.MISSING, key + " is required");
            return Option.none();
        }
        return scalar(node.get(), where + " " + key);
    }

    private Option<String> scalar(YamlNode node, String where) {
        if (node instanceof Scalar scalar) {
            return Option.some(scalar.text());
        }
        problem(node, where, node.kind(), "expected a single value");
        return Option.none();
    }

    private List<String> strings(Mapping parent, String key, String where) {
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

    private Option<Integer> integer(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            return Option.none();
        }
        return scalar(node.get(), where + " spec." + key).flatMap(text -> {
            try {
                return Option.some(Integer.parseInt(text.strip()));
            } catch (NumberFormatException e) {
                problem(node.get(), where + " spec." + key, text, "expected a whole number");
                return Option.none();
            }
        });
    }

    private Option<Double> number(YamlNode node, String where, String text) {
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

    private Option<Duration> duration(Mapping parent, String key, String where) {
        Option<YamlNode> node = parent.get(key);
        if (node.isEmpty()) {
            return Option.none();
        }
        return scalar(node.get(), where + "." + key).flatMap(text -> {
            Matcher matcher = DURATION.matcher(text.strip());
            if (!matcher.matches()) {
                problem(node.get(), where + "." + key, text, "expected a duration such as 500ms, 20s, 5m or 1h");
                return Option.none();
            }
            BigDecimal amount = new BigDecimal(matcher.group(1));
            long unit = switch (matcher.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            return Option.some(Duration.ofNanos(amount.multiply(BigDecimal.valueOf(unit)).longValue()));
        });
    }

    private Option<Long> milli(YamlNode node, String where, String text) {
        String t = text.strip();
        try {
            BigDecimal value = t.endsWith("m") ? new BigDecimal(t.substring(0, t.length() - 1))
                : new BigDecimal(t).multiply(BigDecimal.valueOf(1000));
            if (value.signum() > 0 && value.stripTrailingZeros().scale() <= 0) {
                return Option.some(value.longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        problem(node, where, text, "expected a positive quantity such as 3, 2.5 or 500m");
        return Option.none();
    }

    private <T> Option<T> parsed(YamlNode node, String where, Either<Problem, T> result) {
        if (result.isLeft()) {
            problem(node, where, result.getLeft().value(), result.getLeft().message());
            return Option.none();
        }
        return Option.some(result.get());
    }

    private <T> Option<T> missing(Mapping parent, String where) {
        problem(parent, where, Problem.MISSING, "is required");
        return Option.none();
    }

    private void duplicates(Seq<String> names, String kind) {
        names.groupBy(n -> n).filter(e -> e._2.size() > 1).keySet().toSortedSet().forEach(name ->
            problems.add(Problem.of(source, name, "two " + kind + "s are named " + name)));
    }

    private void problem(YamlNode at, String field, Object value, String message) {
        problems.add(Problem.of(source + ":" + at.line() + ": " + field, value, message));
    }
}
