package io.modelscale.simulation.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelscale.control.Decision;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.server.DrainStep;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.simulation.engine.Advice;
import io.modelscale.simulation.prometheus.LiveSignals;
import io.vavr.collection.Seq;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code modelscale advise}'s output: for people, or as one JSON document for machines. */
final class AdviceOutput {

    private AdviceOutput() {
    }

    /** The signals read, then each preset's changes and commands, or that it changes nothing. */
    static String text(LiveSignals live, Seq<Advice> advice) {
        StringBuilder out = new StringBuilder("signals at " + live.at() + " from " + live.query().url()
            + ", rates over " + seconds(live.window().toMillis() / 1_000.0) + " s:\n");
        int width = live.models().map(String::length).max().getOrElse(0);
        for (int m = 0; m < live.models().size(); m++) {
            out.append(String.format(java.util.Locale.ROOT, "  %-" + width + "s  %s requests/s, mean service %s s,"
                + " about %d outstanding%n", live.models().get(m), number(live.rates()[m]),
                number(live.meanServiceSeconds()[m]), Math.round(live.rates()[m] * live.meanServiceSeconds()[m])));
        }
        for (Advice one : advice) {
            out.append('\n').append(one.policies()).append(":\n");
            Seq<String> lines = one.lines();
            if (lines.isEmpty()) {
                out.append("  no change\n");
            }
            lines.forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** One JSON document: the moment, the signals, and per preset its decisions and commands. */
    static String json(LiveSignals live, Seq<Advice> advice) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("at", live.at().toString());
        root.put("prometheus", live.query().url());
        root.put("windowSeconds", live.window().toMillis() / 1_000.0);
        java.util.List<Object> signals = new ArrayList<>();
        for (int m = 0; m < live.models().size(); m++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("model", live.models().get(m));
            one.put("requestsPerSecond", live.rates()[m]);
            one.put("meanServiceSeconds", live.meanServiceSeconds()[m]);
            one.put("outstanding", Math.round(live.rates()[m] * live.meanServiceSeconds()[m]));
            signals.add(one);
        }
        root.put("signals", signals);
        root.put("warnings", live.warnings().toJavaList());
        java.util.List<Object> presets = new ArrayList<>();
        for (Advice one : advice) {
            Map<String, Object> preset = new LinkedHashMap<>();
            preset.put("preset", one.preset());
            preset.put("policies", one.policies());
            preset.put("notes", one.notes().toJavaList());
            preset.put("refused", one.result().refused().map(f -> f.describe()).getOrNull());
            java.util.List<Object> decisions = new ArrayList<>();
            for (Decision decision : one.result().changes()) {
                decisions.add(decision(decision));
            }
            preset.put("decisions", decisions);
            preset.put("commands", one.result().commands().map(c -> c.describe()).toJavaList());
            preset.put("holds", one.result().decisions().filter(d -> d instanceof Decision.ModelScaling m
                && !(m.decision() instanceof ModelScalingDecision.Scale)).map(Decision::describe).toJavaList());
            presets.add(preset);
        }
        root.put("presets", presets);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("advice cannot be written as JSON", e);
        }
    }

    private static Map<String, Object> decision(Decision decision) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (decision instanceof Decision.ModelScaling model && model.decision() instanceof ModelScalingDecision.Scale
            scale) {
            out.put("kind", "model");
            out.put("subject", scale.version().model().value());
            out.put("from", scale.from());
            out.put("to", scale.to());
            out.put("reason", scale.reason().getClass().getSimpleName());
            out.put("detail", scale.reason().describe());
        } else if (decision instanceof Decision.ServerScaling server
            && server.decision() instanceof ServerScalingDecision.Scale scale) {
            out.put("kind", "server");
            out.put("subject", scale.server().value());
            out.put("from", scale.from());
            out.put("to", scale.to());
            out.put("reason", scale.reason().getClass().getSimpleName());
            out.put("detail", scale.reason().describe());
            out.put("drain", scale.drain().map(DrainStep::describe).toJavaList());
        } else if (decision instanceof Decision.ServerScaling server
            && server.decision() instanceof ServerScalingDecision.Hold hold) {
            out.put("kind", "serverHold");
            out.put("subject", hold.server().value());
            out.put("reason", hold.reason().getClass().getSimpleName());
        } else if (decision instanceof Decision.Scheduling) {
            out.put("kind", "placement");
        } else {
            out.put("kind", decision.getClass().getSimpleName());
        }
        out.put("text", decision.describe());
        return out;
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String seconds(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
