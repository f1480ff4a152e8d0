package io.modelscale.simulation.scenario;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/**
 * A Seldon Core 2 {@code Model} resource ({@code mlops.seldon.io/v1alpha1}): {@code metadata.name},
 * {@code spec.memory}, {@code spec.requirements}, {@code spec.modelType} (added to the requirements),
 * {@code spec.server}, {@code spec.explainer}, {@code spec.replicas}, {@code spec.minReplicas} and
 * {@code spec.maxReplicas}; other fields are read past.
 */
final class ModelDocument {

    /** The most requirements a Model may list: a capability check is a set inclusion per placement. */
    static final int MAX_REQUIREMENTS = 256;

    private ModelDocument() {
    }

    /** The model, or none with its problems recorded. */
    static Option<ModelSpec> read(DocumentReader reader, Mapping document,
                                  java.util.function.UnaryOperator<String> modelNaming,
                                  java.util.function.UnaryOperator<String> serverNaming) {
        Option<ModelName> name = reader.metadataName(document).flatMap(n -> reader.parsed(
            reader.metadataNameNode(document), "metadata.name", ModelName.parse(modelNaming.apply(n))));
        Option<Mapping> spec = reader.mapping(document, "spec", "Model");
        if (name.isEmpty() || spec.isEmpty()) {
            return Option.none();
        }
        String where = "Model " + name.get();
        ModelSpec.Builder builder = ModelSpec.builder();
        builder.name(name.get());
        Option<MemoryQuantity> memory = spec.get().get("memory").flatMap(node -> reader.scalar(node,
            where + " spec.memory").flatMap(text -> reader.parsed(node, where + " spec.memory",
                MemoryQuantity.parse("spec.memory", text))));
        memory.forEach(builder::memory);
        List<String> requirements = reader.strings(spec.get(), "requirements", where + " spec.requirements");
        if (requirements.size() > MAX_REQUIREMENTS) {
            reader.problem(spec.get().get("requirements").get(), where + " spec.requirements", requirements.size()
                + " requirements", "too many: expected at most " + MAX_REQUIREMENTS);
            requirements = requirements.take(MAX_REQUIREMENTS);
        }
        Option<String> modelType = spec.get().get("modelType").flatMap(n -> reader.scalar(n,
            where + " spec.modelType"));
        builder.requirements(requirements.appendAll(modelType));
        spec.get().get("server").flatMap(n -> reader.scalar(n, where + " spec.server")
            .flatMap(text -> reader.parsed(n, where + " spec.server", ServerName.parse(serverNaming.apply(
                text.strip())))))
            .forEach(server -> builder.requestedServer(Option.some(server)));
        builder.explainer(spec.get().get("explainer").isDefined());
        Option<ScalingSpec> scaling = scaling(reader, spec.get(), where);
        scaling.forEach(builder::scaling);
        return scaling.isDefined() && (spec.get().get("memory").isEmpty() || memory.isDefined())
            ? Option.some(builder.build()) : Option.none();
    }

    /**
     * The most replicas a Model or Server may start with ({@code replicas}) or keep at least ({@code minReplicas}):
     * the simulator holds each one, so a count beyond any cluster's would only exhaust its memory. {@code maxReplicas}
     * may be higher: replicas are made only when a policy asks for them.
     */
    static final int MOST_REPLICAS = 100_000;

    /** The replica counts of a Model's or Server's spec, validated as Seldon's operator does. */
    static Option<ScalingSpec> scaling(DocumentReader reader, Mapping spec, String where) {
        Option<Integer> replicas = reader.integer(spec, "replicas", where);
        Option<Integer> min = reader.integer(spec, "minReplicas", where);
        Option<Integer> max = reader.integer(spec, "maxReplicas", where);
        for (String key : List.of("replicas", "minReplicas")) {
            Option<Integer> count = key.equals("replicas") ? replicas : min;
            if (count.exists(c -> c > MOST_REPLICAS)) {
                reader.problem(spec.get(key).get(), where + " spec." + key, String.valueOf(count.get()),
                    "out of range: expected at most " + MOST_REPLICAS + " replicas to start with or keep");
            }
        }
        if (reader.hasProblemsAt(where + " spec.")) {
            return Option.none();
        }
        io.vavr.control.Validation<Seq<io.modelscale.core.Problem>, ScalingSpec> validated =
            ScalingSpec.validate(replicas, min, max);
        if (validated.isInvalid()) {
            for (io.modelscale.core.Problem problem : validated.getError()) {
                YamlNode at = spec.get(problem.field()).getOrElse(spec);
                reader.problem(at, where + " spec." + problem.field(), problem.value(), problem.message());
            }
            return Option.none();
        }
        return Option.some(validated.get());
    }
}
