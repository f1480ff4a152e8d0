package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.model.ModelName;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ray Serve's default policy, each case worked out by hand from its documented formula and defaults. */
class RayServePolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ModelName M = ModelName.of("m");
    private final RayServePolicy policy = new RayServePolicy(RayServePolicy.Config.defaults());

    /**
     * Two running replicas with 8 requests ongoing for the whole period: the ratio to the target of 2 each is
     * 8 / 4 = 2, so ceil(2 × (1 + (2 - 1))) = 4 replicas, once the decision has stood for the 30 s upscale delay:
     * held at 0 s and 20 s, carried out at 40 s.
     */
    /**
     * A memory is a value: built from any sequence of the same figures it is equal, with the same hash, and gives
     * them back in order; another figure, -0.0 against 0.0 included, or another instant makes another memory; a
     * sequence holding null is refused by name.
     */
    @Test
    void memory_isAValue_whateverSequenceItWasBuiltFrom() {
        Option<Instant> at = Option.some(Instant.parse("2026-01-01T00:00:00Z"));
        RayServePolicy.Memory fromVector = new RayServePolicy.Memory(Vector.of(0.0, 2.0, 3.5), at, Option.none(),
            at);
        RayServePolicy.Memory fromList = new RayServePolicy.Memory(io.vavr.collection.List.of(0.0, 2.0, 3.5), at,
            Option.none(), at);
        assertThat(fromVector).isEqualTo(fromList).hasSameHashCodeAs(fromList);
        assertThat(fromVector.seconds()).containsExactly(0.0, 2.0, 3.5);
        assertThat(fromVector.toString()).contains("seconds=[0.0, 2.0, 3.5]", "downSince=Some(");
        assertThat(fromVector).isNotEqualTo(new RayServePolicy.Memory(Vector.of(-0.0, 2.0, 3.5), at, Option.none(),
            at));
        assertThat(fromVector).isNotEqualTo(new RayServePolicy.Memory(Vector.of(0.0, 2.0, 3.5), at, Option.none(),
            Option.none()));
        assertThat(RayServePolicy.Memory.initial().seconds()).isEmpty();
        assertThat(RayServePolicy.Memory.initial()).isEqualTo(new RayServePolicy.Memory(
            io.vavr.collection.List.empty(), Option.none(), Option.none(), Option.none()));
        assertThatThrownBy(() -> new RayServePolicy.Memory(Vector.of(1.0, null), at, Option.none(), Option.none()))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("seconds holds null");
    }

    @Test
    void aLoadTwiceTheTarget_doublesTheReplicas_afterTheUpscaleDelay() {
        Cluster cluster = running(2);
        RayServePolicy.Memory memory = RayServePolicy.Memory.initial();
        Step<RayServePolicy.Memory, ModelScalingDecision> step = null;
        for (int second : new int[] {0, 20}) {
            step = policy.decide(memory, observe(cluster, perSecond(8, 20), T0.plusSeconds(second)));
            memory = step.memory();
            assertThat(reason(step.decision())).isEqualTo(HoldReason.DELAYED);
        }
        assertThat(step.decision().describe()).isEqualTo("hold m:1: the policy has not wanted the change for its whole"
            + " delay (8.00 ongoing requests on 2 running replicas, target 2.00 each: 4 replicas; wanted since " + T0
            + ", upscale delay 30 s)");
        ModelScalingDecision scale = policy.decide(memory, observe(cluster, perSecond(8, 20), T0.plusSeconds(40)))
            .decision();
        assertThat(scale).isEqualTo(new ModelScalingDecision.Scale(M.version(1), 2, 4,
            new ModelScaleReason.OngoingRequests(8, 2, 2, 4)));
    }

    /** The delay is met at the instant it ends, not a nanosecond before. */
    @Test
    void theUpscaleDelay_endsExactlyAtItsLength() {
        Step<RayServePolicy.Memory, ModelScalingDecision> first = policy.decide(RayServePolicy.Memory.initial(),
            observe(running(2), perSecond(8, 20), T0));
        assertThat(reason(policy.decide(first.memory(), observe(running(2), perSecond(8, 20),
            T0.plusSeconds(30).minusNanos(1))).decision())).isEqualTo(HoldReason.DELAYED);
        assertThat(policy.decide(first.memory(), observe(running(2), perSecond(8, 20), T0.plusSeconds(30)))
            .decision()).isInstanceOf(ModelScalingDecision.Scale.class);
        Step<RayServePolicy.Memory, ModelScalingDecision> low = policy.decide(RayServePolicy.Memory.initial(),
            observe(running(4), perSecond(1, 20), T0));
        assertThat(reason(policy.decide(low.memory(), observe(running(4), perSecond(1, 20),
            T0.plusSeconds(600).minusNanos(1))).decision())).isEqualTo(HoldReason.DELAYED);
        assertThat(policy.decide(low.memory(), observe(running(4), perSecond(1, 20), T0.plusSeconds(600)))
            .decision()).isInstanceOf(ModelScalingDecision.Scale.class);
    }

    /** Exactly on target (8 ongoing on four replicas of 2): no change, whichever factor applies. */
    @Test
    void onTarget_holds() {
        RayServePolicy lopsided = new RayServePolicy(new RayServePolicy.Config(2, Duration.ofSeconds(30),
            Duration.ZERO, Duration.ZERO, 3, 0.2));
        assertThat(reason(lopsided.decide(RayServePolicy.Memory.initial(), observe(running(4), perSecond(8, 20), T0))
            .decision())).isEqualTo(HoldReason.DEMAND_MET);
    }

    /** An upscaling factor of 0.5 halves the step: ceil(2 × (1 + (2 - 1) × 0.5)) = 3. */
    @Test
    void theUpscalingFactor_dampensTheStep() {
        RayServePolicy damped = new RayServePolicy(new RayServePolicy.Config(2, Duration.ofSeconds(30),
            Duration.ZERO, Duration.ofSeconds(600), 0.5, 1));
        ModelScalingDecision scale = damped.decide(RayServePolicy.Memory.initial(), observe(running(2),
            perSecond(8, 20), T0)).decision();
        assertThat(((ModelScalingDecision.Scale) scale).to()).isEqualTo(3);
    }

    /**
     * The look-back is 30 s: after 20 seconds at the target (4 on two replicas), a period of 20 s at 8 leaves 10
     * seconds at 4 and 20 at 8 in it, a mean of 200 / 30 = 6.67, ratio 1.67 on two replicas: ceil(3.33) = 4.
     */
    @Test
    void theLookBack_averagesTheLastThirtySeconds() {
        RayServePolicy now = new RayServePolicy(new RayServePolicy.Config(2, Duration.ofSeconds(30), Duration.ZERO,
            Duration.ofSeconds(600), 1, 1));
        Step<RayServePolicy.Memory, ModelScalingDecision> quiet = now.decide(RayServePolicy.Memory.initial(),
            observe(running(2), perSecond(4, 20), T0));
        assertThat(reason(quiet.decision())).isEqualTo(HoldReason.DEMAND_MET);
        Step<RayServePolicy.Memory, ModelScalingDecision> busy = now.decide(quiet.memory(), observe(running(2),
            perSecond(8, 20), T0.plusSeconds(20)));
        assertThat(((ModelScalingDecision.Scale) busy.decision()).to()).isEqualTo(4);
        assertThat(busy.memory().seconds()).hasSize(30);
    }

    /**
     * One ongoing request on four replicas: ratio 1 / 8, ceil(4 × 0.125) = 1, held for the 600 s downscale delay; a
     * period where the load meets the count in between starts the delay again.
     */
    @Test
    void aScaleDown_waitsTheDownscaleDelay_andAChangeOfMindStartsItAgain() {
        Cluster cluster = running(4);
        Step<RayServePolicy.Memory, ModelScalingDecision> first = policy.decide(RayServePolicy.Memory.initial(),
            observe(cluster, perSecond(1, 20), T0));
        assertThat(reason(first.decision())).isEqualTo(HoldReason.DELAYED);
        Step<RayServePolicy.Memory, ModelScalingDecision> met = policy.decide(first.memory(), observe(cluster,
            perSecond(8, 30), T0.plusSeconds(300)));
        assertThat(reason(met.decision())).isEqualTo(HoldReason.DEMAND_MET);
        Step<RayServePolicy.Memory, ModelScalingDecision> again = policy.decide(met.memory(), observe(cluster,
            perSecond(1, 30), T0.plusSeconds(620)));
        assertThat(reason(again.decision())).isEqualTo(HoldReason.DELAYED);
        assertThat(again.memory().downSince()).contains(T0.plusSeconds(620));
        ModelScalingDecision down = policy.decide(again.memory(), observe(cluster, perSecond(1, 30),
            T0.plusSeconds(1_220))).decision();
        assertThat(((ModelScalingDecision.Scale) down).to()).isEqualTo(1);
    }

    /**
     * An idle model at its floor of one replica, look-back 90 s, periods of 20 one-second zeros: its window grows
     * 20, 40, 60, 80, then 90 seconds, and only the hold on a whole look-back of zeros stands, with no end, keeping
     * the memory it was given. A hold that stood before its window was whole would leave a window of 80 s that the
     * next burst is averaged over (the planted fault this catches).
     */
    @Test
    void anIdleModelsHold_standsOnceItsWholeLookBackIsZeros() {
        RayServePolicy slow = new RayServePolicy(new RayServePolicy.Config(2, Duration.ofSeconds(90),
            Duration.ofSeconds(30), Duration.ofSeconds(600), 1, 1));
        Cluster cluster = running(1);
        RayServePolicy.Memory memory = RayServePolicy.Memory.initial();
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        java.util.List<Boolean> stands = new java.util.ArrayList<>();
        for (int period = 0; period < 6; period++) {
            Step<RayServePolicy.Memory, ModelScalingDecision> step = slow.decide(memory,
                observe(cluster, perSecond(0, 20), T0.plusSeconds(20L * period)));
            assertThat(reason(step.decision())).isEqualTo(HoldReason.DEMAND_MET);
            stands.add(step.steadyUntil().isDefined());
            sizes.add(step.memory().seconds().size());
            if (step.steadyUntil().isDefined()) {
                assertThat(step.steadyUntil()).contains(Instant.MAX);
                assertThat(step.memory()).isSameAs(memory);
            }
            memory = step.memory();
        }
        assertThat(sizes).containsExactly(20, 40, 60, 80, 90, 90);
        assertThat(stands).containsExactly(false, false, false, false, false, true);
        assertThat(memory.lastAt()).contains(T0.plusSeconds(80));
    }

    /**
     * Two idle replicas above a floor of one: the policy wants one from T0 and waits the 600 s downscale delay. Once
     * the look-back is all zeros (the second period), the hold stands until T0 + 600 s exactly, and there the
     * model scales to one.
     */
    @Test
    void anIdleModelWaitingToScaleDown_standsUntilTheDelayEnds() {
        Cluster cluster = running(2);
        Step<RayServePolicy.Memory, ModelScalingDecision> first = policy.decide(RayServePolicy.Memory.initial(),
            observe(cluster, perSecond(0, 20), T0));
        assertThat(first.steadyUntil()).isEmpty();
        Step<RayServePolicy.Memory, ModelScalingDecision> second = policy.decide(first.memory(),
            observe(cluster, perSecond(0, 20), T0.plusSeconds(20)));
        assertThat(second.steadyUntil()).isEmpty(); // the window grew from 20 to 30 seconds
        Step<RayServePolicy.Memory, ModelScalingDecision> third = policy.decide(second.memory(),
            observe(cluster, perSecond(0, 20), T0.plusSeconds(40)));
        assertThat(reason(third.decision())).isEqualTo(HoldReason.DELAYED);
        assertThat(third.steadyUntil()).contains(T0.plusSeconds(600));
        assertThat(third.memory()).isSameAs(second.memory());
        ModelScalingDecision atTheEnd = policy.decide(third.memory(), observe(cluster, perSecond(0, 20),
            T0.plusSeconds(600))).decision();
        assertThat(((ModelScalingDecision.Scale) atTheEnd).to()).isEqualTo(1);
    }

    /**
     * A hold standing at the floor of one, then the count raised to two (the model changed, so it is asked again):
     * the policy starts its downscale delay now and does not stand on the memory it was given, which has no delay
     * running; it scales to one 600 s later. Planted fault this catches: a wait to scale down that stands without a
     * delay running restarts the delay every period and never scales down.
     */
    @Test
    void aHoldStandingAtTheFloor_thenTheCountRaised_startsTheDelayAndScalesDownAfterIt() {
        RayServePolicy.Memory memory = RayServePolicy.Memory.initial();
        for (int period = 0; period < 3; period++) {
            memory = policy.decide(memory, observe(running(1), perSecond(0, 20), T0.plusSeconds(20L * period)))
                .memory();
        }
        Instant raised = T0.plusSeconds(60);
        Step<RayServePolicy.Memory, ModelScalingDecision> waiting = policy.decide(memory,
            observe(running(2), perSecond(0, 20), raised));
        assertThat(reason(waiting.decision())).isEqualTo(HoldReason.DELAYED);
        assertThat(waiting.steadyUntil()).isEmpty();
        assertThat(waiting.memory().downSince()).contains(raised);
        Step<RayServePolicy.Memory, ModelScalingDecision> standing = policy.decide(waiting.memory(),
            observe(running(2), perSecond(0, 20), raised.plusSeconds(20)));
        assertThat(standing.steadyUntil()).contains(raised.plusSeconds(600));
        ModelScalingDecision down = policy.decide(standing.memory(), observe(running(2), perSecond(0, 20),
            raised.plusSeconds(600))).decision();
        assertThat(((ModelScalingDecision.Scale) down).to()).isEqualTo(1);
    }

    /**
     * A wait to scale down, then the count lowered to the floor by hand: the hold at the count it wants does not
     * stand on a memory that still has the delay's start (it would start a later wait early), and its memory drops
     * it. Planted fault this catches: standing with the stale start kept.
     */
    @Test
    void aWaitToScaleDown_thenTheCountLowered_dropsTheDelaysStart() {
        Step<RayServePolicy.Memory, ModelScalingDecision> step = null;
        RayServePolicy.Memory memory = RayServePolicy.Memory.initial();
        for (int period = 0; period < 3; period++) {
            step = policy.decide(memory, observe(running(2), perSecond(0, 20), T0.plusSeconds(20L * period)));
            memory = step.memory();
        }
        assertThat(memory.downSince()).contains(T0);
        Step<RayServePolicy.Memory, ModelScalingDecision> atFloor = policy.decide(memory,
            observe(running(1), perSecond(0, 20), T0.plusSeconds(60)));
        assertThat(reason(atFloor.decision())).isEqualTo(HoldReason.DEMAND_MET);
        assertThat(atFloor.steadyUntil()).isEmpty();
        assertThat(atFloor.memory().downSince()).isEmpty();
    }

    /** Without one-second means, the requests outstanding now count for every second since the last decision. */
    @Test
    void withoutOneSecondMeans_theOutstandingNowFillsTheSecondsSinceTheLastDecision() {
        Step<RayServePolicy.Memory, ModelScalingDecision> first = policy.decide(RayServePolicy.Memory.initial(),
            observe(running(2), ModelSignals.of(8, 0, 1), T0));
        assertThat(first.memory().seconds()).containsExactly(8.0);
        Step<RayServePolicy.Memory, ModelScalingDecision> later = policy.decide(first.memory(),
            observe(running(2), ModelSignals.of(2, 0, 1), T0.plusSeconds(20)));
        assertThat(later.memory().seconds()).hasSize(21).startsWith(8.0).endsWith(2.0);
    }

    /**
     * Ray's rule for a damped step that rounds back to the count: two replicas, 1 request ongoing against a target of
     * 2 each (ratio 0.25), a downscaling factor of 0.5: ceil(2 × (1 + (0.25 - 1) × 0.5)) = ceil(1.25) = 2, though
     * ceil(2 × 0.25) = 1 would do, so one less: 1.
     */
    @Test
    void aDampedStepThatRoundsBackToTheCount_removesOne() {
        RayServePolicy damped = new RayServePolicy(new RayServePolicy.Config(2, Duration.ofSeconds(30),
            Duration.ZERO, Duration.ZERO, 1, 0.5));
        assertThat(((ModelScalingDecision.Scale) damped.decide(RayServePolicy.Memory.initial(), observe(running(2),
            perSecond(1, 20), T0)).decision()).to()).isEqualTo(1);
    }

    /** While nothing runs (replicas still loading), a decision that has been waiting keeps its start. */
    @Test
    void whileNothingRuns_theDelayKeepsItsStart() {
        Step<RayServePolicy.Memory, ModelScalingDecision> wanting = policy.decide(RayServePolicy.Memory.initial(),
            observe(running(2), perSecond(8, 20), T0));
        Cluster loading = ClusterBuilder.at(T0).server("s", s -> s.replicas(4).scaling(1, 8).memory("16Gi"))
            .model("m", m -> m.memory("1Gi").scaling(2, 1, 10)).build().get();
        Step<RayServePolicy.Memory, ModelScalingDecision> blind = policy.decide(wanting.memory(), observe(loading,
            perSecond(8, 20), T0.plusSeconds(20)));
        assertThat(blind.memory().upSince()).contains(T0);
    }

    @Test
    void aModelAtZeroWithRequests_scalesToOneAtOnce() {
        Cluster cluster = ClusterBuilder.at(T0).server("s", s -> s.replicas(1).scaling(1, 4).memory("16Gi"))
            .model("m", m -> m.memory("1Gi").scaling(0, 0, 3)).build().get();
        assertThat(policy.decide(RayServePolicy.Memory.initial(), observe(cluster, ModelSignals.of(0, 3, 1), T0))
            .decision().describe()).isEqualTo("scale m:1 from 0 to 1: requests arrive for a model at zero replicas"
                + " (3 outstanding, 1.00/s)");
    }

    @Test
    void badSettings_areRefusedWithTheirValues() {
        assertThatThrownBy(() -> RayServePolicy.Config.defaults().withTarget(0))
            .hasMessage("targetOngoingRequests must be a finite number above zero, got 0.0");
        assertThatThrownBy(() -> new RayServePolicy.Config(2, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, 1))
            .hasMessage("lookBack must be at least one second, got PT0S");
        assertThatThrownBy(() -> new RayServePolicy.Config(2, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO,
            0, 1)).hasMessage("the factors must be finite numbers above zero, got 0.0 and 1.0");
        assertThat(policy.readsOutstandingPerSecond()).isTrue();
        assertThatThrownBy(() -> new RayServePolicy.Config(2, Duration.ofSeconds(30), Duration.ofDays(400),
            Duration.ZERO, 1, 1)).hasMessage("the look-back and the delays must be at most 366 days, got PT9600H");
    }

    private static Cluster running(int replicas) {
        int[] on = new int[replicas];
        for (int i = 0; i < replicas; i++) {
            on[i] = i;
        }
        return ClusterBuilder.at(T0).server("s", s -> s.replicas(4).scaling(1, 8).memory("16Gi"))
            .model("m", m -> m.memory("1Gi").scaling(replicas, 1, 10).loadedOn("s", on)).build().get();
    }

    /** {@code seconds} one-second means of {@code ongoing} requests, and as many outstanding now. */
    private static ModelSignals perSecond(double ongoing, int seconds) {
        return ModelSignals.of((long) ongoing, 0, 1).withOutstandingPerSecond(Vector.fill(seconds, ongoing));
    }

    private static ModelObservation observe(Cluster cluster, ModelSignals signals, Instant now) {
        return new ModelObservation(now, cluster.model(M).get(), cluster, Signals.none().with(M, signals),
            Option.none());
    }

    private static HoldReason reason(ModelScalingDecision decision) {
        assertThat(decision).isInstanceOf(ModelScalingDecision.Hold.class);
        return ((ModelScalingDecision.Hold) decision).reason();
    }
}
