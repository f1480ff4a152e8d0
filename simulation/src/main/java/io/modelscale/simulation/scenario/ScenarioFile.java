package io.modelscale.simulation.scenario;

import io.modelscale.core.Problem;
import io.modelscale.core.model.ModelSpec;
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

/**
 * Reads a scenario file: a multi-document YAML stream of Seldon Core 2 {@code Model} and {@code Server} resources
 * ({@link ModelDocument}, {@link ServerDocument}), {@code autoscaling/v2} {@code HorizontalPodAutoscaler}s
 * ({@link HpaDocument}) and at most one {@code Simulation} document ({@link SimulationDocument}). Policies and
 * presets are named as a {@link PolicyRegistry} names them. Without a Server, one server {@code default} offering
 * every requirement is assumed; without traffic, the Azure conversation trace is split over the models. Every
 * problem is reported at once, each naming the file, the line and the field, the bad value and what was expected.
 */
public final class ScenarioFile {

    private static final String SELDON = "mlops.seldon.io/v1alpha1";
    private static final String HPA = "autoscaling/v2";
    private static final String MODELSCALE = "modelscale.io/v1alpha1";

    private ScenarioFile() {
    }

    /** Reads the scenario in {@code file} with the standard registry; trace files are found relative to it. */
    public static Validation<Seq<Problem>, Scenario> load(Path file) {
        return load(file, PolicyRegistry.standard());
    }

    /** Reads the scenario in {@code file}, naming policies as {@code registry} does. */
    public static Validation<Seq<Problem>, Scenario> load(Path file, PolicyRegistry registry) {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            return Validation.invalid(List.of(Problem.of(source, file, "'" + file + "' is a directory: expected a"
                + " scenario file (YAML)")));
        }
        if (!Files.exists(file)) {
            return Validation.invalid(List.of(Problem.of(source, file, "'" + file + "' not found: expected a"
                + " scenario file (YAML)")));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(source, reader, file.toAbsolutePath().getParent(), registry);
        } catch (IOException e) {
            return Validation.invalid(List.of(Problem.of(source, file, "'" + file + "' cannot be read ("
                + e.getClass().getSimpleName() + "): expected a readable scenario file (YAML)")));
        }
    }

    /** Reads a scenario from {@code reader} with the standard registry, naming it {@code source} in problems. */
    public static Validation<Seq<Problem>, Scenario> read(String source, Reader reader, Path base) {
        return read(source, reader, base, PolicyRegistry.standard());
    }

    /** Reads a scenario from {@code reader}, naming it {@code source} in problems and policies as the registry. */
    public static Validation<Seq<Problem>, Scenario> read(String source, Reader reader, Path base,
                                                          PolicyRegistry registry) {
        Either<String, Seq<YamlNode>> documents = YamlNode.documents(reader);
        if (documents.isLeft()) {
            String message = documents.getLeft();
            int colon = message.indexOf(": ");
            return Validation.invalid(List.of(Problem.of(source + ":" + message.substring(5, colon), "",
                message.substring(colon + 2))));
        }
        return assemble(new DocumentReader(source), documents.get(), base, registry);
    }

    private static Validation<Seq<Problem>, Scenario> assemble(DocumentReader reader, Seq<YamlNode> documents,
                                                               Path base, PolicyRegistry registry) {
        List<ModelSpec> models = List.empty();
        List<ServerSpec> servers = List.empty();
        List<Mapping> hpas = List.empty();
        Option<Mapping> simulation = Option.none();
        for (YamlNode document : documents) {
            if (document instanceof YamlNode.Null) {
                continue;
            }
            if (!(document instanceof Mapping mapping)) {
                reader.problem(document, "document", document.kind(), "a document must be a mapping with a kind");
                continue;
            }
            Option<String> kind = reader.text(mapping, "kind", "document");
            if (kind.isEmpty()) {
                continue;
            }
            switch (kind.get()) {
                case "Model" -> {
                    reader.apiVersion(mapping, SELDON);
                    models = models.appendAll(ModelDocument.read(reader, mapping));
                }
                case "Server" -> {
                    reader.apiVersion(mapping, SELDON);
                    servers = servers.appendAll(ServerDocument.read(reader, mapping));
                }
                case "HorizontalPodAutoscaler" -> {
                    reader.apiVersion(mapping, HPA);
                    hpas = hpas.append(mapping);
                }
                case "Simulation" -> {
                    reader.apiVersion(mapping, MODELSCALE);
                    if (simulation.isDefined()) {
                        reader.problem(mapping, "kind", "Simulation", "only one Simulation document is allowed");
                    }
                    simulation = Option.some(mapping);
                }
                default -> reader.problem(mapping.get("kind").get(), "kind", kind.get(),
                    "expected Model, Server, HorizontalPodAutoscaler or Simulation");
            }
        }
        if (models.isEmpty() && !reader.hasProblems()) {
            reader.problem(documents.isEmpty() ? new YamlNode.Null(1) : documents.head(), "document", "",
                "a scenario needs at least one Model");
        }
        reader.duplicates(models.map(m -> m.name().value()), "Model");
        reader.duplicates(servers.map(s -> s.name().value()), "Server");
        Option<Mapping> spec = simulation.flatMap(s -> reader.mapping(s, "spec", "Simulation"));
        Settings settings = SimulationDocument.settings(reader, spec);
        ServiceTime service = SimulationDocument.serviceTime(reader, spec);
        Seq<ServerSetup> setups = SimulationDocument.setups(reader, servers, models, spec);
        List<ModelSpec> allModels = models;
        List<ServerSpec> allServers = servers;
        Seq<HpaTarget> targets = hpas.flatMap(h -> HpaDocument.read(reader, h, allModels, allServers));
        java.util.function.LongFunction<RequestSource> traffic = TrafficSection.read(reader, spec, models, service, settings, base);
        PolicyChoice policies = SimulationDocument.policies(reader, spec, registry);
        Option<Long> seed = SimulationDocument.seed(reader, spec);
        if (reader.hasProblems()) {
            return Validation.invalid(reader.problems());
        }
        return Validation.valid(new Scenario(reader.source(), setups, models, traffic, settings, targets, policies,
            seed));
    }
}
