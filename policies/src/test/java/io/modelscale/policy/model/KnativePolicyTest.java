package io.modelscale.policy.model;

import static io.modelscale.policy.model.PolicyFixture.IRIS;
import static io.modelscale.policy.model.PolicyFixture.T0;
import static io.modelscale.policy.model.PolicyFixture.available;
import static io.modelscale.policy.model.PolicyFixture.scaling;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Knative's decider as a model policy: its samples, the model's range, and its reasons to hold. */
class KnativePolicyTest {

    private static final Instant NOW = T0.plusSeconds(3_600);
    private final KnativePolicy policy = new KnativePolicy(KnativeAutoscaler.Config.defaults(4));

    @Test
    void decide_concurrencyOverTheTarget_scalesToTheStableProposal() {
        Cluster cluster = available(scaling(1, 1, 6), 4, 4);
        ModelObservation observation = observe(cluster, 12, NOW);
        ModelScalingDecision decision = policy.decide(policy.initialMemory(observation), observation).decision();
        assertThat(decision).isInstanceOf(ModelScalingDecision.Scale.class);
        assertThat(((ModelScalingDecision.Scale) decision).to()).isEqualTo(3);
        assertThat(decision.describe()).startsWith("scale iris:1 from 1 to 3: Knative: panic: 12.0 in the panic"
            + " window needs 3 pods");
    }

    @Test
    void decide_samplesOlderThanTheStableWindow_leaveTheAverage() {
        Cluster cluster = available(scaling(2, 1, 6), 4, 4);
        KnativePolicy.Memory memory = policy.initialMemory(observe(cluster, 0, NOW));
        for (int tick = 0; tick < 3; tick++) {
            memory = policy.decide(memory, observe(cluster, 8, NOW.plusSeconds(20L * tick))).memory();
        }
        assertThat(memory.samples()).hasSize(3);
        Step<KnativePolicy.Memory, ModelScalingDecision> next = policy.decide(memory,
            observe(cluster, 8, NOW.plusSeconds(60)));
        assertThat(next.memory().samples().map(KnativePolicy.Sample::at)).containsExactly(NOW.plusSeconds(20),
            NOW.plusSeconds(40), NOW.plusSeconds(60));
    }

    @Test
    void decide_aWishBelowTheMinimum_holdsAtTheMinimum() {
        Cluster cluster = available(scaling(2, 2, 6), 4, 4);
        ModelObservation observation = observe(cluster, 0, NOW);
        ModelScalingDecision decision = policy.decide(new KnativePolicy.Memory(
            KnativeAutoscaler.Memory.initial(1, NOW), io.vavr.collection.List.empty()), observation).decision();
        assertThat(((ModelScalingDecision.Hold) decision).reason()).isEqualTo(HoldReason.AT_RECOMMENDATION);
    }

    @Test
    void perSecondAverages_aBurstBetweenStatsPeriods_entersPanicAtTheTwoSecondTickThatSawIt() {
        // target 4, one ready pod. The period's 20 one-second buckets: 0 for 10 s, 12 for 6 s, 0 for the last 4 s.
        // At the 2 s evaluation ending at second 16 the 6 s panic window holds the whole burst: 12 needs 3 pods, at
        // least twice the 1 ready, so panic starts (the stable window, 16 s of history: 72 / 16 = 4.5, needs 2);
        // at 18 s the panic window's 8 needs 2, still twice 1, and at 20 s its 4 needs 1; in panic the count never
        // goes down, so the decision is 3. Sampling only now (0 outstanding) would hold at the minimum.
        Cluster cluster = available(scaling(1, 1, 6), 4, 4);
        io.vavr.collection.List<Double> seconds = io.vavr.collection.List.fill(10, 0.0)
            .appendAll(io.vavr.collection.List.fill(6, 12.0)).appendAll(io.vavr.collection.List.fill(4, 0.0));
        ModelObservation burst = Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 1)
            .withOutstandingPerSecond(seconds), NOW);
        Step<KnativePolicy.Memory, ModelScalingDecision> step = policy.decide(policy.initialMemory(burst), burst);
        assertThat(step.decision().describe()).startsWith("scale iris:1 from 1 to 3: Knative: panic");
        assertThat(step.memory().seconds()).hasSize(20);
        ModelObservation now = observe(cluster, 0, NOW);
        assertThat(policy.decide(policy.initialMemory(now), now).decision())
            .isInstanceOf(ModelScalingDecision.Hold.class);
        // the stable window keeps 60 one-second buckets: three more periods leave 60
        KnativePolicy.Memory memory = step.memory();
        for (int period = 1; period <= 3; period++) {
            memory = policy.decide(memory, Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 1)
                .withOutstandingPerSecond(io.vavr.collection.List.fill(20, 1.0)), NOW.plusSeconds(20L * period)))
                .memory();
        }
        assertThat(memory.seconds()).hasSize(60).containsOnly(1.0);
    }

    @Test
    void decide_withoutAutoscaling_holds() {
        Cluster cluster = available(scaling(1, 0, 0), 4, 4);
        ModelObservation observation = observe(cluster, 40, NOW);
        ModelScalingDecision decision = policy.decide(policy.initialMemory(observation), observation).decision();
        assertThat(((ModelScalingDecision.Hold) decision).reason()).isEqualTo(HoldReason.AUTOSCALING_DISABLED);
    }

    @Test
    void initialMemory_moreThanOneReadyReplica_startsInPanic() {
        Cluster cluster = available(scaling(3, 1, 6), 4, 4);
        assertThat(policy.initialMemory(observe(cluster, 0, NOW)).decider().panicSince()).contains(NOW);
    }

    private static ModelObservation observe(Cluster cluster, long concurrency, Instant now) {
        return Observations.of(cluster, IRIS, ModelSignals.of(concurrency, 0, 1), now);
    }
}
