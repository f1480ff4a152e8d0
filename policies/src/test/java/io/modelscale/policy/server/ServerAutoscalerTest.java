package io.modelscale.policy.server;

import static io.modelscale.policy.server.ServerFixture.S;
import static io.modelscale.policy.server.ServerFixture.T0;
import static io.modelscale.policy.server.ServerFixture.model;
import static io.modelscale.policy.server.ServerFixture.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.Presets;
import io.modelscale.policy.server.ServerAutoscaler.Trigger;
import io.vavr.collection.List;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerAutoscalerTest {

    private static final Instant LATER = T0.plusSeconds(3_600);

    // cases-seldon.md §6.5, TestServerScaleUpEvents and TestServerScaleDownEvents ---------------------------------

    @Test
    void scaleUp_modelWantsTenOnAServerOfMaxThree_requestsThree() {
        Cluster cluster = model(server(1, 1_000, 0, 3, 2), "foo-model", 10, 1, 0);
        assertThat(seldon().step(ServerAutoscaler.Memory.initial(), cluster, S, Trigger.SCALE_UP, LATER, 0.5)
            .decision()).isEqualTo(new ServerScalingDecision.Scale(S, 2, 3,
            "the largest model wants 10 replicas", List.empty(), io.vavr.control.Option.none(),
            io.vavr.control.Option.none()));
    }

    @Test
    void scaleUp_modelWantsFourOnAServerOfMaxFive_requestsFour() {
        Cluster cluster = model(server(1, 1_000, 0, 5, 2), "foo-model", 4, 1, 0);
        assertThat(to(seldon().step(ServerAutoscaler.Memory.initial(), cluster, S, Trigger.SCALE_UP, LATER, 0.5)))
            .isEqualTo(4);
    }

    @Test
    void scaleUp_expectedReplicasNotKnown_requestsNothing() {
        Cluster cluster = model(server(1, 1_000, 0, 3, null), "foo-model", 1, 1, 0);
        ServerScalingDecision decision = seldon().step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.SCALE_UP, LATER, 0.5).decision();
        assertThat(decision.describe()).isEqualTo("keep server s: the expected replica count is not known yet");
    }

    @Test
    void scaleDown_twoEmptyReplicas_requestsOne() {
        Cluster cluster = server(2, 1_000, 0, 0, 2);
        assertThat(seldon().step(ServerAutoscaler.Memory.initial(), cluster, S, Trigger.SCALE_DOWN, LATER, 0.5)
            .decision().describe()).isEqualTo("scale server s from 2 to 1: 2 empty replicas");
    }

    @Test
    void scaleDown_autoscalingDisabled_requestsNothing() {
        ServerAutoscaler disabled = new ServerAutoscaler(new ServerAutoscaler.Config(false,
            ServerAutoscaler.ScaleUp.MODEL_REPLICA_COUNT, new ServerAutoscaler.ScaleDown.Seldon(PackingChance.never()),
            false, SchedulerConfig.spreading()));
        assertThat(disabled.step(ServerAutoscaler.Memory.initial(), server(2, 1_000, 0, 0, 2), S, Trigger.SCALE_DOWN,
            LATER, 0.5).decision()).isInstanceOf(ServerScalingDecision.Hold.class);
    }

    // seed 004, the two worked examples -----------------------------------------------------------------------------

    @Test
    void lightlyLoaded_aAndBLeftOnTwoReplicasAfterCIsUnloaded_packsOntoOne() {
        Cluster cluster = model(model(server(2, 1_000, 1, 4, 2), "a", 1, 100, 0), "b", 1, 100, 1);
        ServerScalingDecision decision = packing(1.0).step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.SCALE_DOWN, LATER, 0.5).decision();
        assertThat(decision.describe()).isEqualTo("scale server s from 2 to 1: lightly loaded: the largest model"
            + " has 1 replicas; first load b:1 on s/0, wait until b:1 is available on s/0, unload b:1 from s/1");
        assertThat(consolidating().step(ServerAutoscaler.Memory.initial(), cluster, S, Trigger.TICK, LATER, 0.5)
            .decision()).isInstanceOf(ServerScalingDecision.Hold.class);
    }

    @Test
    void lightlyLoaded_aAndBWithTwoReplicasOnThree_removesTheThirdAndMovesB() {
        Cluster cluster = model(model(server(3, 1_000, 1, 4, 3), "a", 2, 100, 0, 1), "b", 2, 100, 0, 2);
        ServerScalingDecision decision = packing(1.0).step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.SCALE_DOWN, LATER, 0.5).decision();
        assertThat(decision.describe()).isEqualTo("scale server s from 3 to 2: lightly loaded: the largest model"
            + " has 2 replicas; first load b:1 on s/1, wait until b:1 is available on s/1, unload b:1 from s/2");
    }

    // spec/README.md §3, item 4: A(2, 40), B(2, 40), C(1, 70) on replicas of 100 --------------------------------------

    @Test
    void infeasibleExample_lightlyLoadedTargetTwo_leavesCScheduleFailed_andConsolidatingKeepsThree() {
        Cluster cluster = model(model(model(server(3, 100, 1, 4, 3), "a", 2, 40, 0, 1), "b", 2, 40, 0, 1),
            "c", 1, 70, 2);

        ServerScalingDecision seldonCore = new ServerAutoscaler(Presets.seldonCore().servers()).step(
            ServerAutoscaler.Memory.initial(), cluster, S, Trigger.SCALE_DOWN, LATER, 0.5).decision();
        ServerScalingDecision packing = packing(1.0).step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.SCALE_DOWN, LATER, 0.5).decision();
        assertThat(packing).isInstanceOf(ServerScalingDecision.Scale.class);
        assertThat(((ServerScalingDecision.Scale) packing).to()).isEqualTo(2);
        assertThat(seldonCore).isInstanceOf(ServerScalingDecision.Hold.class);

        Cluster drained = cluster.drainReplica(new ServerReplicaId(S, ReplicaIndex.of(2)), LATER).get();
        Cluster rescheduled = Scheduler.spreading().schedule(drained, ModelName.of("c"), LATER).get().cluster();
        assertThat(rescheduled.model(ModelName.of("c")).get().latest().status().state())
            .isEqualTo(ModelState.SCHEDULE_FAILED);

        ServerAutoscaler safe = new ServerAutoscaler(new ServerAutoscaler.Config(true,
            ServerAutoscaler.ScaleUp.MODEL_REPLICA_COUNT, new ServerAutoscaler.ScaleDown.Seldon(
                new PackingChance.Percentage(100)), true, SchedulerConfig.spreading()));
        assertThat(safe.step(ServerAutoscaler.Memory.initial(), cluster, S, Trigger.SCALE_DOWN, LATER, 0.5).decision()
            .describe()).startsWith("keep server s: scale-down to 2 refused: removing replicas 2 of s would leave model"
            + " c without its replicas: could not place c:1");

        ServerScalingDecision consolidating = consolidating().step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.TICK, LATER, 0.5).decision();
        assertThat(consolidating.describe()).isEqualTo("keep server s: its 3 replicas are all needed (at least 3"
            + " replicas (largest model 2, memory 3, large items 1))");
    }

    // the consolidating policy -------------------------------------------------------------------------------------

    @Test
    void consolidating_overProvisioned_waitsForItsWindowThenStepsOneReplicaWithItsPlan() {
        Cluster cluster = model(model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0), "b", 1, 100, 3);
        ServerAutoscaler autoscaler = consolidating();
        ServerAutoscaler.Step first = autoscaler.step(ServerAutoscaler.Memory.initial(), cluster, S, Trigger.TICK,
            LATER, 0.5);
        assertThat(first.decision().describe()).isEqualTo("keep server s: over-provisioned since " + LATER
            + ": 4 replicas where 1 suffice (at least 1 replicas (largest model 1, memory 1, large items 0));"
            + " could act at " + LATER.plus(Duration.ofMinutes(5)));
        ServerAutoscaler.Step second = autoscaler.step(first.memory(), cluster, S, Trigger.TICK,
            LATER.plus(Duration.ofMinutes(5)), 0.5);
        assertThat(second.decision()).isInstanceOf(ServerScalingDecision.Scale.class);
        ServerScalingDecision.Scale scale = (ServerScalingDecision.Scale) second.decision();
        assertThat(scale.to()).isEqualTo(3);
        assertThat(scale.nextActAt()).contains(LATER.plus(Duration.ofMinutes(10)));
        assertThat(scale.bounds().map(b -> b.value())).contains(1);
        assertThat(scale.describe()).startsWith("scale server s from 4 to 3: consolidate: 1 replicas hold its models");
        assertThat(scale.drain().map(DrainStep::describe)).containsExactly("load b:1 on s/0",
            "wait until b:1 is available on s/0", "unload b:1 from s/3");
    }

    // memory-aware scale-up and edge cases ---------------------------------------------------------------------------

    @Test
    void memoryAwareScaleUp_modelLackingAReplicaNoPlacedReplicaCanHold_asksForOneMore() {
        // b (60) on replica 0 and a (2 x 50) on replica 1 only: a's second replica fits neither as placed, while
        // the bounds (2) do not exceed the 2 replicas there are
        Cluster cluster = model(model(server(2, 100, 1, 5, 2), "b", 1, 60, 0), "a", 2, 50, 1);
        ServerScalingDecision decision = consolidating().step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.SCALE_UP, LATER, 0.5).decision();
        assertThat(decision.describe()).isEqualTo("scale server s from 2 to 3: its models lack 1 replicas the current"
            + " replicas cannot hold as placed (at least 2 replicas (largest model 2, memory 2, large items 1))");
    }

    @Test
    void memoryAwareScaleUp_boundsAboveTheReplicas_scaleToTheBounds() {
        Cluster cluster = model(server(2, 100, 1, 5, 2), "a", 4, 10, 0, 1);
        ServerScalingDecision decision = consolidating().step(ServerAutoscaler.Memory.initial(), cluster, S,
            Trigger.SCALE_UP, LATER, 0.5).decision();
        assertThat(decision.describe()).isEqualTo("scale server s from 2 to 4: the models need at least 4 replicas"
            + " (largest model 4, memory 1, large items 0)");
    }

    @Test
    void unknownServer_holds() {
        ServerAutoscaler autoscaler = consolidating();
        assertThat(autoscaler.config()).isEqualTo(Presets.consolidating().servers());
        assertThat(autoscaler.step(ServerAutoscaler.Memory.initial(), server(1, 100, 0, 0, 1),
            io.modelscale.core.server.ServerName.of("other"), Trigger.SCALE_UP, LATER, 0.5).decision().describe())
            .isEqualTo("keep server other: no such server");
    }

    private static ServerAutoscaler seldon() {
        return new ServerAutoscaler(Presets.documented().servers());
    }

    private static ServerAutoscaler packing(double fraction) {
        return new ServerAutoscaler(new ServerAutoscaler.Config(true, ServerAutoscaler.ScaleUp.MODEL_REPLICA_COUNT,
            new ServerAutoscaler.ScaleDown.Seldon(new PackingChance.Fraction(fraction)), false,
            SchedulerConfig.spreading()));
    }

    private static ServerAutoscaler consolidating() {
        return new ServerAutoscaler(Presets.consolidating().servers());
    }

    private static int to(ServerAutoscaler.Step step) {
        return ((ServerScalingDecision.Scale) step.decision()).to();
    }
}
