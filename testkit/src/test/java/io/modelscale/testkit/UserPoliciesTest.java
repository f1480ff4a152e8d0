package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ScaleDownCheck;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScalingDecision;
import org.junit.jupiter.api.Test;

/**
 * Policies a user writes, checked by the kit: one that behaves passes; each deliberately broken one fails with a
 * counterexample that names the invariant, lists the few events that lead there and shows what the control step did;
 * one that never acts fails too, for reaching nothing.
 */
class UserPoliciesTest {

    /** One more replica while more than 10 requests wait per replica, one fewer when the model is idle. */
    static final ModelScalingPolicy<NoMemory> PER_REPLICA = ModelScalingPolicy.stateless(o -> {
        int replicas = o.scaling().replicas();
        if (o.own().outstanding() > 10L * replicas && o.scaling().maxReplicas().admits(replicas + 1L)) {
            return ModelScalingDecision.scale(o, replicas + 1, new ModelScaleReason.Other("over 10 per replica"));
        }
        if (o.own().outstanding() == 0 && replicas > o.scaling().autoscalingFloor()) {
            return ModelScalingDecision.scale(o, replicas - 1, new ModelScaleReason.Other("idle"));
        }
        return ModelScalingDecision.hold(o, HoldReason.OTHER, "steady");
    });

    /** Broken: up when at the floor, down when above it, whatever the load. */
    static final ModelScalingPolicy<NoMemory> SEESAW = ModelScalingPolicy.stateless(o -> {
        int replicas = o.scaling().replicas();
        boolean atFloor = replicas <= o.scaling().autoscalingFloor();
        if (atFloor && o.scaling().maxReplicas().admits(replicas + 1L)) {
            return ModelScalingDecision.scale(o, replicas + 1, new ModelScaleReason.Other("at the floor"));
        }
        return atFloor ? ModelScalingDecision.hold(o, HoldReason.OTHER, "floor is max")
            : ModelScalingDecision.scale(o, replicas - 1, new ModelScaleReason.Other("above the floor"));
    });

    /** Broken: one fewer whenever nothing is queued, minReplicas or not. */
    static final ModelScalingPolicy<NoMemory> SHEDDER = ModelScalingPolicy.stateless(o ->
        o.own().queued() == 0 && o.own().outstanding() < 5
            ? ModelScalingDecision.scale(o, o.scaling().replicas() - 1, new ModelScaleReason.Other("quiet"))
            : ModelScalingDecision.hold(o, HoldReason.OTHER, "busy"));

    /** Broken: every stats period, every server straight down to its floor, whatever it holds. */
    static final ServerScaleDownPolicy<NoMemory> TO_THE_FLOOR = new ServerScaleDownPolicy<>() {
        @Override
        public NoMemory initialMemory() {
            return NoMemory.INSTANCE;
        }

        @Override
        public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation o) {
            int floor = o.scaling().autoscalingFloor();
            return Step.of(memory, o.expectedReplicas() > floor
                ? ServerScalingDecision.scale(o, floor, new ServerScaleReason.Other("save money"))
                : ServerScalingDecision.hold(o, new ServerHoldReason.Other("at the floor")));
        }
    };

    /** Why the server policy's tests leave flip-flops out: it also flip-flops, and the first break is reported. */
    static final String FLIPS = "toTheFloor also flip-flops against the scale-up; this test is about its scale-downs";

    /** Never acts at all. */
    static final ModelScalingPolicy<NoMemory> IDLE = ModelScalingPolicy.stateless(o ->
        ModelScalingDecision.hold(o, HoldReason.OTHER, "never"));

    @Test
    void aPolicyThatBehavesPasses() {
        CheckReport report = ControlLoopCheck.of(Presets.consolidating())
            .withModelPolicy("model.perReplica", PER_REPLICA).assertHolds();
        assertThat(report.subject()).contains("model.perReplica");
        assertThat(report.reached().get(Reach.MODEL_SCALE_UP)).isGreaterThanOrEqualTo(report.sequences() / 20);
        assertThat(report.reached().get(Reach.MODEL_SCALE_DOWN)).isGreaterThanOrEqualTo(report.sequences() / 20);
    }

    /** One more replica while requests queue (beyond what the replicas serve at once), one fewer when idle. */
    static final ModelScalingPolicy<NoMemory> QUEUE_WATCHER = ModelScalingPolicy.stateless(o -> {
        int replicas = o.scaling().replicas();
        if (o.own().queued() > 0 && o.scaling().maxReplicas().admits(replicas + 1L)) {
            return ModelScalingDecision.scale(o, replicas + 1, new ModelScaleReason.Other("queued"));
        }
        if (o.own().outstanding() == 0 && replicas > o.scaling().autoscalingFloor()) {
            return ModelScalingDecision.scale(o, replicas - 1, new ModelScaleReason.Other("idle"));
        }
        return ModelScalingDecision.hold(o, HoldReason.OTHER, "nothing queued");
    });

    @Test
    void aPolicyThatReadsTheQueue_seesOneAndActsOnIt() {
        // the kit queues what a model's routed replicas do not serve at once: a policy scaling on the queue alone
        // reaches scale-ups in many sequences (none, when every request was reported in flight)
        CheckReport report = ControlLoopCheck.of(Presets.consolidating())
            .withModelPolicy("model.queueWatcher", QUEUE_WATCHER).assertHolds();
        assertThat(report.reached().get(Reach.MODEL_SCALE_UP)).isGreaterThanOrEqualTo(report.sequences() / 4);
    }

    @Test
    void aPolicyThatFlipFlopsUnderConstantLoadFails() {
        ControlLoopCheck check = ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.seesaw", SEESAW);
        Counterexample found = readable(check, Invariant.NO_FLIP_FLOP);
        assertThat(found.message()).containsPattern("model m\\d scaled (up from \\d to \\d at \\d+ s and down|down from"
            + " \\d to \\d at \\d+ s and up) from \\d to \\d at \\d+ s, \\d+ s apart, while the load held");
    }

    @Test
    void aPolicyThatScalesBelowMinReplicasFails() {
        ControlLoopCheck check = ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.shedder",
            SHEDDER);
        Counterexample found = readable(check, Invariant.MODEL_BOUNDS);
        assertThat(found.message()).containsPattern("the policy model.shedder asked for 0 replicas of model m\\d,"
            + " outside \\[1, \\d\\]");
    }

    @Test
    void aServerScaleDownThatLeavesAModelUnplaceableFails() {
        ControlLoopCheck check = ControlLoopCheck.of(Presets.consolidating())
            .withServerScaleDown("server.toTheFloor", TO_THE_FLOOR)
            .withScaleDownCheck(ScaleDownCheck.planningOnly(SchedulerConfig.packing()))
            .without(Invariant.NO_FLIP_FLOP, FLIPS);
        Counterexample found = readable(check, Invariant.SAFE_SCALE_DOWN);
        assertThat(found.message()).containsPattern("scaling (small|large) down from \\d to 1 left m\\d unplaceable");
    }

    @Test
    void aPolicyThatNeverActsFailsForReachingNothing() {
        CheckReport report = ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.idle", IDLE).run();
        assertThat(report.counterexample()).isEmpty();
        assertThat(report.passed()).isFalse();
        assertThat(report.shortfalls())
            .anySatisfy(s -> assertThat(s).startsWith("model scale-ups in 0 of " + report.sequences()));
        assertThat(report.describe()).startsWith("FAILED").contains("too rarely reached: model scale-ups");
        assertThat(ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.idle", IDLE)
            .reaching(Reach.MODEL_SCALE_UP, 0).reaching(Reach.MODEL_SCALE_DOWN, 0).run().passed()).isTrue();
    }

    @Test
    void assertHoldsThrowsTheReportForJUnit() {
        assertThatThrownBy(() -> ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.seesaw", SEESAW)
            .sequences(50).assertHolds())
            .isInstanceOf(AssertionError.class)
            .hasMessageStartingWith("FAILED: consolidating (models model.seesaw")
            .hasMessageContaining("broken: no flip-flop under constant load");
    }

    @Test
    void aPolicyRegisteredByNameIsCheckedByName() {
        PolicyRegistry registry = PolicyRegistry.standard().withModelPolicy("model.perReplica", () -> PER_REPLICA)
            .get();
        CheckReport report = ControlLoopCheck.of(registry, "consolidating").withModelPolicy("model.perReplica")
            .sequences(50).assertHolds();
        assertThat(report.subject()).startsWith("consolidating (models model.perReplica");
        assertThatThrownBy(() -> ControlLoopCheck.of(registry, "consolidating").withModelPolicy("model.nope"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.perReplica");
        assertThatThrownBy(() -> ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.perReplica"))
            .isInstanceOf(IllegalStateException.class);
    }

    /**
     * The check fails on {@code invariant} with a counterexample that is short, reads as the events then what the
     * control step did, and breaks the same invariant when replayed.
     */
    private static Counterexample readable(ControlLoopCheck check, Invariant invariant) {
        CheckReport report = check.run();
        assertThat(report.passed()).isFalse();
        Counterexample found = report.counterexample().orElseThrow();
        assertThat(found.invariant()).as(report.describe()).isEqualTo(invariant);
        assertThat(found.events()).as(report.describe()).isNotEmpty().hasSizeLessThanOrEqualTo(12);
        assertThat(report.describe()).startsWith("FAILED").contains("broken: " + invariant.describe())
            .contains("smallest failing sequence (" + found.events().size() + " events")
            .contains("what the control step did");
        assertThat(check.replay(found.events())).map(Counterexample::invariant).contains(invariant);
        assertThat(check.replay(found.events().subList(0, found.events().size() - 1))
            .map(Counterexample::invariant)).as("every event is needed").isNotEqualTo(java.util.Optional.of(invariant));
        return found;
    }
}
