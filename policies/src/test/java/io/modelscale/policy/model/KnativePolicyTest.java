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
        // At the 2 s evaluation ending at second 14 the 6 s panic window holds 4 s of the burst: 48 / 6 = 8 needs 2
        // pods, twice the 1 ready, so panic starts; at 16 s it holds the whole burst, 12, which needs 3; at 18 s its
        // 8 needs 2 and at 20 s its 4 needs 1, but in panic the count never goes down, so the decision is 3.
        // Sampling only now (0 outstanding) would hold at the minimum.
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
    void perSecondAverages_inPeriodsOfAnOddNumberOfSeconds_keepTheTwoSecondBeat() {
        // 5 s periods, target 4, one ready pod, 40 outstanding in the first second and none after. The beats fall at
        // 2 and 4 s (and the decision at 5 s): at 2 s the panic window's mean of [40, 0] = 20 needs 5 pods, at least
        // twice the 1 ready: panic; at 4 s 40 / 4 = 10 needs 3 and at 5 s 8 needs 2, each still twice the ready pod,
        // so panic is extended to 5 s, and in panic the count holds at its highest, 5. A beat that started at the
        // first second would see 40 alone: 10 pods, capped at 6.
        Cluster cluster = available(scaling(1, 1, 6), 4, 4);
        ModelObservation first = Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 1)
            .withOutstandingPerSecond(io.vavr.collection.List.of(40.0, 0.0, 0.0, 0.0, 0.0)), NOW);
        Step<KnativePolicy.Memory, ModelScalingDecision> step = policy.decide(policy.initialMemory(first), first);
        assertThat(step.decision().describe()).startsWith("scale iris:1 from 1 to 5: Knative: panic");
        assertThat(step.memory().offBeat()).as("5 s leaves the next beat 1 s into the next period").isEqualTo(1);
        assertThat(step.memory().decider().panicSince()).contains(NOW);
        // the next period's beats fall at 1, 3 and 5 s: at 1 s the 6 s panic window still holds the 40 (40 / 6
        // needs 2 pods, twice the 1 ready) and extends panic to then; at 3 s and 5 s it holds only zeros
        ModelObservation second = Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 1)
            .withOutstandingPerSecond(io.vavr.collection.List.fill(5, 0.0)), NOW.plusSeconds(5));
        Step<KnativePolicy.Memory, ModelScalingDecision> next = policy.decide(step.memory(), second);
        assertThat(next.memory().offBeat()).isZero();
        assertThat(next.memory().decider().panicSince()).contains(NOW.plusSeconds(1));
    }

    @Test
    void perSecondAverages_anIdleModel_standsOnceItsWindowIsZerosAndItsWaitForZeroIsOver() {
        // one ready replica of a model whose floor is 1, idle: the decider wants zero pods from the first period on,
        // which scale to zero lets it have after a 30 s grace (it waits from the first 2 s beat, NOW - 18 s); the
        // policy holds at the floor throughout. The 60 s stable window fills with zeros in the third period, at
        // NOW + 40 s (its memory grows then, so that step cannot stand); from the next on, the grace long over, the
        // hold stands whatever the time (scale to zero reached, nothing in the memory compared with the time)
        Cluster cluster = available(scaling(1, 1, 6), 4, 4);
        KnativePolicy.Memory memory = policy.initialMemory(idle(cluster, NOW));
        java.util.List<Boolean> steady = new java.util.ArrayList<>();
        Step<KnativePolicy.Memory, ModelScalingDecision> step = null;
        for (int period = 0; period < 5; period++) {
            step = policy.decide(memory, idle(cluster, NOW.plusSeconds(20L * period)));
            assertThat(step.decision()).isInstanceOf(ModelScalingDecision.Hold.class);
            steady.add(step.steadyUntil().isDefined());
            memory = step.memory();
        }
        assertThat(steady).containsExactly(false, false, false, true, true);
        assertThat(step.steadyUntil()).contains(Instant.MAX);
        assertThat(memory.seconds()).hasSize(60).containsOnly(0.0);
        assertThat(memory.decider().zeroSince()).contains(NOW.minusSeconds(18));
        // a request in the window, or a replica count the decider would still bring down, stands no more
        ModelObservation busy = Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 0).withOutstandingPerSecond(
            io.vavr.collection.List.fill(20, 0.0).update(3, 0.5)), NOW.plusSeconds(100));
        assertThat(policy.decide(memory, busy).steadyUntil()).isEmpty();
        Cluster three = available(scaling(3, 1, 6), 4, 4);
        assertThat(policy.decide(memory, idle(three, NOW.plusSeconds(100))).steadyUntil()).isEmpty();
    }

    @Test
    void perSecondAverages_anIdleModelStillWaitingForZero_doesNotStandUntilTheGraceIsOver() {
        // half a request in the last second of the period decided at NOW keeps the 60 s stable average above zero
        // until the beat ending NOW + 60 s, when the decider starts waiting for zero (30 s grace). The window is all
        // zeros before the periods decided at NOW + 80 s and NOW + 100 s, but their first beats (NOW + 62 s and
        // NOW + 82 s) are within the grace, where the count depends on the time: they must not stand. The period
        // decided at NOW + 120 s begins after it and stands. (A policy that ignored the grace would claim the
        // NOW + 80 s hold stands, yet deciding it again a minute later gives another reason: scale to zero reached.)
        Cluster cluster = available(scaling(1, 1, 6), 4, 4);
        ModelObservation last = Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 0).withOutstandingPerSecond(
            io.vavr.collection.List.fill(20, 0.0).update(19, 0.5)), NOW);
        Step<KnativePolicy.Memory, ModelScalingDecision> step = policy.decide(policy.initialMemory(last), last);
        java.util.List<Boolean> steady = new java.util.ArrayList<>();
        for (int period = 1; period <= 6; period++) {
            step = policy.decide(step.memory(), idle(cluster, NOW.plusSeconds(20L * period)));
            steady.add(step.steadyUntil().isDefined());
            if (period == 4) {
                ModelScalingDecision later = policy.decide(step.memory(), idle(cluster, NOW.plusSeconds(139)))
                    .decision();
                assertThat(later).as("the same hold a minute later").isNotEqualTo(step.decision());
            }
        }
        assertThat(step.memory().decider().zeroSince()).contains(NOW.plusSeconds(60));
        assertThat(steady).containsExactly(false, false, false, false, false, true);
    }

    private static ModelObservation idle(Cluster cluster, Instant now) {
        return Observations.of(cluster, IRIS, ModelSignals.of(0, 0, 0).withOutstandingPerSecond(
            io.vavr.collection.List.fill(20, 0.0)), now);
    }

    @Test
    void memory_withANegativeOrNonFiniteSecond_isRefused() {
        KnativeAutoscaler.Memory decider = policy.initialMemory(observe(available(scaling(1, 1, 6), 4, 4), 0, NOW))
            .decider();
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new KnativePolicy.Memory(decider, io.vavr.collection.List.empty(), io.vavr.collection.List.of(bad), 0))
                .withMessageContaining("seconds must hold finite numbers");
        }
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            new KnativePolicy.Memory(decider, io.vavr.collection.List.empty(), io.vavr.collection.List.empty(), 2))
            .withMessageContaining("offBeat must be 0 or 1, got 2");
    }

    /**
     * A memory is a value: built from any sequence of the same averages it is equal, with the same hash, and gives
     * them back in order; another average, -0.0 against 0.0 included (as {@link Double#equals} tells them apart),
     * or another beat makes another memory.
     */
    @Test
    void memory_isAValue_whateverSequenceItWasBuiltFrom() {
        KnativeAutoscaler.Memory decider = policy.initialMemory(observe(available(scaling(1, 1, 6), 4, 4), 0, NOW))
            .decider();
        io.vavr.collection.List<KnativePolicy.Sample> none = io.vavr.collection.List.empty();
        KnativePolicy.Memory fromList = new KnativePolicy.Memory(decider, none,
            io.vavr.collection.List.of(0.0, 1.5, 2.0), 1);
        KnativePolicy.Memory fromArray = new KnativePolicy.Memory(decider, none,
            io.vavr.collection.Array.of(0.0, 1.5, 2.0), 1);
        assertThat(fromList).isEqualTo(fromArray).hasSameHashCodeAs(fromArray);
        assertThat(fromList.seconds()).containsExactly(0.0, 1.5, 2.0);
        assertThat(fromList.toString()).contains("seconds=[0.0, 1.5, 2.0]", "offBeat=1");
        assertThat(fromList).isNotEqualTo(new KnativePolicy.Memory(decider, none,
            io.vavr.collection.List.of(-0.0, 1.5, 2.0), 1));
        assertThat(fromList).isNotEqualTo(new KnativePolicy.Memory(decider, none,
            io.vavr.collection.List.of(0.0, 1.5, 2.5), 1));
        assertThat(fromList).isNotEqualTo(new KnativePolicy.Memory(decider, none,
            io.vavr.collection.List.of(0.0, 1.5, 2.0), 0));
        assertThat(new KnativePolicy.Memory(decider, none, io.vavr.collection.List.fill(60, 0.0), 0).seconds())
            .hasSize(60).containsOnly(0.0);
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
