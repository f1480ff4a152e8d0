package io.modelscale.simulation.scenario;

import io.modelscale.core.Problem;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.simulation.engine.HpaTarget;
import io.modelscale.simulation.engine.PolicyChoice;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.ServerSetup;
import io.modelscale.simulation.engine.Settings;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.trace.RequestSource;
import io.modelscale.simulation.trace.ServiceTime;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * Reads a scenario file: a multi-document YAML stream of Seldon Core 2 {@code Model} and {@code Server} resources
 * ({@link ModelDocument}, {@link ServerDocument}), {@code autoscaling/v2} {@code HorizontalPodAutoscaler}s
 * ({@link HpaDocument}) and at most one {@code Simulation} document ({@link SimulationDocument}). Policies and
 * presets are named as a {@link PolicyRegistry} names them. Without a Server, one server {@code default} offering
 * every requirement is assumed; without traffic, the Azure conversation trace is split over the models. Every
 * problem is reported at once, each naming the file, the line and the field, the bad value and what was expected.
 */
public final class ScenarioFile {

    /** The capability a Server of namespace N offers, and the requirement a Model of N gets, when several namespaces mix. */
    static final String NAMESPACE = "namespace=";

    private static final String SELDON = "mlops.seldon.io/v1alpha1";
    /** Seldon's kinds that do not change autoscaling or placement, skipped with a warning. */
    private static final List<String> SELDON_SKIPPED = List.of("Pipeline", "Experiment", "SeldonRuntime",
        "SeldonConfig", "ServerConfig");
    private static final String HPA = "autoscaling/v2";
    private static final String MODELSCALE = "modelscale.io/v1alpha1";

    private ScenarioFile() {
    }

    /** Reads the scenario in {@code file} with the standard registry; trace files are found relative to it. */
    public static Validation<Seq<Problem>, Scenario> load(Path file) {
        return load(file, PolicyRegistry.standard());
    }

    /**
     * Reads the scenario in {@code file} (or in the manifests of a directory, as {@link ScenarioSource#expand} reads
     * one), naming policies as {@code registry} does.
     */
    public static Validation<Seq<Problem>, Scenario> load(Path file, PolicyRegistry registry) {
        return ScenarioSource.expand(List.of(file.toString()), false, () -> "")
            .flatMap(sources -> load(sources, registry));
    }

    /** Reads a scenario from {@code reader} with the standard registry, naming it {@code source} in problems. */
    public static Validation<Seq<Problem>, Scenario> read(String source, Reader reader, Path base) {
        return read(source, reader, base, PolicyRegistry.standard());
    }

    /** Reads a scenario from {@code reader}, naming it {@code source} in problems and policies as the registry. */
    public static Validation<Seq<Problem>, Scenario> read(String source, Reader reader, Path base,
                                                          PolicyRegistry registry) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            return Validation.invalid(List.of(Problem.of(source, "", "cannot be read (" + e.getClass().getSimpleName()
                + "): expected a readable scenario file (YAML)")));
        }
        return load(List.of(ScenarioSource.yaml(source, text.toString(), base)), registry);
    }

    /**
     * Reads one scenario from every source, in order, as if their documents were one stream: any subset of the
     * resources may come from any source. Every problem of every source is reported at once, each naming its
     * source and line; then no scenario is returned.
     */
    public static Validation<Seq<Problem>, Scenario> load(Seq<ScenarioSource> sources, PolicyRegistry registry) {
        return load(sources, registry, true);
    }

    /**
     * As {@link #load(Seq, PolicyRegistry)}; with {@code readRemoteTraffic} false, a {@code prometheus} traffic entry
     * is checked but not read (its traffic is empty), for a caller that replaces the traffic or uses none.
     */
    public static Validation<Seq<Problem>, Scenario> load(Seq<ScenarioSource> sources, PolicyRegistry registry,
                                                          boolean readRemoteTraffic) {
        io.vavr.collection.Vector<YamlNode> documents = io.vavr.collection.Vector.empty();
        io.vavr.collection.Vector<DocumentReader.Segment> segments = io.vavr.collection.Vector.empty();
        List<Problem> syntax = List.empty();
        int first = 1;
        for (ScenarioSource source : sources) {
            segments = segments.append(new DocumentReader.Segment(source.name(), first, source.base()));
            Either<String, Seq<YamlNode>> parsed = YamlNode.documents(source.text(),
                source.json(), first - 1);
            if (parsed.isLeft()) {
                String message = parsed.getLeft();
                int colon = message.indexOf(": ");
                syntax = syntax.append(Problem.of(source.name() + ":" + message.substring(5, colon), "",
                    message.substring(colon + 2).replace("not valid YAML", source.json() ? "not valid JSON"
                        : "not valid YAML")));
            } else {
                documents = documents.appendAll(parsed.get());
            }
            first += (int) Math.min(Integer.MAX_VALUE / 2, source.text().lines().count() + 1);
        }
        if (!syntax.isEmpty()) {
            return Validation.invalid(syntax);
        }
        String name = sources.size() == 1 ? sources.head().name() : sources.map(ScenarioSource::name).mkString(", ");
        DocumentReader reader = new DocumentReader(name, segments);
        reader.readRemoteTraffic(readRemoteTraffic);
        return assemble(reader, documents, registry);
    }

    private static Validation<Seq<Problem>, Scenario> assemble(DocumentReader reader, Seq<YamlNode> documents,
                                                               PolicyRegistry registry) {
        Seq<Mapping> resources = resources(reader, documents);
        Seq<String> namespaces = resources.filter(r -> kindOf(r).exists(k -> k.equals("Model") || k.equals("Server")))
            .flatMap(ScenarioFile::namespace).distinct().sorted();
        boolean qualified = namespaces.size() > 1;
        if (!namespaces.isEmpty()) {
            // kubectl would put a resource without a namespace in its context's, which the file does not say
            for (Mapping resource : resources.filter(r -> kindOf(r).exists(k -> k.equals("Model")
                || k.equals("Server")) && namespace(r).isEmpty())) {
                reader.assumed(resource, kindOf(resource).get() + " " + rawName(resource).getOrElse("?")
                    + " metadata.namespace",
                    "none given while other resources name one: taken to be " + (qualified ? "default"
                        : namespaces.head() + ", theirs") + " (kubectl apply would use its context's namespace)");
            }
        }
        io.vavr.collection.Vector<ModelSpec> models = io.vavr.collection.Vector.empty();
        io.vavr.collection.Vector<ServerDocument.Parsed> servers = io.vavr.collection.Vector.empty();
        io.vavr.collection.Vector<Mapping> hpas = io.vavr.collection.Vector.empty();
        io.vavr.collection.Vector<io.vavr.Tuple2<String, YamlNode>> modelNames = io.vavr.collection.Vector.empty();
        io.vavr.collection.Vector<io.vavr.Tuple2<String, YamlNode>> serverNames = io.vavr.collection.Vector.empty();
        io.vavr.collection.Vector<io.vavr.Tuple2<String, YamlNode>> hpaNames = io.vavr.collection.Vector.empty();
        Option<Mapping> simulation = Option.none();
        for (Mapping mapping : resources) {
            Option<String> kind = reader.text(mapping, "kind", "document");
            if (kind.isEmpty()) {
                continue;
            }
            if (List.of("Model", "Server", "HorizontalPodAutoscaler", "Simulation").contains(kind.get())) {
                fields(reader, mapping, kind.get());
            }
            String ns = namespace(mapping).getOrElse("default");
            UnaryOperator<String> modelNaming = name -> qualified ? ns + "." + name : name;
            UnaryOperator<String> serverNaming = name -> qualified ? ns + "-" + name : name;
            switch (kind.get()) {
                case "Model" -> {
                    reader.apiVersion(mapping, SELDON);
                    Option<ModelSpec> model = ModelDocument.read(reader, mapping, modelNaming, serverNaming)
                        .map(m -> m.withScaling(observed(reader, mapping, "Model " + m.name(), m.scaling())));
                    models = models.appendAll(qualified ? model.map(m -> m.withRequirements(m.requirements()
                        .append(NAMESPACE + ns))) : model);
                    modelNames = modelNames.appendAll(rawName(mapping).map(n -> io.vavr.Tuple.of(modelNaming.apply(n),
                        mapping)));
                }
                case "Server" -> {
                    reader.apiVersion(mapping, SELDON);
                    Option<ServerDocument.Parsed> server = ServerDocument.read(reader, mapping, serverNaming)
                        .map(p -> new ServerDocument.Parsed(p.spec().startingAt(observed(reader, mapping, "Server "
                            + p.spec().name(), p.spec().scaling()).replicas()), qualified ? p.capabilities().append(NAMESPACE
                            + ns) : p.capabilities(), p.memory()));
                    servers = servers.appendAll(server);
                    serverNames = serverNames.appendAll(rawName(mapping).map(n -> io.vavr.Tuple.of(
                        serverNaming.apply(n), mapping)));
                }
                case "HorizontalPodAutoscaler" -> {
                    reader.apiVersion(mapping, HPA);
                    hpas = hpas.append(mapping);
                    hpaNames = hpaNames.appendAll(rawName(mapping).map(n -> io.vavr.Tuple.of(ns + "/" + n, mapping)));
                }
                case "Simulation" -> {
                    reader.apiVersion(mapping, MODELSCALE);
                    if (simulation.isDefined()) {
                        reader.problem(mapping, "kind", "Simulation", "only one Simulation document is allowed: the"
                            + " first is at " + reader.locate(simulation.get().line()));
                    }
                    simulation = Option.some(mapping);
                }
                default -> {
                    String api = mapping.get("apiVersion").filter(YamlNode.Scalar.class::isInstance)
                        .map(n -> ((YamlNode.Scalar) n).text().strip()).getOrElse("");
                    if (api.startsWith("mlops.seldon.io/") && !SELDON_SKIPPED.contains(kind.get())) {
                        reader.problem(mapping.get("kind").get(), "kind", kind.get(), "not a Seldon kind: "
                            + DocumentReader.suggest(kind.get(), List.of("Model", "Server").appendAll(SELDON_SKIPPED))
                            .map(s -> "did you mean " + s + "? ").getOrElse("") + "expected Model or Server (read),"
                            + " or " + SELDON_SKIPPED.mkString(", ") + " (skipped)");
                    } else {
                        reader.warn(mapping.get("kind").get(), "kind " + kind.get(), "skipped: the simulator reads"
                            + " Model, Server, HorizontalPodAutoscaler and Simulation documents");
                    }
                }
            }
        }
        if (models.isEmpty() && servers.isEmpty() && !reader.hasProblems()) {
            reader.problem(documents.isEmpty() ? new YamlNode.Null(1) : documents.head(), "document", "",
                "a scenario needs at least one Model or Server");
        } else if (modelNames.isEmpty() && !servers.isEmpty()) {
            reader.warn(documents.head(), "document", "no Model in the scenario: the run measures what the idle"
                + " Servers cost");
        }
        if (servers.isEmpty() && !models.isEmpty()) {
            reader.assumed(documents.head(), "document", "no Server in the scenario: one server 'default' (1 to 10"
                + " replicas of 16Gi, 10 % overcommit) offering every requirement is assumed");
        }
        if (!models.isEmpty() && simulation.flatMap(s -> s.get("spec")).filter(Mapping.class::isInstance)
            .flatMap(s -> ((Mapping) s).get("traffic")).isEmpty()) {
            reader.assumed(simulation.<YamlNode>map(s -> s).getOrElse(documents.head()), "Simulation spec.traffic",
                "none given" + (simulation.isEmpty() ? " (the scenario has no Simulation section; named here at its"
                    + " first document)" : "") + ": the Azure conversation trace is split over the models with Zipf"
                    + " popularity");
        }
        reader.duplicates(modelNames, "Model");
        reader.duplicates(serverNames, "Server");
        reader.duplicates(hpaNames, "HorizontalPodAutoscaler");
        Option<Mapping> spec = simulation.flatMap(s -> reader.mapping(s, "spec", "Simulation"));
        Settings settings = SimulationDocument.settings(reader, spec);
        ServiceTime service = SimulationDocument.serviceTime(reader, spec);
        Seq<ServerSetup> setups = SimulationDocument.setups(reader, servers, models, spec);
        Seq<ModelSpec> allModels = models;
        io.vavr.collection.Set<String> declared = io.vavr.collection.HashSet.ofAll(modelNames.map(n -> n._1));
        Seq<ServerSpec> allServers = servers.map(ServerDocument.Parsed::spec);
        Seq<io.vavr.Tuple2<HpaTarget, Mapping>> read = hpas.flatMap(h -> {
            String ns = namespace(h).getOrElse("default");
            return HpaDocument.read(reader, h, allModels, declared, allServers,
                name -> qualified ? ns + "." + name : name,
                name -> qualified ? ns + "-" + name : name).map(t -> io.vavr.Tuple.of(t, h));
        });
        java.util.Map<String, HpaTarget> scaling = new java.util.HashMap<>();
        for (io.vavr.Tuple2<HpaTarget, Mapping> entry : read) {
            String what = (entry._1.kind() == HpaTarget.Kind.MODEL ? "Model " : "Server ") + entry._1.target();
            HpaTarget first = scaling.putIfAbsent(what, entry._1);
            if (first != null) {
                reader.problem(entry._2, "HorizontalPodAutoscaler " + entry._1.name(), entry._1.target(), what
                    + " is already scaled by HorizontalPodAutoscaler " + first.name() + ": expected one HPA per "
                    + what.substring(0, what.indexOf(' ')) + " (two would fight over its replicas)");
            }
        }
        for (io.vavr.Tuple2<HpaTarget, Mapping> entry : read) {
            // the control loop keeps a model within its own range: an HPA allowed more is held at the model's maximum
            HpaTarget hpa = entry._1;
            if (hpa.kind() != HpaTarget.Kind.MODEL) {
                continue;
            }
            for (ModelSpec model : models.filter(m -> m.name().value().equals(hpa.target()))) {
                Option<Integer> bound = model.scaling().maxReplicas().bound();
                if (bound.exists(b -> b < hpa.spec().maxReplicas())) {
                    YamlNode at = entry._2.get("spec").flatMap(given -> given instanceof Mapping m ? m.get("maxReplicas")
                        : Option.none()).getOrElse(entry._2);
                    reader.warn(at, "HorizontalPodAutoscaler " + hpa.name() + " spec.maxReplicas",
                        hpa.spec().maxReplicas() + " is above Model " + hpa.target() + "'s maxReplicas "
                            + bound.get() + ": the model is held at " + bound.get());
                }
            }
        }
        Seq<HpaTarget> targets = read.map(io.vavr.Tuple2::_1);
        {
            java.util.Map<String, YamlNode> documentOf = new java.util.HashMap<>();
            modelNames.forEach(n -> documentOf.putIfAbsent(n._1, n._2));
            for (ModelSpec model : models) {
                for (io.modelscale.core.server.ServerName pinned : model.requestedServer()) {
                    if (!setups.exists(s -> s.spec().name().equals(pinned))) {
                        YamlNode document = documentOf.getOrDefault(model.name().value(), documents.head());
                        YamlNode at = document instanceof Mapping m ? m.get("spec").flatMap(given -> given instanceof
                            Mapping sm ? sm.get("server") : Option.none()).getOrElse(document) : document;
                        reader.problem(at, "Model " + model.name() + " spec.server", pinned.value(), "no Server of"
                            + " that name in the scenario: expected one of " + setups.map(s -> s.spec().name().value())
                            .mkString(", "));
                    }
                }
            }
        }
        Path base = simulation.map(s -> reader.base(s.line())).getOrNull();
        LongFunction<RequestSource> traffic = models.isEmpty() ? seed -> into -> false
            : TrafficSection.read(reader, spec, models, service, settings, base);
        PolicyChoice policies = SimulationDocument.policies(reader, spec, registry);
        Option<Long> seed = SimulationDocument.seed(reader, spec);
        Seq<String> sweep = SimulationDocument.sweep(reader, spec);
        if (reader.hasProblems()) {
            return Validation.invalid(reader.problemsAndWarnings());
        }
        Seq<String> warnings = qualified ? reader.warnings().append(reader.source() + ": the resources span the"
            + " namespaces " + namespaces.mkString(", ") + ": each is named namespace.name (Servers"
            + " namespace-name) and a Model is placed only on Servers of its own namespace") : reader.warnings();
        return Validation.valid(new Scenario(reader.source(), setups, models, traffic, settings, targets, policies,
            seed, warnings, sweep));
    }

    /**
     * The documents as resources: a {@code v1} {@code List} (what {@code kubectl get -o yaml} prints) gives its
     * {@code items}; empty documents are skipped; anything else must be a mapping.
     */
    private static Seq<Mapping> resources(DocumentReader reader, Seq<YamlNode> documents) {
        io.vavr.collection.Vector<Mapping> resources = io.vavr.collection.Vector.empty();
        for (YamlNode document : documents) {
            if (document instanceof YamlNode.Null) {
                continue;
            }
            if (!(document instanceof Mapping mapping)) {
                reader.problem(document, "document", document.kind(), "a document must be a mapping with a kind");
                continue;
            }
            if (kindOf(mapping).contains("List") && mapping.get("items").filter(i -> !(i instanceof YamlNode.Null))
                .isEmpty()) {
                // what kubectl get prints when nothing matched: a List, but of nothing
                reader.warn(mapping, "List items", "none: the List holds no resources");
                continue;
            }
            if (kindOf(mapping).contains("List") && mapping.get("items").isDefined()) {
                for (YamlNode item : reader.sequence(mapping, "items", "List").map(YamlNode.Sequence::items)
                    .getOrElse(List.empty())) {
                    if (item instanceof Mapping resource) {
                        resources = resources.append(resource);
                    } else {
                        reader.problem(item, "List items", item.kind(), "each item must be a mapping with a kind");
                    }
                }
            } else {
                resources = resources.append(mapping);
            }
        }
        return resources;
    }

    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final List<String> METADATA = List.of("name", "namespace", "labels", "annotations", "uid",
        "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "finalizers", "managedFields", "ownerReferences", "generateName", "selfLink");
    private static final List<String> SCALING = List.of("replicas", "minReplicas", "maxReplicas");
    private static final List<String> MODEL_SPEC = List.of("storageUri", "artifactVersion", "schemaUri", "secretName",
        "modelType", "requirements", "memory", "server", "preloaded", "dedicated", "logger", "explainer", "parameters",
        "llm", "dataflow").appendAll(SCALING);
    private static final List<String> SERVER_SPEC = List.of("serverConfig", "extraCapabilities", "capabilities",
        "imageOverrides", "podSpec", "disableAutoUpdate", "statefulSetPersistentVolumeClaimRetentionPolicy")
        .appendAll(SCALING);
    private static final List<String> HPA_SPEC = List.of("scaleTargetRef", "minReplicas", "maxReplicas", "metrics",
        "behavior");

    /** Warns of every field a resource of this kind does not have, at the levels the simulator reads. */
    private static void fields(DocumentReader reader, Mapping mapping, String kind) {
        String name = mapping.get("metadata").flatMap(m -> m instanceof Mapping md ? md.get("name") : Option.none())
            .flatMap(n -> n instanceof YamlNode.Scalar s ? Option.some(s.text()) : Option.none()).getOrElse("");
        String where = name.isEmpty() ? kind : kind + " " + name;
        reader.unknownFields(mapping, where, " ", TOP);
        mapping.get("metadata").filter(Mapping.class::isInstance).forEach(m -> reader.unknownFields((Mapping) m,
            where + " metadata", METADATA));
        Option<Mapping> spec = mapping.get("spec").filter(Mapping.class::isInstance).map(Mapping.class::cast);
        switch (kind) {
            case "Model" -> spec.forEach(s -> reader.unknownFields(s, where + " spec", MODEL_SPEC));
            case "Server" -> spec.forEach(s -> reader.unknownFields(s, where + " spec", SERVER_SPEC));
            case "HorizontalPodAutoscaler" -> spec.forEach(s -> hpaFields(reader, s, where + " spec"));
            default -> spec.forEach(s -> SimulationDocument.fields(reader, s));
        }
    }

    /** Warns of every field an HPA's spec, its target reference and its behavior do not have. */
    private static void hpaFields(DocumentReader reader, Mapping spec, String where) {
        reader.unknownFields(spec, where, HPA_SPEC);
        spec.get("scaleTargetRef").filter(Mapping.class::isInstance).forEach(m -> reader.unknownFields((Mapping) m,
            where + ".scaleTargetRef", List.of("apiVersion", "kind", "name")));
        spec.get("behavior").filter(Mapping.class::isInstance).map(Mapping.class::cast).forEach(behavior -> {
            reader.unknownFields(behavior, where + ".behavior", List.of("scaleUp", "scaleDown"));
            for (String direction : List.of("scaleUp", "scaleDown")) {
                behavior.get(direction).filter(Mapping.class::isInstance).map(Mapping.class::cast).forEach(rules -> {
                    String at = where + ".behavior." + direction;
                    reader.unknownFields(rules, at, List.of("stabilizationWindowSeconds", "selectPolicy", "policies",
                        "tolerance"));
                    rules.get("policies").filter(YamlNode.Sequence.class::isInstance)
                        .forEach(list -> ((YamlNode.Sequence) list).items().filter(Mapping.class::isInstance)
                            .forEach(policy -> reader.unknownFields((Mapping) policy, at + ".policies",
                                List.of("type", "value", "periodSeconds"))));
                });
            }
        });
    }

    /** The resource's {@code metadata.name} as written, whether or not it is a valid name. */
    private static Option<String> rawName(Mapping mapping) {
        return mapping.get("metadata").filter(Mapping.class::isInstance).flatMap(m -> ((Mapping) m).get("name"))
            .filter(YamlNode.Scalar.class::isInstance).map(n -> ((YamlNode.Scalar) n).text().strip());
    }

    private static Option<String> kindOf(Mapping mapping) {
        return mapping.get("kind").flatMap(k -> k instanceof YamlNode.Scalar s ? Option.some(s.text().strip())
            : Option.none());
    }

    private static Option<String> namespace(Mapping mapping) {
        return mapping.get("metadata").flatMap(m -> m instanceof Mapping md ? md.get("namespace") : Option.none())
            .flatMap(n -> n instanceof YamlNode.Scalar s && !s.text().isBlank() ? Option.some(s.text().strip())
                : Option.none());
    }

    /**
     * The replica count a cluster snapshot reports ({@code status.replicas}, as {@code kubectl get -o yaml} prints
     * it) as the initial count, when it is one the resource's scaling admits; otherwise its spec's, with a warning.
     */
    private static ScalingSpec observed(DocumentReader reader, Mapping mapping, String where, ScalingSpec scaling) {
        Option<YamlNode> replicas = mapping.get("status").flatMap(s -> s instanceof Mapping status
            ? status.get("replicas") : Option.none());
        if (replicas.isEmpty()) {
            return scaling;
        }
        Option<Integer> count = replicas.flatMap(n -> n instanceof YamlNode.Scalar s ? parseInt(s.text())
            : Option.none());
        if (count.isEmpty() || count.get() < 0 || !scaling.withReplicas(count.get()).isValid()) {
            reader.warn(replicas.get(), where + " status.replicas", (count.isEmpty() ? "not a whole number"
                : count.get() + " is outside " + scaling) + ": the run starts from spec's " + scaling.replicas());
            return scaling;
        }
        return scaling.withReplicas(count.get());
    }

    private static Option<Integer> parseInt(String text) {
        try {
            return Option.some(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Option.none();
        }
    }
}
