package io.modelscale.simulation.engine;

import io.modelscale.control.Autoscaler;
import io.modelscale.control.ControlMemory;
import io.modelscale.control.ControlResult;
import io.modelscale.control.Trigger;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.Seq;
import io.vavr.collection.TreeMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What a preset would do now: one control step, from no memory, on the cluster a snapshot describes (each model and
 * server at the replicas its manifest or status gives, placed by the preset's scheduler and loaded an hour before the
 * moment, {@link #SETTLED}, so that no stability window is still running), ticked with each model's live traffic. It
 * changes nothing anywhere; a model the preset's placement cannot fit as the snapshot has it is named in a note.
 *
 * <p>Each model's signals come from its request rate {@code λ} and mean service time {@code W}: it has {@code λ·W}
 * requests outstanding (Little's law), of which those beyond its available replicas times the concurrency per
 * replica count as queued; the request that arrived last is taken to arrive now. A policy that needs a window of
 * history before scaling down (most do) reports that as a hold until the window ends.
 *
 * @param preset      the preset's name
 * @param policies    the preset's policies in words
 * @param signals     the signals the step was given
 * @param result      what the step decided and the agents' commands
 */
public record Advice(String preset, String policies, Signals signals, ControlResult result, Seq<String> notes) {

    /** How long before the moment asked the cluster is taken to have been placed, so stability windows have passed. */
    public static final Duration SETTLED = Duration.ofHours(1);

    public Advice {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(notes, "notes");
    }

    /**
     * The advice of {@code preset} at {@code at} on the snapshot {@code scenario} (its traffic unused), given each
     * model's requests per second ({@code rates}) and mean service seconds, in the scenario's model order.
     */
    public static Advice of(Scenario scenario, Preset preset, Instant at, double[] rates, double[] meanServiceSeconds,
                            long seed) {
        if (rates.length != scenario.models().size() || meanServiceSeconds.length != rates.length) {
            throw new IllegalArgumentException("rates and service times must name every model: " + rates.length
                + " and " + meanServiceSeconds.length + " for " + scenario.models().size());
        }
        Autoscaler autoscaler = Simulator.autoscaler(scenario, preset);
        Scenario now = scenario.withSettings(scenario.settings().withWindow(at.minus(SETTLED),
            scenario.settings().duration()).withInitial(Settings.InitialState.COLD));
        Cluster cluster = WarmStart.place(now, autoscaler, seed);
        io.vavr.collection.List<String> short_ = io.vavr.collection.List.empty();
        for (ModelSpec spec : scenario.models()) {
            int available = cluster.model(spec.name()).map(Model::latest).map(v -> v.status().availableReplicas())
                .getOrElse(0);
            if (available < spec.scaling().replicas()) {
                short_ = short_.append(spec.name().value() + " (" + available + " of " + spec.scaling().replicas()
                    + ")");
            }
        }
        Seq<String> notes = short_.isEmpty() ? io.vavr.collection.List.empty() : io.vavr.collection.List.of(
            "note: under this preset's placement the snapshot's replicas do not all fit: " + short_.size()
                + " model" + (short_.size() == 1 ? "" : "s") + " short: " + short_.take(5).mkString(", ")
                + (short_.size() > 5 ? ", …" : ""));
        int concurrency = scenario.settings().concurrencyPerReplica();
        TreeMap<ModelName, ModelSignals> byModel = TreeMap.empty();
        for (int m = 0; m < rates.length; m++) {
            ModelName name = scenario.models().get(m).name();
            int available = cluster.model(name).map(Model::latest).map(v -> v.status().availableReplicas())
                .getOrElse(0);
            long outstanding = Math.round(rates[m] * meanServiceSeconds[m]);
            long inFlight = Math.min(outstanding, (long) available * concurrency);
            ModelSignals signals = new ModelSignals(inFlight, outstanding - inFlight, inFlight, rates[m],
                io.vavr.control.Option.none(), io.vavr.control.Option.none(), concurrency);
            if (rates[m] > 0) {
                signals = signals.withLastRequest(at).withMeanServiceTime(Duration.ofNanos(Math.round(
                    meanServiceSeconds[m] * 1e9)));
            }
            byModel = byModel.put(name, signals);
        }
        Signals signals = Signals.of(byModel);
        ControlResult result = autoscaler.step(ControlMemory.initial(), cluster, Trigger.tick(signals), at,
            new SplittableRandom(seed));
        return new Advice(preset.name(), autoscaler.preset().describe(), signals, result, notes);
    }

    /**
     * The lines a person reads: every change the step decided, then the agents' commands, then how many models it
     * held and why for the first three.
     */
    public Seq<String> lines() {
        Seq<String> holds = result.decisions().filter(d -> d instanceof io.modelscale.control.Decision.ModelScaling m
            && !(m.decision() instanceof io.modelscale.policy.model.ModelScalingDecision.Scale))
            .map(io.modelscale.control.Decision::describe);
        return notes.toList().appendAll(result.refused().map(f -> "refused: " + f.describe()))
            .appendAll(result.changes().map(io.modelscale.control.Decision::describe))
            .appendAll(result.commands().map(c -> "agent: " + c.describe()))
            .appendAll(holds.isEmpty() ? io.vavr.collection.List.empty() : io.vavr.collection.List.of(holds.size()
                + " model" + (holds.size() == 1 ? "" : "s") + " held" + (holds.size() > 3 ? ", the first three:"
                : ":")).appendAll(holds.take(3).map(h -> "  " + h)));
    }
}
