package io.modelscale.policy.model;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

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
        // a new panic starts from its own count: 60 in the panic window of 2 ready pods asks for 6 (3 times the ready
        // pods), not the 10 of the panic that ended
        KnativeAutoscaler.Step again = kpa.decide(after.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(63), 2, 20, 60, true));
        assertThat(again.panic()).isTrue();
        assertThat(again.desired()).isEqualTo(6);
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

    /**
     * {@code advance}, which a policy uses for the beats whose step it does not read, leaves the memory
     * {@code decide} leaves, over settings, memories and averages drawn to reach every rule that writes the memory:
     * panic entered and left, a scale-down delay, scale to zero wanted and disabled, bounds and activation; where
     * nothing changes it gives back the very memory it was given. Both apply the same rules (the hand-worked cases
     * above check those): this checks what {@code advance} does around them, the instant it reads, the delay and
     * the bounds it applies before scale to zero.
     */
    @Test
    void advance_leavesTheMemoryDecideLeaves() {
        AtomicInteger draws = new AtomicInteger();
        AtomicInteger panicEntered = new AtomicInteger();
        AtomicInteger panicLeft = new AtomicInteger();
        AtomicInteger zeroWanted = new AtomicInteger();
        AtomicInteger delayed = new AtomicInteger();
        AtomicInteger unchanged = new AtomicInteger();
        Gen<KnativeAutoscaler.Config> configs = Generate.pick(java.util.List.of(1.0, 2.5, 10.0))
            .zip(Generate.pick(java.util.List.of(0L, 0L, 30L)), Generate.booleans(),
                Generate.pick(java.util.List.of(1, 1, 3)), Generate.pick(java.util.List.of(0, 0, 2)),
                (target, delay, toZero, activation, min) -> new KnativeAutoscaler.Config(target, 2.0, 1000, 2,
                    Duration.ofSeconds(60), Duration.ofSeconds(delay), activation, min, min > 0 ? 5 : 0, toZero,
                    Duration.ofSeconds(30), Duration.ZERO));
        Gen<Option<Instant>> instants = Generate.pick(java.util.List.of(-1, -1, -1, 5, 50, 70, 200))
            .map(back -> back < 0 ? Option.<Instant>none() : Option.some(NOW.minusSeconds(back)));
        Gen<KnativeAutoscaler.Memory> memories = instants.zip(Generate.range(0, 6), instants,
            Generate.pick(java.util.List.of(-1, 10, 40)), (panic, most, zero, delayedAgo) ->
                new KnativeAutoscaler.Memory(panic, panic.isDefined() ? most : 0, delayedAgo < 0 ? List.empty()
                    : List.of(new KnativeAutoscaler.Delayed(NOW.minusSeconds(delayedAgo), most + 1)), zero));
        Gen<Double> averages = Generate.pick(java.util.List.of(0.0, 0.4, 1.0, 3.7, 12.0, 40.0));
        Gen<double[]> idle = Generate.constant(new double[] {0, 0});
        // idle windows two times in five: scale to zero is wanted only there
        Gen<double[]> windows = averages.zip(averages, (a, b) -> new double[] {a, b}).mix(idle, 40);
        qt().forAll(configs, memories, Generate.pick(java.util.List.of(0, 0, 1, 1, 2, 5, 7)), windows)
            .checkAssert((config, memory, ready, means) -> {
                KnativeAutoscaler decider = new KnativeAutoscaler(config);
                int back = ready % 3;
                KnativeAutoscaler.Step step = decider.decide(memory, new KnativeAutoscaler.Observation(
                    NOW.minusSeconds(back), ready, means[0], means[1], true));
                KnativeAutoscaler.Memory advanced = decider.advance(memory, NOW, back, ready, means[0], means[1]);
                assertThat(advanced).isEqualTo(step.memory());
                if (step.memory().equals(memory)) {
                    assertThat(advanced).isSameAs(memory);
                    unchanged.incrementAndGet();
                }
                draws.incrementAndGet();
                if (step.panic() && step.memory().panicSince().contains(NOW.minusSeconds(back))) {
                    panicEntered.incrementAndGet();
                }
                if (memory.panicSince().isDefined() && step.memory().panicSince().isEmpty()) {
                    panicLeft.incrementAndGet();
                }
                if (memory.zeroSince().isEmpty() && step.memory().zeroSince().isDefined()) {
                    zeroWanted.incrementAndGet();
                }
                if (!config.scaleDownDelay().isZero()) {
                    delayed.incrementAndGet();
                }
            });
        // each rule that writes the memory was reached in at least one draw in a hundred
        for (AtomicInteger reached : java.util.List.of(panicEntered, panicLeft, zeroWanted, delayed, unchanged)) {
            if (io.modelscale.core.arbitrary.Theories.reachChecked()) {
                assertThat(reached.get()).isGreaterThan(draws.get() / 100);
            }
        }
    }
}
