package io.modelscale.simulation.scenario;

import io.modelscale.core.Problem;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.hpa.Behavior;
import io.modelscale.policy.hpa.HpaSpec;
import io.modelscale.policy.hpa.MetricSpec;
import io.modelscale.policy.hpa.MetricTarget;
import io.modelscale.policy.hpa.ServingMetric;
import io.modelscale.policy.hpa.ScalingPolicy;
import io.modelscale.policy.hpa.ScalingRules;
import io.modelscale.simulation.engine.HpaTarget;
import io.modelscale.simulation.scenario.YamlNode.Mapping;
import io.modelscale.simulation.scenario.YamlNode.Sequence;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/**
 * An {@code autoscaling/v2} {@code HorizontalPodAutoscaler} whose {@code scaleTargetRef} is a Model or a Server of
 * the scenario, with {@code behavior}, and metrics the simulator measures ({@link ServingMetric}: {@code infer_rps},
 * {@code infer_inflight}, {@code infer_lag}): Object metrics of the Model they describe, External metrics of the Model
 * their {@code selector.matchLabels.model} names (for a Model's HPA, the Model it scales when none is named). A metric
 * the simulator cannot produce is refused, naming it.
 */
final class HpaDocument {

    private HpaDocument() {
    }

    /** One metric with the model it describes. */
    private record Described(MetricSpec spec, String model) {
    }

    /**
     * The HPA, or none with its problems recorded.
     *
     * @param models   the scenario's valid Models
     * @param declared the names of every Model document, valid or not: an HPA on a Model whose own document has
     *                 problems is not told there is no such Model (the Model's problems say what is wrong)
     */
    static Option<HpaTarget> read(DocumentReader reader, Mapping document, Seq<ModelSpec> models,
                                  io.vavr.collection.Set<String> declared, Seq<ServerSpec> servers,
                                  java.util.function.UnaryOperator<String> modelNaming,
                                  java.util.function.UnaryOperator<String> serverNaming) {
        Option<String> name = reader.metadataName(document);
        Option<Mapping> spec = reader.mapping(document, "spec", "HorizontalPodAutoscaler");
        if (name.isEmpty() || spec.isEmpty()) {
            return Option.none();
        }
        String where = "HorizontalPodAutoscaler " + name.get();
        Option<Mapping> ref = reader.mapping(spec.get(), "scaleTargetRef", where + " spec");
        Option<String> kindName = ref.flatMap(r -> reader.text(r, "kind", where + " spec.scaleTargetRef"));
        Option<HpaTarget.Kind> kind = kindName.flatMap(k -> k.equals("Model") ? Option.some(HpaTarget.Kind.MODEL)
            : k.equals("Server") ? Option.some(HpaTarget.Kind.SERVER) : Option.none());
        Option<String> target = ref.flatMap(r -> reader.text(r, "name", where + " spec.scaleTargetRef"))
            .map(t -> kind.contains(HpaTarget.Kind.SERVER) ? serverNaming.apply(t) : modelNaming.apply(t));
        if (kindName.isDefined() && kind.isEmpty()) {
            reader.problem(ref.get().get("kind").get(), where + " spec.scaleTargetRef.kind", kindName.get(),
                "expected Model or Server");
        }
        if (kind.contains(HpaTarget.Kind.MODEL) && target.isDefined() && !declared.contains(target.get())
            || kind.contains(HpaTarget.Kind.SERVER) && target.isDefined()
            && !servers.exists(s -> s.name().value().equals(target.get()))) {
            reader.problem(ref.get().get("name").get(), where + " spec.scaleTargetRef.name", target.get(),
                "no " + kindName.get() + " of that name in the scenario");
        }
        int min = reader.integer(spec.get(), "minReplicas", where).getOrElse(1);
        Option<Integer> max = reader.integer(spec.get(), "maxReplicas", where);
        if (max.isEmpty() && spec.get().get("maxReplicas").isEmpty()) {
            reader.problem(spec.get(), where + " spec.maxReplicas", Problem.MISSING, "an HPA needs maxReplicas");
        }
        Option<Sequence> metrics = reader.sequence(spec.get(), "metrics", where + " spec");
        List<Described> parsed = List.empty();
        for (Sequence list : metrics) {
            for (YamlNode item : list.items()) {
                parsed = parsed.appendAll(metric(reader, item, where + " spec.metrics", declared, modelNaming,
                    kind.contains(HpaTarget.Kind.MODEL) ? target : Option.none()));
            }
            if (list.items().isEmpty()) {
                reader.problem(list, where + " spec.metrics", "[]", "an HPA needs at least one metric");
            }
        }
        Option<Behavior> behavior = spec.get().get("behavior").flatMap(n -> behavior(reader, n,
            where + " spec.behavior"));
        if (kind.isEmpty() || target.isEmpty() || max.isEmpty() || parsed.isEmpty() || reader.hasProblemsAt(where)) {
            return Option.none();
        }
        try {
            HpaSpec hpa = new HpaSpec(min, max.get(), parsed.map(Described::spec), behavior);
            return Option.some(new HpaTarget(name.get(), kind.get(), target.get(), parsed.map(Described::model), hpa));
        } catch (IllegalArgumentException e) {
            reader.problem(spec.get(), where + " spec", "", e.getMessage());
            return Option.none();
        }
    }

    private static Option<Described> metric(DocumentReader reader, YamlNode node, String where,
                                            io.vavr.collection.Set<String> declared,
                                            java.util.function.UnaryOperator<String> naming,
                                            Option<String> ownModel) {
        if (!(node instanceof Mapping item)) {
            reader.problem(node, where, node.kind(), "each metric must be a mapping with a type");
            return Option.none();
        }
        Option<String> type = reader.text(item, "type", where);
        if (type.isEmpty()) {
            return Option.none();
        }
        boolean object = type.get().equals("Object");
        if (!object && !type.get().equals("External")) {
            reader.problem(item.get("type").get(), where + ".type", type.get(),
                "the simulator reads Object and External metrics of a Model's requests: expected Object or External");
            return Option.none();
        }
        String key = object ? "object" : "external";
        Option<Mapping> body = reader.mapping(item, key, where);
        Option<Mapping> metric = body.flatMap(o -> reader.mapping(o, "metric", where + "." + key));
        Option<YamlNode> nameNode = metric.flatMap(m -> m.get("name"));
        Option<String> name = metric.flatMap(m -> reader.text(m, "name", where + "." + key + ".metric"));
        if (name.isDefined() && ServingMetric.named(name.get().strip()).isEmpty()) {
            reader.problem(nameNode.get(), where + "." + key + ".metric.name", name.get(), "'" + name.get()
                + "' is not a metric the simulator measures: expected " + ServingMetric.known());
            name = Option.none();
        }
        Option<String> model;
        Option<YamlNode> modelNode;
        String modelField;
        if (object) {
            modelNode = body.flatMap(o -> reader.mapping(o, "describedObject", where + ".object")).flatMap(d ->
                d.get("name").isEmpty() ? reader.missing(d, where + ".object.describedObject.name") : d.get("name"));
            model = modelNode.flatMap(n -> reader.scalar(n, where + ".object.describedObject.name")).map(naming);
            modelField = where + ".object.describedObject.name";
        } else {
            modelNode = metric.flatMap(m -> m.get("selector")).flatMap(n -> n instanceof Mapping sel
                ? sel.get("matchLabels") : Option.none()).flatMap(n -> n instanceof Mapping labels
                ? labels.get("model") : Option.none());
            model = modelNode.flatMap(n -> reader.scalar(n, where + ".external.metric.selector.matchLabels.model"))
                .map(naming);
            modelField = where + ".external.metric.selector.matchLabels.model";
            if (modelNode.isEmpty() && ownModel.isEmpty() && metric.isDefined()) {
                reader.problem(metric.get(), modelField, Problem.MISSING, "a Server's HPA reads an External metric of"
                    + " the Model its selector names: expected matchLabels with model");
            }
            model = model.orElse(ownModel);
        }
        model.filter(m -> !declared.contains(m)).forEach(m -> reader.problem(
            modelNode.getOrElse(item), modelField, m, "no Model of that name in the scenario"));
        Option<Mapping> target = body.flatMap(o -> reader.mapping(o, "target", where + "." + key));
        Option<String> targetType = target.flatMap(t -> reader.text(t, "type", where + "." + key + ".target"));
        Option<MetricTarget> parsed = Option.none();
        if (targetType.contains("Value") || targetType.contains("AverageValue")) {
            String field = targetType.get().equals("Value") ? "value" : "averageValue";
            String at = where + "." + key + ".target." + field;
            parsed = target.flatMap(t -> t.get(field).isEmpty() ? reader.missing(t, at) : t.get(field))
                .flatMap(n -> reader.scalar(n, at).flatMap(text -> reader.milli(n, at, text)))
                .map(milli -> targetType.get().equals("Value") ? new MetricTarget.Value(milli)
                    : new MetricTarget.AverageValue(milli));
        } else if (targetType.isDefined()) {
            reader.problem(target.get().get("type").get(), where + "." + key + ".target.type", targetType.get(),
                "expected Value or AverageValue");
        }
        if (name.isEmpty() || parsed.isEmpty() || model.isEmpty()) {
            return Option.none();
        }
        MetricSpec spec = object ? new MetricSpec.ObjectMetric(name.get().strip(), parsed.get())
            : new MetricSpec.ExternalMetric(name.get().strip(), parsed.get());
        return Option.some(new Described(spec, model.get()));
    }

    private static Option<Behavior> behavior(DocumentReader reader, YamlNode node, String where) {
        if (!(node instanceof Mapping mapping)) {
            reader.problem(node, where, node.kind(), "expected a mapping of scaleUp and scaleDown");
            return Option.none();
        }
        Option<ScalingRules> up = mapping.get("scaleUp").flatMap(n -> rules(reader, n, where + ".scaleUp", true));
        Option<ScalingRules> down = mapping.get("scaleDown").flatMap(n -> rules(reader, n, where + ".scaleDown",
            false));
        return Option.some(Behavior.of(up, down));
    }

    /** The largest per-direction tolerance read: a ratio may move this far from 1 without scaling. */
    private static final double MAX_TOLERANCE = 100;

    private static Option<ScalingRules> rules(DocumentReader reader, YamlNode node, String where, boolean up) {
        if (!(node instanceof Mapping mapping)) {
            reader.problem(node, where, node.kind(), "expected a mapping of stabilizationWindowSeconds,"
                + " selectPolicy and policies");
            return Option.none();
        }
        ScalingRules defaults = up ? ScalingRules.scaleUpDefaults() : ScalingRules.scaleDownDefaults();
        Option<Integer> window = reader.integerField(mapping, "stabilizationWindowSeconds", where + ".stabilizationWindowSeconds");
        window.filter(w -> w > 3600).forEach(w -> reader.problem(mapping.get("stabilizationWindowSeconds").get(),
            where + ".stabilizationWindowSeconds", w, "must be between 0 and 3600 seconds"));
        ScalingRules.SelectPolicy select = defaults.selectPolicy();
        Option<String> selected = mapping.get("selectPolicy").flatMap(n -> reader.scalar(n, where + ".selectPolicy"));
        if (selected.isDefined()) {
            switch (selected.get()) {
                case "Max" -> select = ScalingRules.SelectPolicy.MAX;
                case "Min" -> select = ScalingRules.SelectPolicy.MIN;
                case "Disabled" -> select = ScalingRules.SelectPolicy.DISABLED;
                default -> reader.problem(mapping.get("selectPolicy").get(), where + ".selectPolicy", selected.get(),
                    "expected Max, Min or Disabled");
            }
        }
        Seq<ScalingPolicy> policies = defaults.policies();
        if (mapping.get("policies").isDefined()) {
            policies = reader.sequence(mapping, "policies", where).map(s -> s.items().flatMap(item -> policy(reader,
                item, where + ".policies"))).getOrElse(List.empty());
        }
        Option<Integer> effectiveWindow = window.filter(w -> w <= 3600).orElse(defaults.stabilizationWindowSeconds());
        Option<Double> tolerance = mapping.get("tolerance").flatMap(n -> reader.scalar(n, where + ".tolerance")
            .flatMap(t -> reader.number(n, where + ".tolerance", t)));
        if (tolerance.exists(t -> t > MAX_TOLERANCE)) {
            reader.problem(mapping.get("tolerance").get(), where + ".tolerance", tolerance.get(), "out of range:"
                + " expected 0 to " + (int) MAX_TOLERANCE + ", a fraction of the target (0.1 is 10 %)");
            tolerance = Option.none();
        }
        return Option.some(new ScalingRules(effectiveWindow, select, policies, tolerance));
    }

    private static Option<ScalingPolicy> policy(DocumentReader reader, YamlNode node, String where) {
        if (!(node instanceof Mapping mapping)) {
            reader.problem(node, where, node.kind(), "each policy must be a mapping of type, value and periodSeconds");
            return Option.none();
        }
        Option<String> type = reader.text(mapping, "type", where);
        Option<Integer> value = reader.integerField(mapping, "value", where + ".value");
        Option<Integer> period = reader.integerField(mapping, "periodSeconds", where + ".periodSeconds");
        if (type.isDefined() && !List.of("Pods", "Percent").contains(type.get())) {
            reader.problem(mapping.get("type").get(), where + ".type", type.get(), "expected Pods or Percent");
            return Option.none();
        }
        value.filter(v -> v < 1).forEach(v -> reader.problem(mapping.get("value").get(), where + ".value", v,
            "must be positive"));
        period.filter(p -> p < 1 || p > 1800).forEach(p -> reader.problem(mapping.get("periodSeconds").get(),
            where + ".periodSeconds", p, "must be between 1 and 1800 seconds"));
        if (type.isEmpty() || value.isEmpty() || period.isEmpty() || value.get() < 1 || period.get() < 1
            || period.get() > 1800) {
            return Option.none();
        }
        return Option.some(new ScalingPolicy(type.get().equals("Pods") ? ScalingPolicy.Type.PODS
            : ScalingPolicy.Type.PERCENT, value.get(), period.get()));
    }
}
