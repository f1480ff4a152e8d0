package io.modelscale.policy.server;

import static io.modelscale.policy.server.ServerFixture.S;
import static io.modelscale.policy.server.ServerFixture.T0;
import static io.modelscale.policy.server.ServerFixture.decide;
import static io.modelscale.policy.server.ServerFixture.model;
import static io.modelscale.policy.server.ServerFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Step;
import java.time.Duration;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.SplittableRandom;
import io.modelscale.policy.model.Signals;
import org.junit.jupiter.api.Test;

/** The shipped server policies, each with the scale-down check its preset applies. */
class ServerPoliciesTest {

    private static final Instant LATER = T0.plusSeconds(3_600);
    private static final ScaleDownCheck PLAN = ScaleDownCheck.planningOnly(SchedulerConfig.spreading());
    private static final ScaleDownCheck REFUSE = ScaleDownCheck.refusing(SchedulerConfig.spreading());

    // cases-seldon.md §6.5, TestServerScaleUpEvents and TestServerScaleDownEvents ---------------------------------

    @Test
    void modelReplicaCount_modelWantsTenOnAServerOfMaxThree_requestsThree() {
        Cluster cluster = model(server(1, 1_000, 0, 3, 2), "foo-model", 10, 1, 0);
        assertThat(decide(new ModelReplicaCountScaleUp(), PLAN, cluster, ServerTrigger.PLACEMENT_SHORT, LATER))
            .isEqualTo(new ServerScalingDecision.Scale(S, 2, 3, new ServerScaleReason.LargestModel(10),
                io.vavr.collection.List.empty(), io.vavr.control.Option.none(), io.vavr.control.Option.none()));
    }

    @Test
    void modelReplicaCount_modelWantsFourOnAServerOfMaxFive_requestsFour() {
        Cluster cluster = model(server(1, 1_000, 0, 5, 2), "foo-model", 4, 1, 0);
        assertThat(to(decide(new ModelReplicaCountScaleUp(), PLAN, cluster, ServerTrigger.PLACEMENT_SHORT, LATER)))
            .isEqualTo(4);
    }

    @Test
    void scaleUps_expectedReplicasNotKnown_requestNothing() {
        Cluster cluster = model(server(1, 1_000, 0, 3, null), "foo-model", 1, 1, 0);
        for (ServerScalingPolicy<?> policy : java.util.List.of(new ModelReplicaCountScaleUp(),
            new MemoryAwareScaleUp())) {
            assertThat(decide(policy, PLAN, cluster, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
                .isEqualTo("keep server s: the expected replica count is not known yet");
        }
    }

    @Test
    void modelReplicaCount_largestModelAlreadyServed_holdsNamingTheNumbers() {
        Cluster cluster = model(server(2, 1_000, 1, 3, 2), "a", 2, 1, 0, 1);
        assertThat(decide(new ModelReplicaCountScaleUp(), PLAN, cluster, ServerTrigger.PLACEMENT_SHORT, LATER)
            .describe()).isEqualTo("keep server s: no scale-up: 2 wanted, 2 expected, maximum 3");
    }

    @Test
    void emptyReplica_twoEmptyReplicas_requestsOne() {
        Cluster cluster = server(2, 1_000, 0, 0, 2);
        assertThat(decide(new EmptyReplicaScaleDown(), PLAN, cluster, ServerTrigger.MODEL_REPLICA_UNLOADED, LATER)
            .describe()).isEqualTo("scale server s from 2 to 1: 2 empty replicas");
    }

    @Test
    void seldonScaleDowns_nothingEmpty_orAtTheFloor_hold() {
        Cluster busy = model(server(2, 1_000, 1, 4, 2), "a", 2, 1, 0, 1);
        assertThat(decide(new EmptyReplicaScaleDown(), PLAN, busy, ServerTrigger.MODEL_REPLICA_UNLOADED, LATER)
            .describe()).isEqualTo("keep server s: no empty replica and no packing (expected 2, 0 empty, largest"
                + " model 2)");
        Cluster floor = server(2, 1_000, 2, 4, 2);
        assertThat(decide(new EmptyReplicaScaleDown(), PLAN, floor, ServerTrigger.MODEL_REPLICA_UNLOADED, LATER)
            .describe()).isEqualTo("keep server s: already at 2 replicas, the lowest allowed is 2");
    }

    @Test
    void seldonPolicies_actOnlyOnTheirTrigger() {
        Cluster cluster = server(2, 1_000, 0, 0, 2);
        assertThat(((ServerScalingDecision.Hold) decide(new EmptyReplicaScaleDown(), PLAN, cluster,
            ServerTrigger.TICK, LATER)).reason()).isEqualTo(new ServerHoldReason.NotOnThisTrigger(ServerTrigger.TICK));
        assertThat(((ServerScalingDecision.Hold) decide(new ModelReplicaCountScaleUp(), PLAN, cluster,
            ServerTrigger.TICK, LATER)).reason()).isEqualTo(new ServerHoldReason.NotOnThisTrigger(ServerTrigger.TICK));
        assertThat(((ServerScalingDecision.Hold) decide(ConsolidatingPolicy.of(ConsolidatingPolicy.Config.defaults()),
            PLAN, cluster, ServerTrigger.PLACEMENT_SHORT, LATER)).reason())
            .isEqualTo(new ServerHoldReason.NotOnThisTrigger(ServerTrigger.PLACEMENT_SHORT));
    }

    // seed 004, the two worked examples -----------------------------------------------------------------------------

    @Test
    void lightlyLoaded_aAndBLeftOnTwoReplicasAfterCIsUnloaded_packsOntoOne() {
        Cluster cluster = model(model(server(2, 1_000, 1, 4, 2), "a", 1, 100, 0), "b", 1, 100, 1);
        ServerScalingDecision decision = decide(packing(1.0), PLAN, cluster, ServerTrigger.MODEL_REPLICA_UNLOADED,
            LATER);
        assertThat(decision.describe()).isEqualTo("scale server s from 2 to 1: lightly loaded: the largest model"
            + " has 1 replicas; first load b:1 on s/0, wait until b:1 is available on s/0, unload b:1 from s/1");
        ConsolidatingPolicy consolidating = consolidating();
        ConsolidatingPolicy.Memory waited = new ConsolidatingPolicy.Memory(Option.some(T0), Option.none(),
            Option.some(2));
        ServerScalingDecision later = REFUSE.apply(consolidating.decide(waited,
            ServerFixture.observe(cluster, ServerTrigger.TICK, LATER)).decision(), cluster, LATER);
        assertThat(later.describe()).startsWith("scale server s from 2 to 1: consolidate: 1 replicas hold its models");
    }

    @Test
    void lightlyLoaded_aAndBWithTwoReplicasOnThree_removesTheThirdAndMovesB() {
        Cluster cluster = model(model(server(3, 1_000, 1, 4, 3), "a", 2, 100, 0, 1), "b", 2, 100, 0, 2);
        assertThat(decide(packing(1.0), PLAN, cluster, ServerTrigger.MODEL_REPLICA_UNLOADED, LATER).describe())
            .isEqualTo("scale server s from 3 to 2: lightly loaded: the largest model has 2 replicas; first load b:1"
                + " on s/1, wait until b:1 is available on s/1, unload b:1 from s/2");
    }

    // spec/README.md §3, item 4: A(2, 40), B(2, 40), C(1, 70) on replicas of 100 --------------------------------------

    @Test
    void infeasibleExample_lightlyLoadedTargetTwo_leavesCScheduleFailed_andConsolidatingKeepsThree() {
        Cluster cluster = model(model(model(server(3, 100, 1, 4, 3), "a", 2, 40, 0, 1), "b", 2, 40, 0, 1),
            "c", 1, 70, 2);

        ServerScalingDecision packing = decide(packing(1.0), PLAN, cluster, ServerTrigger.MODEL_REPLICA_UNLOADED,
            LATER);
        assertThat(to(packing)).isEqualTo(2);

        Cluster drained = cluster.drainReplica(new ServerReplicaId(S, ReplicaIndex.of(2)), LATER).get();
        Cluster rescheduled = Scheduler.spreading().schedule(drained, ModelName.of("c"), LATER).get().cluster();
        assertThat(rescheduled.model(ModelName.of("c")).get().latest().status().state())
            .isEqualTo(ModelState.SCHEDULE_FAILED);

        ServerScalingDecision refused = decide(new LightlyLoadedScaleDown(new PackingChance.Percentage(100)), REFUSE,
            cluster, ServerTrigger.MODEL_REPLICA_UNLOADED, LATER);
        assertThat(refused.describe()).startsWith("keep server s: scale-down to 2 refused: removing replicas 2 of s"
            + " would leave model c without its replicas: could not place c:1");
        assertThat(((ServerScalingDecision.Hold) refused).reason()).isInstanceOf(ServerHoldReason.Refused.class);

        assertThat(decide(consolidating(), REFUSE, cluster, ServerTrigger.TICK, LATER).describe())
            .isEqualTo("keep server s: its 3 replicas are all needed (at least 3 replicas (largest model 2, memory 3,"
                + " large items 1))");
    }

    // the consolidating policy -------------------------------------------------------------------------------------

    @Test
    void consolidating_overProvisioned_waitsForItsWindowThenStepsOneReplicaWithItsPlan() {
        Cluster cluster = model(model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0), "b", 1, 100, 3);
        ConsolidatingPolicy policy = consolidating();
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> first = policy.decide(policy.initialMemory(),
            ServerFixture.observe(cluster, ServerTrigger.TICK, LATER));
        assertThat(first.decision().describe()).isEqualTo("keep server s: over-provisioned since " + LATER
            + ": 4 replicas where 1 suffice (at least 1 replicas (largest model 1, memory 1, large items 0));"
            + " could act at " + LATER.plus(Duration.ofMinutes(5)));
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> second = policy.decide(first.memory(),
            ServerFixture.observe(cluster, ServerTrigger.MODEL_REPLICA_UNLOADED, LATER.plus(Duration.ofMinutes(5))));
        ServerScalingDecision.Scale scale = (ServerScalingDecision.Scale) REFUSE.apply(second.decision(), cluster,
            LATER.plus(Duration.ofMinutes(5)));
        assertThat(scale.to()).isEqualTo(3);
        assertThat(scale.nextActAt()).contains(LATER.plus(Duration.ofMinutes(10)));
        assertThat(scale.bounds().map(b -> b.value())).contains(1);
        assertThat(scale.describe()).startsWith("scale server s from 4 to 3: consolidate: 1 replicas hold its models");
        assertThat(scale.drain().map(DrainStep::describe)).containsExactly("load b:1 on s/0",
            "wait until b:1 is available on s/0", "unload b:1 from s/3");
    }

    /**
     * A one-minute window starts acting a minute after over-provisioning begins, but after a step (or a scale-up it
     * saw) it pauses for its 5 minute reversal guard, not for the window: no scale-down within 5 minutes of a change.
     */
    @Test
    void consolidating_aShortWindow_stillPausesForItsReversalGuard() {
        Cluster cluster = model(model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0), "b", 1, 100, 3);
        ConsolidatingPolicy quick = ConsolidatingPolicy.of(new ConsolidatingPolicy.Config(Duration.ofMinutes(1), 1));
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> first = quick.decide(quick.initialMemory(),
            ServerFixture.observe(cluster, ServerTrigger.TICK, LATER));
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> step = quick.decide(first.memory(),
            ServerFixture.observe(cluster, ServerTrigger.TICK, LATER.plus(Duration.ofMinutes(1))));
        assertThat(step.decision()).isInstanceOf(ServerScalingDecision.Scale.class);
        assertThat(step.decision().nextActAt()).contains(LATER.plus(Duration.ofMinutes(6)));
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> soon = quick.decide(step.memory(),
            ServerFixture.observe(cluster, ServerTrigger.TICK, LATER.plus(Duration.ofMinutes(3))));
        assertThat(soon.decision()).isInstanceOf(ServerScalingDecision.Hold.class);
        assertThatThrownBy(() -> new ConsolidatingPolicy.Config(Duration.ofMinutes(1), 1, false,
            Duration.ofSeconds(-1))).hasMessage("reversalGuard must be from 0 to 366 days, got PT-1S");
    }

    // memory-aware scale-up ------------------------------------------------------------------------------------------

    @Test
    void memoryAware_modelLackingAReplicaNoPlacedReplicaCanHold_asksForOneMore() {
        // b (60) on replica 0 and a (2 x 50) on replica 1 only: a's second replica fits neither as placed, while
        // the bounds (2) do not exceed the 2 replicas there are
        Cluster cluster = model(model(server(2, 100, 1, 5, 2), "b", 1, 60, 0), "a", 2, 50, 1);
        assertThat(decide(new MemoryAwareScaleUp(), REFUSE, cluster, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
            .isEqualTo("scale server s from 2 to 3: its models lack 1 replicas the current replicas cannot hold as"
                + " placed (at least 2 replicas (largest model 2, memory 2, large items 1))");
    }

    @Test
    void memoryAware_boundsAboveTheReplicas_scaleToTheBounds() {
        Cluster cluster = model(server(2, 100, 1, 5, 2), "a", 4, 10, 0, 1);
        assertThat(decide(new MemoryAwareScaleUp(), REFUSE, cluster, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
            .isEqualTo("scale server s from 2 to 4: the models need at least 4 replicas (largest model 4, memory 1,"
                + " large items 0)");
    }

    @Test
    void memoryAware_boundsMetAndNothingLacking_holdsWithTheBounds() {
        Cluster cluster = model(server(2, 100, 1, 5, 2), "a", 2, 10, 0, 1);
        ServerScalingDecision decision = decide(new MemoryAwareScaleUp(), REFUSE, cluster,
            ServerTrigger.PLACEMENT_SHORT, LATER);
        assertThat(decision.describe()).isEqualTo("keep server s: no scale-up: 2 wanted, 2 expected, maximum 5");
        assertThat(decision.bounds()).isNotEmpty();
    }

    /** Two replicas of 100 bytes with 10 % overcommit (110 each) and eleven models of 30 bytes, six placed. */
    private static Cluster elevenSmallModelsOnTwoReplicas() {
        Cluster cluster = Cluster.empty().withServer(new io.modelscale.core.server.ServerSpec(S,
            new ScalingSpec(2, 1, io.modelscale.core.scaling.MaxReplicas.of(10)), true,
            io.modelscale.core.server.ExpectedReplicas.of(2)));
        for (int i = 0; i < 2; i++) {
            cluster = cluster.connectReplica(S, io.modelscale.core.server.ServerReplica.empty(ReplicaIndex.of(i),
                io.vavr.collection.List.empty(), new io.modelscale.core.memory.ReplicaMemory(100, 10))).get();
        }
        for (int m = 0; m < 11; m++) {
            cluster = m < 6 ? model(cluster, "m" + m, 1, 30, m % 2) : model(cluster, "m" + m, 1, 30);
        }
        return cluster;
    }

    /**
     * Worked by hand: two replicas of 100 bytes with 10 % overcommit (110 each) and eleven models of 30 bytes, six
     * placed. Counting overcommit as room, their 330 bytes need ceil(330 / 110) = 3 replicas; counting requests,
     * ceil(330 / 100) = 4.
     */
    @Test
    void memoryAware_countsTheMemoryRequestUnlessToldOvercommitIsRoom() {
        Cluster cluster = elevenSmallModelsOnTwoReplicas();
        assertThat(decide(new MemoryAwareScaleUp(true, Duration.ZERO), REFUSE, cluster,
            ServerTrigger.PLACEMENT_SHORT, LATER).describe()).isEqualTo("scale server s from 2 to 3: the models need"
                + " at least 3 replicas (largest model 1, memory 3, large items 0)");
        assertThat(decide(new MemoryAwareScaleUp(), REFUSE, cluster, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
            .isEqualTo("scale server s from 2 to 4: the models need at least 4 replicas (largest model 1, memory 4,"
                + " large items 0)");
    }

    /**
     * Counting the replica count alone, the same eleven models of 30 bytes on replicas of 100 (one replica each)
     * need one server replica: the two there are hold, however little memory is left, and the models that do not fit
     * wait; a model of four replicas on the same server takes it to four, by the largest model's rule.
     */
    @Test
    void memoryAwareCountOnly_scalesToTheLargestModelAlone() {
        Cluster cluster = elevenSmallModelsOnTwoReplicas();
        MemoryAwareScaleUp countOnly = MemoryAwareScaleUp.countOnly();
        assertThat(decide(countOnly, REFUSE, cluster, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
            .isEqualTo("keep server s: no scale-up: 1 wanted, 2 expected, maximum 10");
        Cluster wide = model(cluster, "wide", 4, 10);
        assertThat(decide(countOnly, REFUSE, wide, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
            .isEqualTo("scale server s from 2 to 4: the largest model wants 4 replicas");
        // b (60) on replica 0 and a (2 x 50) on replica 1: the memory-aware policy asks for a third for a's second
        // replica, which fits neither as placed; counting replicas alone, two are enough
        Cluster fragmented = model(model(server(2, 100, 1, 5, 2), "b", 1, 60, 0), "a", 2, 50, 1);
        assertThat(decide(countOnly, REFUSE, fragmented, ServerTrigger.PLACEMENT_SHORT, LATER).describe())
            .isEqualTo("keep server s: no scale-up: 2 wanted, 2 expected, maximum 5");
    }

    /**
     * The count-only policy keeps the reversal guard and the look after it: within the guard after a scale-down, its
     * scale-up to the largest model's four replicas holds; on the first stats period after the guard it scales, as
     * long as the largest model still wants more replicas than there are; with four replicas there, it holds and
     * forgets the guard. The model's 10 bytes fit on the two replicas, so memory asks for nothing here.
     */
    @Test
    void memoryAwareCountOnly_keepsTheReversalGuardAndTheLookAfterIt() {
        Cluster cluster = model(server(2, 100, 1, 5, 2), "a", 4, 10, 0, 1);
        MemoryAwareScaleUp up = MemoryAwareScaleUp.countOnly();
        Instant down = T0.plusSeconds(100);
        Step<MemoryAwareScaleUp.Memory, ServerScalingDecision> held = up.decide(up.initialMemory(),
            new ServerObservation(down.plusSeconds(60), ServerTrigger.PLACEMENT_SHORT, cluster.server(S).get(),
                cluster, Signals.none(), Option.some(down), new SplittableRandom(7)));
        assertThat(held.decision().describe()).isEqualTo("keep server s: scaling to 4 waits out the reversal guard"
            + " after the change at " + down + "; could act at " + down.plusSeconds(300));
        ServerScaling<MemoryAwareScaleUp.Memory, NoMemory> both = ServerScaling.of(up, new EmptyReplicaScaleDown());
        Step<ServerScaling.Memory<MemoryAwareScaleUp.Memory, NoMemory>, ServerScalingDecision> tick = both.decide(
            new ServerScaling.Memory<>(held.memory(), NoMemory.INSTANCE), new ServerObservation(
                down.plusSeconds(320), ServerTrigger.TICK, cluster.server(S).get(), cluster, Signals.none(),
                Option.some(down), new SplittableRandom(7)));
        assertThat(tick.decision().describe()).isEqualTo("scale server s from 2 to 4: the largest model wants 4"
            + " replicas");
        assertThat(tick.memory().up().guardUntil()).isEmpty();
        Cluster placed = model(server(4, 100, 1, 5, 4), "a", 4, 10, 0, 1, 2, 3);
        Step<ServerScaling.Memory<MemoryAwareScaleUp.Memory, NoMemory>, ServerScalingDecision> nothing = both.decide(
            new ServerScaling.Memory<>(held.memory(), NoMemory.INSTANCE), new ServerObservation(
                down.plusSeconds(320), ServerTrigger.TICK, placed.server(S).get(), placed, Signals.none(),
                Option.some(down), new SplittableRandom(7)));
        assertThat(nothing.decision()).isInstanceOf(ServerScalingDecision.Hold.class);
        assertThat(nothing.memory().up().guardUntil()).isEmpty();
    }

    /**
     * Within the reversal guard of a change the policy did not make (a scale-down at T0 + 100 s), a scale-up holds
     * until the guard ends; after its own scale-up, another is not held.
     */
    @Test
    void memoryAware_withinTheGuardOfAScaleDown_holdsUntilItEnds() {
        Cluster cluster = model(server(2, 100, 1, 5, 2), "a", 4, 10, 0, 1);
        MemoryAwareScaleUp policy = new MemoryAwareScaleUp();
        Instant down = T0.plusSeconds(100);
        ServerScalingDecision held = policy.decide(policy.initialMemory(), new ServerObservation(down.plusSeconds(60),
            ServerTrigger.PLACEMENT_SHORT, cluster.server(S).get(), cluster, Signals.none(), Option.some(down),
            new SplittableRandom(7))).decision();
        assertThat(held.describe()).isEqualTo("keep server s: scaling to 4 waits out the reversal guard after the"
            + " change at " + down + "; could act at " + down.plusSeconds(300));
        var atEnd = policy.decide(policy.initialMemory(), new ServerObservation(down.plusSeconds(300),
            ServerTrigger.PLACEMENT_SHORT, cluster.server(S).get(), cluster, Signals.none(), Option.some(down),
            new SplittableRandom(7)));
        assertThat(atEnd.decision()).isInstanceOf(ServerScalingDecision.Scale.class);
        Instant up = down.plusSeconds(300);
        var again = policy.decide(atEnd.memory(), new ServerObservation(up.plusSeconds(20),
            ServerTrigger.PLACEMENT_SHORT, cluster.server(S).get(), cluster, Signals.none(), Option.some(up),
            new SplittableRandom(7)));
        assertThat(again.decision()).isInstanceOf(ServerScalingDecision.Scale.class);
        assertThatThrownBy(() -> new MemoryAwareScaleUp(false, Duration.ofSeconds(-1)))
            .hasMessage("reversalGuard must be from 0 to 366 days, got PT-1S");
    }

    /**
     * The held scale-up is not lost: on the first stats period once the guard is over, the scale-up policy asks to be
     * asked and, composed with a scale-down that holds, scales the server for the model still short; with nothing
     * short it holds and forgets the guard.
     */
    @Test
    void memoryAware_afterItsGuard_looksAgainOnTheNextStatsPeriod() {
        Cluster cluster = model(server(2, 100, 1, 5, 2), "a", 4, 10, 0, 1);
        MemoryAwareScaleUp up = new MemoryAwareScaleUp();
        Instant down = T0.plusSeconds(100);
        MemoryAwareScaleUp.Memory held = up.decide(up.initialMemory(), new ServerObservation(down.plusSeconds(60),
            ServerTrigger.PLACEMENT_SHORT, cluster.server(S).get(), cluster, Signals.none(), Option.some(down),
            new SplittableRandom(7))).memory();
        assertThat(held.guardUntil()).contains(down.plusSeconds(300));
        assertThat(up.actsOnTick(held, down.plusSeconds(299))).isFalse();
        assertThat(up.actsOnTick(held, down.plusSeconds(300))).isTrue();
        ServerScaling<MemoryAwareScaleUp.Memory, NoMemory> both = ServerScaling.of(up, new EmptyReplicaScaleDown());
        Step<ServerScaling.Memory<MemoryAwareScaleUp.Memory, NoMemory>, ServerScalingDecision> tick = both.decide(
            new ServerScaling.Memory<>(held, NoMemory.INSTANCE), new ServerObservation(down.plusSeconds(320),
                ServerTrigger.TICK, cluster.server(S).get(), cluster, Signals.none(), Option.some(down),
                new SplittableRandom(7)));
        assertThat(tick.decision().describe()).isEqualTo("scale server s from 2 to 4: the models need at least 4"
            + " replicas (largest model 4, memory 1, large items 0)");
        assertThat(tick.memory().up().guardUntil()).isEmpty();
        Cluster placed = model(server(4, 100, 1, 5, 4), "a", 4, 10, 0, 1, 2, 3);
        Step<ServerScaling.Memory<MemoryAwareScaleUp.Memory, NoMemory>, ServerScalingDecision> nothing = both.decide(
            new ServerScaling.Memory<>(held, NoMemory.INSTANCE), new ServerObservation(down.plusSeconds(320),
                ServerTrigger.TICK, placed.server(S).get(), placed, Signals.none(), Option.some(down),
                new SplittableRandom(7)));
        assertThat(nothing.decision()).isInstanceOf(ServerScalingDecision.Hold.class);
        assertThat(nothing.memory().up().guardUntil()).isEmpty();
        Step<ServerScaling.Memory<MemoryAwareScaleUp.Memory, NoMemory>, ServerScalingDecision> early = both.decide(
            new ServerScaling.Memory<>(held, NoMemory.INSTANCE), new ServerObservation(down.plusSeconds(200),
                ServerTrigger.TICK, cluster.server(S).get(), cluster, Signals.none(), Option.some(down),
                new SplittableRandom(7)));
        assertThat(early.decision()).isInstanceOf(ServerScalingDecision.Hold.class);
        assertThat(early.memory().up()).isEqualTo(held);
    }

    @Test
    void scaleDownCheck_unknownServer_isATypedRefusal() {
        assertThat(REFUSE.check(Cluster.empty(), io.modelscale.core.server.ServerName.of("other"), 1, LATER)
            .getLeft()).isEqualTo(new ScaleDownRefusal.UnknownServer(io.modelscale.core.server.ServerName.of("other")));
    }

    @Test
    void scaleDownCheck_anOlderVersionServingOnlyOnTheRemovedReplica_isRefusedUntilItsReplacementServes() {
        Cluster v1OnReplica1 = model(server(2, 1_000, 1, 3, 2), "a", 1, 10, 1);
        ModelSpec v2 = ModelSpec.builder().name(ModelName.of("a")).memory(MemoryQuantity.ofBytes(20))
            .scaling(ScalingSpec.fixed(1)).build();
        Cluster v2Loading = Transitions.place(v1OnReplica1.deployModel(v2, T0), ModelName.of("a").version(2), S,
            ModelReplicaState.LOADING, T0, 0);

        assertThat(REFUSE.check(v2Loading, S, 1, LATER).getLeft()).isEqualTo(new ScaleDownRefusal.OnlyServedThere(S,
            io.vavr.collection.TreeSet.of(ReplicaIndex.of(1)), ModelName.of("a").version(1)));
        Cluster v2Available = Transitions.place(v1OnReplica1.deployModel(v2, T0), ModelName.of("a").version(2), S,
            ModelReplicaState.AVAILABLE, T0, 0);
        assertThat(REFUSE.check(v2Available, S, 1, LATER).isRight()).as("version 2 serves on replica 0").isTrue();
    }

    private static LightlyLoadedScaleDown packing(double fraction) {
        return new LightlyLoadedScaleDown(new PackingChance.Fraction(fraction));
    }

    private static ConsolidatingPolicy consolidating() {
        return ConsolidatingPolicy.of(ConsolidatingPolicy.Config.defaults());
    }

    private static int to(ServerScalingDecision decision) {
        return ((ServerScalingDecision.Scale) decision).to();
    }
}
