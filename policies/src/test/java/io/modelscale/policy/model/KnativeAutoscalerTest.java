package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code kubernetes-hpa-kpa-keda.md} §4.5: Knative's autoscaler tests, with their harness's settings. */
class KnativeAutoscalerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void stableModeIncrease_withConcurrencyDefault() {
        KnativeAutoscaler kpa = harness(10, 10, 10);
        KnativeAutoscaler.Memory memory = KnativeAutoscaler.Memory.initial(1, NOW);
        KnativeAutoscaler.Step first = kpa.decide(memory, new KnativeAutoscaler.Observation(NOW, 1, 50, 10, true));
        assertThat(first.desired()).isEqualTo(5);
        KnativeAutoscaler.Step second = kpa.decide(first.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(2), 1, 100, 10, true));
        assertThat(second.desired()).isEqualTo(10);
    }

    @Test
    void stableModeIncrease_withSmallScaleUpRate() {
        assertThat(harness(1, 1.1, 10).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 2, 3, 3.1, true)).desired()).isEqualTo(3);
    }

    @Test
    void stableModeDecrease_withSmallScaleDownRate() {
        assertThat(harness(10, 10, 1.1).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 100, 1, 1, true)).desired()).isEqualTo(90);
    }

    @Test
    void stableModeDecrease_notReachable_dropsToOne() {
        assertThat(harness(10, 10, 1.1).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 100, 1, 1, false)).desired()).isEqualTo(1);
    }

    @Test
    void panicMode_doublesThePodCount() {
        KnativeAutoscaler.Step step = harness(10, 10, 10).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 50, 100, true));
        assertThat(step.desired()).isEqualTo(10);
        assertThat(step.panic()).isTrue();
    }

    @Test
    void panicMode_stableLargerThanPanic_takesStable() {
        KnativeAutoscaler.Memory inPanic = new KnativeAutoscaler.Memory(Option.some(NOW.minusSeconds(2)), 5,
            List.empty(), Option.none());
        assertThat(harness(1, 10, 10).decide(inPanic, new KnativeAutoscaler.Observation(NOW, 5, 50, 30, true))
            .desired()).isEqualTo(50);
    }

    @Test
    void panic_endsOnlyAfterAWholeStableWindowAndNeverScalesDownMeanwhile() {
        KnativeAutoscaler kpa = harness(10, 10, 10);
        KnativeAutoscaler.Step panic = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 50, 100, true));
        KnativeAutoscaler.Step calm = kpa.decide(panic.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(30), 10, 20, 20, true));
        assertThat(calm.desired()).isEqualTo(10);
        assertThat(calm.panic()).isTrue();
        KnativeAutoscaler.Step after = kpa.decide(calm.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(61), 10, 20, 20, true));
        assertThat(after.panic()).isFalse();
        assertThat(after.desired()).isEqualTo(2);
    }

    @Test
    void scaleToZero_waitsForTheGracePeriod() {
        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10));
        KnativeAutoscaler.Step first = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        assertThat(first.desired()).isEqualTo(1);
        KnativeAutoscaler.Step later = kpa.decide(first.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(30), 1, 0, 0, true));
        assertThat(later.desired()).isZero();
    }

    @Test
    void theDeciderProposesZero_andTheGraceIsAppliedAfterIt() {
        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10));
        KnativeAutoscaler.Observation idle = new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true);
        KnativeAutoscaler.Proposal proposal = kpa.propose(KnativeAutoscaler.Memory.initial(1, NOW), idle);
        assertThat(proposal.pods()).isZero();
        KnativeAutoscaler.Step held = kpa.bound(proposal, NOW, 1);
        assertThat(held.desired()).isEqualTo(1);
        assertThat(held.zeroWantedSince()).contains(NOW);
        assertThat(kpa.bound(kpa.propose(held.memory(), idle), NOW.plusSeconds(29), 1).desired()).isEqualTo(1);
    }

    @Test
    void theLastPodStaysForTheLongerOfGraceAndRetention() {
        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10)
            .withScaleToZero(true, Duration.ofSeconds(30), Duration.ofSeconds(90)));
        KnativeAutoscaler.Step first = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        KnativeAutoscaler.Step atGrace = kpa.decide(first.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(30), 1, 0, 0, true));
        assertThat(atGrace.desired()).isEqualTo(1);
        KnativeAutoscaler.Step atRetention = kpa.decide(atGrace.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(90), 1, 0, 0, true));
        assertThat(atRetention.desired()).isZero();
    }

    @Test
    void scaleToZeroDisabled_keepsOnePod_andDemandResetsTheWait() {
        KnativeAutoscaler disabled = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10)
            .withScaleToZero(false, Duration.ofSeconds(30), Duration.ZERO));
        KnativeAutoscaler.Step step = disabled.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        assertThat(step.desired()).isEqualTo(1);
        assertThat(step.zeroDisabled()).isTrue();

        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10));
        KnativeAutoscaler.Step idle = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        KnativeAutoscaler.Step busy = kpa.decide(idle.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(20), 1, 5, 5, true));
        KnativeAutoscaler.Step idleAgain = kpa.decide(busy.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(40), 1, 0, 0, true));
        assertThat(idleAgain.desired()).as("the wait starts again after demand").isEqualTo(1);
        assertThat(idleAgain.zeroWantedSince()).contains(NOW.plusSeconds(40));
    }

    @Test
    void bounds_applyAfterTheDecider() {
        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10).withBounds(2, 5));
        KnativeAutoscaler.Step high = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 100, 10, true));
        assertThat(high.proposal().pods()).isEqualTo(10);
        assertThat(high.desired()).isEqualTo(5);
        KnativeAutoscaler.Step low = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        assertThat(low.proposal().pods()).isZero();
        assertThat(low.desired()).isEqualTo(2);
        assertThat(low.zeroWantedSince()).isEmpty();
    }

    @Test
    void activationScale_raisesAWindowThatAsksForAnyPod_andOnlyThen() {
        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10).withActivationScale(3));
        KnativeAutoscaler.Proposal some = kpa.propose(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 1, 1, true));
        assertThat(some.pods()).isEqualTo(3);
        assertThat(some.activated()).isTrue();
        KnativeAutoscaler.Proposal none = kpa.propose(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        assertThat(none.pods()).isZero();
        assertThat(none.activated()).isFalse();
        KnativeAutoscaler.Proposal more = kpa.propose(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 45, 45, true));
        assertThat(more.pods()).as("above the activation scale it has no effect").isEqualTo(5);
        assertThat(more.activated()).isFalse();
    }

    @Test
    void activationScale_appliesAfterTheRateLimits() {
        // maxScaleUpRate 1.1 on one ready pod allows ceil(1.1) = 2; the activation scale of 4 still applies.
        KnativeAutoscaler kpa = new KnativeAutoscaler(new KnativeAutoscaler.Config(1, 2.0, 1.1, 2,
            Duration.ofSeconds(60), Duration.ZERO, 4, 0, 0, true, Duration.ofSeconds(30), Duration.ZERO));
        KnativeAutoscaler.Proposal proposal = kpa.propose(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 1.5, 1.5, true));
        assertThat(proposal.pods()).isEqualTo(4);
    }

    @Test
    void activationScale_belowOne_isRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> KnativeAutoscaler.Config.defaults(10).withActivationScale(0))
            .withMessageContaining("activationScale");
    }

    private static KnativeAutoscaler harness(double target, double maxUp, double maxDown) {
        return new KnativeAutoscaler(new KnativeAutoscaler.Config(target, 2.0, maxUp, maxDown, Duration.ofSeconds(60),
            Duration.ZERO, 1, 0, 0, true, Duration.ofSeconds(30), Duration.ZERO));
    }
}
