package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.control.Autoscaler;
import io.modelscale.control.ControlMemory;
import io.modelscale.control.ControlResult;
import io.modelscale.control.Trigger;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.model.ModelName;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.scenario.ScenarioFile;
import java.io.StringReader;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A policy a user writes, registered in one line, run by its name through the control step and the simulator. */
class UserPolicyTest {

    /** One more replica whenever anything is queued, one fewer when nothing is in flight: no memory at all. */
    private static final ModelScalingPolicy<?> QUEUE_WATCHER = ModelScalingPolicy.stateless(o ->
        o.own().queued() > 0 && o.scaling().maxReplicas().admits(o.scaling().replicas() + 1L)
            ? ModelScalingDecision.scale(o, o.scaling().replicas() + 1, new ModelScaleReason.Other("requests queue"))
            : o.own().outstanding() == 0 && o.scaling().replicas() > o.scaling().autoscalingFloor()
            ? ModelScalingDecision.scale(o, o.scaling().replicas() - 1, new ModelScaleReason.Other("nothing to do"))
            : ModelScalingDecision.hold(o, HoldReason.OTHER, "steady"));

    private final PolicyRegistry registry = PolicyRegistry.standard()
        .withModelPolicy("model.queueWatcher", () -> QUEUE_WATCHER).get();

    @Test
    void throughTheControlStep_byItsName() {
        Preset preset = registry.preset("documented").get()
            .withModelPolicy(registry.modelPolicy("model.queueWatcher").get());
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Cluster cluster = ClusterBuilder.at(now)
            .server("mlserver", s -> s.replicas(2).scaling(1, 2).memory("8Gi"))
            .model("busy", m -> m.memory("1Gi").scaling(1, 1, 2).loadedOn("mlserver", 0))
            .model("quiet", m -> m.memory("1Gi").scaling(2, 1, 2).loadedOn("mlserver", 0, 1))
            .build().get();
        Signals signals = Signals.none().with(ModelName.of("busy"), ModelSignals.of(4, 3, 2.0));
        ControlResult result = Autoscaler.of(preset).step(ControlMemory.initial(), cluster, Trigger.tick(signals),
            now, new SplittableRandom(1));
        assertThat(result.modelDecisions().map(ModelScalingDecision::describe)).containsExactly(
            "scale busy:1 from 1 to 2: requests queue", "scale quiet:1 from 2 to 1: nothing to do");
        assertThat(result.cluster().model(ModelName.of("busy")).get().latest().spec().scaling().replicas())
            .isEqualTo(2);
    }

    /** Records the per-second averages each decision was given, by model. */
    private static final class SecondsWatcher implements ModelScalingPolicy<io.modelscale.policy.NoMemory> {
        final java.util.Map<String, java.util.List<Integer>> lengths = new java.util.TreeMap<>();
        final java.util.Map<String, Double> largest = new java.util.TreeMap<>();
        final boolean reads;

        SecondsWatcher(boolean reads) {
            this.reads = reads;
        }

        @Override
        public boolean readsOutstandingPerSecond() {
            return reads;
        }

        @Override
        public io.modelscale.policy.NoMemory initialMemory(io.modelscale.policy.model.ModelObservation first) {
            return io.modelscale.policy.NoMemory.INSTANCE;
        }

        @Override
        public io.modelscale.policy.Step<io.modelscale.policy.NoMemory, ModelScalingDecision> decide(
            io.modelscale.policy.NoMemory memory, io.modelscale.policy.model.ModelObservation observation) {
            String model = observation.model().name().value();
            var seconds = observation.own().outstandingPerSecond();
            lengths.computeIfAbsent(model, k -> new java.util.ArrayList<>()).add(seconds.map(x -> x.size())
                .getOrElse(-1));
            seconds.forEach(x -> x.forEach(v -> largest.merge(model, v, Math::max)));
            return io.modelscale.policy.Step.of(memory, ModelScalingDecision.hold(observation, HoldReason.OTHER,
                "watching"));
        }
    }

    @Test
    void throughTheSimulator_aPolicyThatReadsPerSecondAveragesGetsOnePerSecondOfEachPeriod_andOthersNone() {
        SecondsWatcher reading = new SecondsWatcher(true);
        Report withSeconds = Simulator.run(DefaultScenario.code(), io.modelscale.policy.Presets.seldonCore()
            .withModelPolicy(new io.modelscale.policy.Named<>("test.reading", reading)), 1);
        assertThat(withSeconds.value("requests")).isPositive();
        // the built-in stats period is 20 s: every decision on a tick gets 20 one-second means
        assertThat(reading.lengths).isNotEmpty();
        reading.lengths.values().forEach(lengths -> assertThat(lengths).isNotEmpty().containsOnly(20));
        assertThat(reading.largest.values()).as("the coding trace keeps its models busy: some second is not idle")
            .anyMatch(v -> v > 0);
        SecondsWatcher ignoring = new SecondsWatcher(false);
        Simulator.run(DefaultScenario.code(), io.modelscale.policy.Presets.seldonCore()
            .withModelPolicy(new io.modelscale.policy.Named<>("test.ignoring", ignoring)), 1);
        ignoring.lengths.values().forEach(lengths -> assertThat(lengths).containsOnly(-1));
    }

    @Test
    void throughTheSimulator_namedInAScenarioFile() {
        String yaml = """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Model
            metadata:
              name: chat
            spec:
              memory: 2Gi
              minReplicas: 1
              maxReplicas: 4
            ---
            apiVersion: modelscale.io/v1alpha1
            kind: Simulation
            spec:
              preset: seldonCore
              modelPolicy: model.queueWatcher
              duration: 20m
            """;
        Scenario scenario = ScenarioFile.read("custom.yaml", new StringReader(yaml), null, registry).get();
        Preset preset = scenario.policies().resolve(registry).get();
        assertThat(preset.models().name()).isEqualTo("model.queueWatcher");
        assertThat(preset.name()).isEqualTo("seldonCore+model.queueWatcher");
        Report report = Simulator.run(scenario, preset, 3);
        assertThat(report.value("model scale-ups")).isPositive();
        SimulatorTest.countsAddUp(report);
    }

    @Test
    void theStandardRegistry_doesNotKnowIt() {
        String yaml = """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Model
            metadata:
              name: chat
            spec:
              memory: 2Gi
            ---
            apiVersion: modelscale.io/v1alpha1
            kind: Simulation
            spec:
              modelPolicy: model.queueWatcher
            """;
        assertThat(ScenarioFile.read("custom.yaml", new StringReader(yaml), null).getError().head().describe())
            .isEqualTo("custom.yaml:11: Simulation spec.modelPolicy: 'model.queueWatcher' is not a registered model"
                + " policy: expected one of model.demandLag, model.hpa, model.inferenceLag,"
                + " model.inferenceLag.seldonCore, model.knative, model.rayServe, model.sloAware");
    }
}
