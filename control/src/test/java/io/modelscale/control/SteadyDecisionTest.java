package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.model.ModelName;
import io.modelscale.policy.Named;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.List;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * A decision its policy says stands ({@link Step#steadyUntil()}) is reused by the stats tick without asking the policy
 * again, for as long as the model, its signals, the policy and the policy's memory stay as they were and the instant
 * is before the bound; anything else asks again. Reusing changes nothing a caller sees: the same runs with the
 * promise taken away give equal results, step by step.
 */
class SteadyDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ModelName IRIS = ModelName.of("iris");

    private final Cluster cluster = ClusterBuilder.at(NOW)
        .server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
        .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("s", 0, 1))
        .build().get();

    /** Holds, saying the hold stands for a minute from the first instant it is asked; counts the asks. */
    record SteadyForAMinute(AtomicInteger asked) implements ModelScalingPolicy<Instant> {
        @Override
        public Instant initialMemory(ModelObservation first) {
            return first.now();
        }

        @Override
        public Step<Instant, ModelScalingDecision> decide(Instant since, ModelObservation observation) {
            asked.incrementAndGet();
            return Step.steady(since, ModelScalingDecision.hold(observation, ModelScalingDecision.HoldReason.OTHER,
                "steady since " + since), since.plusSeconds(60));
        }
    }

    @Test
    void aSteadyHold_isReusedUntilItsBound_andAskedForAgainWhenTheModelTheSignalsOrThePolicyChange() {
        AtomicInteger asked = new AtomicInteger();
        Autoscaler autoscaler = Autoscaler.of(Presets.documented())
            .withModelPolicy(IRIS, new Named<>("steady", new SteadyForAMinute(asked)));
        ControlMemory memory = ControlMemory.initial();
        ControlResult first = tick(autoscaler, memory, cluster, Signals.none(), NOW);
        memory = first.memory();
        for (int s = 20; s < 60; s += 20) {
            ControlResult again = tick(autoscaler, memory, cluster, Signals.none(), NOW.plusSeconds(s));
            assertThat(again.modelDecisions()).as("at +%d s", s).isEqualTo(first.modelDecisions());
            assertThat(again.changes()).isEqualTo(first.changes());
            memory = again.memory();
        }
        assertThat(asked.get()).as("asked once for three ticks within the minute").isEqualTo(1);

        tick(autoscaler, memory, cluster, Signals.none(), NOW.plusSeconds(60));
        assertThat(asked.get()).as("asked again at the bound").isEqualTo(2);

        tick(autoscaler, memory, cluster, Signals.none().with(IRIS, ModelSignals.idle().withLastRequest(NOW)),
            NOW.plusSeconds(20));
        assertThat(asked.get()).as("asked again when the signals differ").isEqualTo(3);

        Cluster rescaled = cluster.deployModel(cluster.model(IRIS).get().latest().spec()
            .withScaling(cluster.model(IRIS).get().latest().spec().scaling().withReplicas(3)), NOW);
        tick(autoscaler, memory, rescaled, Signals.none(), NOW.plusSeconds(20));
        assertThat(asked.get()).as("asked again when the model differs").isEqualTo(4);

        AtomicInteger other = new AtomicInteger();
        tick(Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("other",
            new SteadyForAMinute(other))), memory, cluster, Signals.none(), NOW.plusSeconds(20));
        assertThat(other.get()).as("a different policy is asked").isEqualTo(1);

        Cluster equalButNew = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("s", 0, 1))
            .build().get();
        tick(autoscaler, memory, equalButNew, Signals.none(), NOW.plusSeconds(40));
        assertThat(asked.get()).as("an equal model rebuilt from a new snapshot is not asked").isEqualTo(4);

        tick(autoscaler, memory, cluster, Signals.none(), NOW.minusSeconds(1));
        assertThat(asked.get()).as("asked again when the clock went back before the decision").isEqualTo(5);
    }

    /**
     * A hold decided at 12:00:00.5 standing for a minute stands from that very instant up to the last nanosecond
     * before 12:01:00.5, and not a nanosecond outside: each instant is stepped from the memory the first tick left.
     */
    @Test
    void aSteadyHoldStands_fromItsInstant_toTheNanosecondBeforeItsBound() {
        Instant decided = NOW.plusMillis(500);
        java.util.Map<Instant, Integer> asks = new java.util.LinkedHashMap<>();
        for (Instant at : java.util.List.of(decided, decided.plusSeconds(60).minusNanos(1), decided.minusNanos(1),
            decided.plusSeconds(60), decided.minusSeconds(1), decided.plusSeconds(59))) {
            AtomicInteger asked = new AtomicInteger();
            Autoscaler autoscaler = Autoscaler.of(Presets.documented())
                .withModelPolicy(IRIS, new Named<>("steady", new SteadyForAMinute(asked)));
            ControlMemory memory = tick(autoscaler, ControlMemory.initial(), cluster, Signals.none(), decided)
                .memory();
            tick(autoscaler, memory, cluster, Signals.none(), at);
            asks.put(at, asked.get() - 1);
        }
        assertThat(asks.values()).containsExactly(0, 0, 1, 1, 1, 0);
    }

    @Test
    void aBusyModelsDecisionIsNotKept() {
        AtomicInteger asked = new AtomicInteger();
        Autoscaler autoscaler = Autoscaler.of(Presets.documented())
            .withModelPolicy(IRIS, new Named<>("steady", new SteadyForAMinute(asked)));
        Signals busy = Signals.none().with(IRIS, ModelSignals.of(2, 0, 1.5));
        ControlMemory memory = tick(autoscaler, ControlMemory.initial(), cluster, busy, NOW).memory();
        tick(autoscaler, memory, cluster, busy, NOW.plusSeconds(20));
        assertThat(asked.get()).isEqualTo(2);
    }

    /**
     * Every preset's tick, on models that are idle, quiet after a request, or busy, at instants that cross the
     * policies' thresholds, decides exactly as the same preset whose policy never says its decisions stand: equal
     * decisions, snapshots, commands and policy memories, step after step. The reuse must happen for this to mean
     * anything: under the Seldon-family presets the policy is asked on fewer than 60 % of the model ticks, and under
     * the HPA, Ray Serve and Knative on fewer than all. Under Ray Serve and Knative the signals carry one-second
     * means (the same window of zeros for an idle model, on which alone their holds stand), as the simulator's do.
     */
    @Test
    void reusingDecisionsChangesNoResult() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger asks = new AtomicInteger();
        AtomicInteger hpaTicks = new AtomicInteger();
        AtomicInteger hpaAsks = new AtomicInteger();
        java.util.Map<String, AtomicInteger> perSecondTicks = java.util.Map.of("rayServe", new AtomicInteger(),
            "knative", new AtomicInteger());
        java.util.Map<String, AtomicInteger> perSecondAsks = java.util.Map.of("rayServe", new AtomicInteger(),
            "knative", new AtomicInteger());
        java.util.Set<String> perSecond = perSecondTicks.keySet();
        java.util.Set<String> seldonFamily = java.util.Set.of("documented", "seldonCore", "consolidating");
        Cluster three = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
            .model("a", m -> m.memory("1Gi").scaling(1, 1, 3).loadedOn("s", 0))
            .model("b", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("s", 0, 1))
            .model("c", m -> m.memory("1Gi").scaling(1, 1, 1).loadedOn("s", 2))
            .build().get();
        List<ModelName> names = List.of("a", "b", "c").map(ModelName::of);
        qt().withExamples(120).forAll(Generate.intArrays(Generate.constant(30), Generate.range(0, 9)),
                Generate.pick(java.util.List.of("documented", "seldonCore", "consolidating", "rayServe", "knative",
                    "hpa")))
            .checkAssert((pattern, presetName) -> {
                Preset preset = preset(presetName);
                AtomicInteger counted = new AtomicInteger();
                Autoscaler steady = Autoscaler.of(preset.withModelPolicy(new Named<>(preset.models().name(),
                    new Counted<>(preset.models().policy(), counted, true))));
                Autoscaler asking = Autoscaler.of(preset.withModelPolicy(new Named<>(preset.models().name(),
                    new Counted<>(preset.models().policy(), new AtomicInteger(), false))));
                ControlMemory memoryA = ControlMemory.initial();
                ControlMemory memoryB = ControlMemory.initial();
                Cluster clusterA = three;
                Cluster clusterB = three;
                Instant now = NOW;
                for (int i = 0; i < pattern.length; i++) {
                    // a jump of 590 s lands one period short of a 600 s threshold (Seldon's idle models, Ray Serve's
                    // downscale delay), so that the next period crosses it: a bound one period late shows there
                    now = now.plusSeconds(pattern[i] == 8 ? 590 : 20);
                    Signals signals = Signals.none();
                    for (int m = 0; m < names.size(); m++) {
                        // each model's kind of traffic holds for five ticks, as traffic does
                        int kind = (pattern[i / 5] + m) % 8;
                        signals = signals.with(names.get(m), perSecond.contains(presetName)
                            ? signal(kind, NOW).withOutstandingPerSecond(kind < 6 ? IDLE_SECONDS
                                : List.fill(20, kind * 5.0))
                            : signal(kind, NOW));
                    }
                    ControlResult a = tick(steady, memoryA, clusterA, signals, now);
                    ControlResult b = tick(asking, memoryB, clusterB, signals, now);
                    String where = presetName + ", tick " + i + " of " + java.util.Arrays.toString(pattern);
                    assertThat(a.decisions()).as(where).isEqualTo(b.decisions());
                    assertThat(a.changes()).as(where).isEqualTo(b.changes());
                    assertThat(a.cluster()).as(where).isEqualTo(b.cluster());
                    assertThat(a.commands()).as(where).isEqualTo(b.commands());
                    for (ModelName name : names) {
                        assertThat(a.memory().modelPolicyMemory(name)).as(where)
                            .isEqualTo(b.memory().modelPolicyMemory(name));
                        assertThat(a.memory().lastScaled(name)).as(where).isEqualTo(b.memory().lastScaled(name));
                    }
                    memoryA = a.memory();
                    memoryB = b.memory();
                    clusterA = a.cluster();
                    clusterB = b.cluster();
                    if (seldonFamily.contains(presetName)) {
                        ticks.addAndGet(names.size());
                    } else if (presetName.equals("hpa")) {
                        hpaTicks.addAndGet(names.size());
                    } else {
                        perSecondTicks.get(presetName).addAndGet(names.size());
                    }
                }
                if (seldonFamily.contains(presetName)) {
                    asks.addAndGet(counted.get());
                } else if (presetName.equals("hpa")) {
                    hpaAsks.addAndGet(counted.get());
                } else {
                    perSecondAsks.get(presetName).addAndGet(counted.get());
                }
            });
        assertThat(asks.get()).as("policy asked on %d model ticks", ticks.get()).isLessThan(ticks.get() * 6 / 10);
        assertThat(hpaAsks.get()).as("HPA asked on %d model ticks", hpaTicks.get()).isLessThan(hpaTicks.get());
        for (String name : perSecond) {
            int asked = perSecondAsks.get(name).get();
            int all = perSecondTicks.get(name).get();
            assertThat(asked).as("%s asked on %d model ticks", name, all).isLessThan(all);
        }
    }

    /** The one-second means of a period of 20 s with nothing outstanding: one value, as a serving side hands out. */
    private static final io.vavr.collection.Seq<Double> IDLE_SECONDS = List.fill(20, 0.0);

    /** Idle (0-3), quiet after requests at {@code start} (4-5), or busy (6-7). */
    private static ModelSignals signal(int kind, Instant start) {
        return switch (kind) {
            case 0, 1, 2, 3 -> ModelSignals.idle();
            case 4, 5 -> ModelSignals.idle().withLastRequest(start.plusSeconds(kind));
            default -> ModelSignals.of(kind * 5L, 0, 2.0).withLastRequest(start.plusSeconds(30));
        };
    }

    private static Preset preset(String name) {
        return switch (name) {
            case "documented" -> Presets.documented();
            case "seldonCore" -> Presets.seldonCore();
            case "rayServe" -> Presets.rayServe();
            case "knative" -> Presets.knative();
            case "hpa" -> Presets.hpa();
            default -> Presets.consolidating();
        };
    }

    private static ControlResult tick(Autoscaler autoscaler, ControlMemory memory, Cluster cluster, Signals signals,
                                      Instant now) {
        return autoscaler.step(memory, cluster, Trigger.tick(signals), now, new SplittableRandom(1));
    }

    /**
     * A policy as {@code inner}, counting the asks, with its promise that a decision stands kept or taken away; equal
     * when the inner policies are and both keep or both drop the promise, so that the memory carries over.
     */
    record Counted<M>(ModelScalingPolicy<M> inner, AtomicInteger asked, boolean keepsPromise)
        implements ModelScalingPolicy<M> {

        @Override
        public M initialMemory(ModelObservation first) {
            return inner.initialMemory(first);
        }

        @Override
        public Step<M, ModelScalingDecision> decide(M memory, ModelObservation observation) {
            asked.incrementAndGet();
            Step<M, ModelScalingDecision> step = inner.decide(memory, observation);
            return keepsPromise ? step : Step.of(step.memory(), step.decision());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Counted<?> that && inner.equals(that.inner) && keepsPromise == that.keepsPromise;
        }

        @Override
        public int hashCode() {
            return inner.hashCode() * 31 + Boolean.hashCode(keepsPromise);
        }
    }
}
