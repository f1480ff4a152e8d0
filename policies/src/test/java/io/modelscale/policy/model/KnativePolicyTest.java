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
