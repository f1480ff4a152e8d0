package io.modelscale.placement.packing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.collection.TreeSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a server of a cluster becomes a packing problem, and the planner's entry points around it. */
class PackingProblemTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerName S = ServerName.of("s");
    private static final ServerName OTHER = ServerName.of("other");
    private final RepackPlanner planner = new RepackPlanner();

    @Test
    void of_unknownServer_isNone() {
        assertThat(PackingProblem.of(Cluster.empty(), S)).isEmpty();
        assertThat(planner.plan(Cluster.empty(), S, 1).getLeft()).isEqualTo(new RepackFailure.UnknownServer(S));
    }

    @Test
    void of_takesTheLiveModelsOfThatServerWithTheirLoadedAndServingReplicas() {
        Cluster cluster = servers();
        cluster = cluster.deployModel(model("a", 2), T0).deployModel(model("b", 1), T0)
            .deployModel(model("c", 1), T0);
        cluster = Transitions.place(cluster, ModelVersionId.of("a", 1), S, ModelReplicaState.LOADING, T0, 0, 1);
        cluster = Transitions.advance(cluster, ModelVersionId.of("a", 1), new ServerReplicaId(S, ReplicaIndex.of(0)),
            ModelReplicaState.AVAILABLE, T0);
        cluster = Transitions.place(cluster, ModelVersionId.of("b", 1), S, ModelReplicaState.AVAILABLE, T0, 1);
        cluster = Transitions.place(cluster, ModelVersionId.of("c", 1), OTHER, ModelReplicaState.AVAILABLE, T0, 0);
        cluster = cluster.deleteModel(ModelName.of("b")).get();

        PackingProblem problem = PackingProblem.of(cluster, S).get();

        ModelVersionId a = ModelVersionId.of("a", 1);
        assertThat(problem.items().map(PackingItem::version)).containsExactly(a);
        assertThat(problem.current().get(a).get()).containsExactly(ReplicaIndex.of(0), ReplicaIndex.of(1));
        assertThat(problem.available().get(a).get()).containsExactly(ReplicaIndex.of(0));
        assertThat(problem.slots().map(PackingSlot::capacityBytes)).containsExactly(100L, 100L);
    }

    /** A replica of 100 bytes with 25 % overcommit holds 125 counting overcommit, 100 counting its request. */
    @Test
    void of_withoutOvercommit_givesEachSlotItsMemoryRequest() {
        Cluster cluster = Cluster.empty().withServer(ServerSpec.of(S, ScalingSpec.fixed(1))).connectReplica(S,
            ServerReplica.empty(ReplicaIndex.of(0), List.empty(), new ReplicaMemory(100, 25))).get();
        assertThat(PackingProblem.of(cluster, S).get().slots().map(PackingSlot::capacityBytes)).containsExactly(125L);
        assertThat(PackingProblem.of(cluster, S, true).get().slots().map(PackingSlot::capacityBytes))
            .containsExactly(125L);
        assertThat(PackingProblem.of(cluster, S, false).get().slots().map(PackingSlot::capacityBytes))
            .containsExactly(100L);
    }

    /**
     * The bounds from plain arrays are the problem's: 2 x 40 and 1 x 70 bytes on replicas of 100 need 2 by count,
     * ceil(150 / 100) = 2 by memory and 1 large item (70 > 100 - 70); a count beyond the arrays is refused.
     */
    @Test
    void lowerBounds_fromArrays_areTheArithmeticOfTheProblem() {
        assertThat(LowerBounds.of(100, new int[] {2, 1, 9}, new long[] {40, 70, 1}, 2))
            .isEqualTo(new LowerBounds(2, 2, 1));
        assertThat(LowerBounds.of(100, new int[] {1}, new long[] {101}, 1).value()).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> LowerBounds.of(100, new int[1], new long[2], 2))
            .hasMessage("count must be from 0 to the arrays' lengths (1 replicas, 2 sizes), got 2");
    }

    /** Without overcommit, a model larger than the request (110 of 100, within 125) counts as the whole request. */
    @Test
    void of_withoutOvercommit_aModelLargerThanTheRequestFillsAReplica() {
        Cluster cluster = Cluster.empty().withServer(ServerSpec.of(S, ScalingSpec.fixed(1))).connectReplica(S,
            ServerReplica.empty(ReplicaIndex.of(0), List.empty(), new ReplicaMemory(100, 25))).get();
        cluster = Transitions.place(cluster.deployModel(ModelSpec.builder().name(ModelName.of("big"))
            .memory(MemoryQuantity.ofBytes(110)).build(), T0), ModelVersionId.of("big", 1), S,
            ModelReplicaState.AVAILABLE, T0, 0);
        assertThat(PackingProblem.of(cluster, S, false).get().items().map(PackingItem::memoryBytes))
            .containsExactly(100L);
        assertThat(PackingProblem.of(cluster, S, true).get().items().map(PackingItem::memoryBytes))
            .containsExactly(110L);
    }

    @Test
    void lacking_countsDesiredReplicasBeyondTheLiveOnes_andAgreesWithTheProblemBuiltFromItsMaps() {
        Cluster cluster = servers();
        cluster = cluster.deployModel(model("a", 2), T0).deployModel(model("b", 2), T0)
            .deployModel(model("c", 1), T0);
        // a: one Available replica of two wanted (lacks 1); b: one LoadRequested of two (lacks 1); c: two live
        // replicas of one wanted (lacks nothing, never negative).
        cluster = Transitions.place(cluster, ModelVersionId.of("a", 1), S, ModelReplicaState.AVAILABLE, T0, 0);
        cluster = Transitions.place(cluster, ModelVersionId.of("b", 1), S, ModelReplicaState.LOAD_REQUESTED, T0, 1);
        cluster = Transitions.place(cluster, ModelVersionId.of("c", 1), S, ModelReplicaState.AVAILABLE, T0, 0, 1);

        PackingProblem problem = PackingProblem.of(cluster, S).get();
        PackingProblem fromMaps = new PackingProblem(S, problem.items(), problem.slots(), problem.current(),
            problem.available());

        assertThat(problem.lacking()).isEqualTo(2);
        assertThat(fromMaps.lacking()).isEqualTo(2);
        assertThat(fromMaps).isEqualTo(problem).hasSameHashCodeAs(problem);
        assertThat(problem.withSlots(problem.slots().take(1)).lacking()).as("the slots do not change it").isEqualTo(2);
        assertThat(problem.toString()).contains("a:1", "current=");
    }

    @Test
    void withSlots_keepsTheModelsOnNewSlots() {
        PackingProblem problem = PackingProblem.fresh(S, List.of(new PackingItem(ModelVersionId.of("a", 1), 1, 40,
            List.empty(), false)), List.of(new PackingSlot(ReplicaIndex.of(0), 100, List.empty(), false)));
        List<PackingSlot> bigger = List.of(new PackingSlot(ReplicaIndex.of(0), 500, List.empty(), false));
        PackingProblem moved = problem.withSlots(bigger);
        assertThat(moved.slots()).isEqualTo(bigger);
        assertThat(moved.items()).isEqualTo(problem.items());
        assertThat(moved.server()).isEqualTo(S);
    }

    @Test
    void fits_explainerNeedsTheExplainerCapability() {
        PackingItem explainer = new PackingItem(ModelVersionId.of("e", 1), 1, 10, List.empty(), true);
        assertThat(explainer.fits(new PackingSlot(ReplicaIndex.of(0), 100, List.of("sklearn"), false))).isFalse();
        assertThat(explainer.fits(new PackingSlot(ReplicaIndex.of(0), 100,
            List.of("sklearn", ModelSpec.EXPLAINER_CAPABILITY), false))).isTrue();
        assertThat(explainer.fits(new PackingSlot(ReplicaIndex.of(0), 9,
            List.of(ModelSpec.EXPLAINER_CAPABILITY), false))).isFalse();
    }

    @Test
    void planMinimal_packsOntoTheFewestReplicasWithItsMoves() {
        Cluster cluster = servers().deployModel(model("a", 1), T0).deployModel(model("b", 1), T0);
        cluster = Transitions.place(cluster, ModelVersionId.of("a", 1), S, ModelReplicaState.AVAILABLE, T0, 0);
        cluster = Transitions.place(cluster, ModelVersionId.of("b", 1), S, ModelReplicaState.AVAILABLE, T0, 1);

        RepackPlan plan = planner.planMinimal(PackingProblem.of(cluster, S).get()).get();

        assertThat(plan.targetReplicas()).isEqualTo(1);
        assertThat(plan.assignment().replicasOf(ModelVersionId.of("b", 1))).isEqualTo(TreeSet.of(ReplicaIndex.of(0)));
        assertThat(plan.steps().map(MigrationStep::describe)).containsExactly(
            "load b:1 on replica 0", "wait until b:1 is available on replica 0", "unload b:1 from replica 1");
    }

    /**
     * A problem read from a cluster is known to be read again exactly while its server and its models' latest
     * versions are the very same values: a change to a model on another server keeps it (and reading again gives an
     * equal problem), a change to one of its own models, to the server or to the overcommit does not (and reading
     * again gives a different problem), and a problem not read from a cluster is never known to be. The planted fault
     * this catches: a check of the server alone would call the problem whose model grew the same.
     */
    @Test
    void sameAs_holdsExactlyWhileTheServerAndItsModelsAreTheSameValues() {
        ModelVersionId a = ModelVersionId.of("a", 1);
        Cluster cluster = servers().deployModel(model("a", 1), T0).deployModel(model("c", 1), T0);
        cluster = Transitions.place(cluster, a, S, ModelReplicaState.AVAILABLE, T0, 0);
        cluster = Transitions.place(cluster, ModelVersionId.of("c", 1), OTHER, ModelReplicaState.AVAILABLE, T0, 0);
        PackingProblem problem = PackingProblem.of(cluster, S, false).get();

        assertThat(problem.sameAs(cluster, false)).isTrue();
        assertThat(problem.sameAs(cluster, true)).as("read counting overcommit").isFalse();

        Cluster elsewhere = cluster.deployModel(model("c", 2), T0);
        assertThat(elsewhere.models()).isNotSameAs(cluster.models());
        assertThat(problem.sameAs(elsewhere, false)).as("a model on another server changed").isTrue();
        assertThat(PackingProblem.of(elsewhere, S, false).get()).isEqualTo(problem);

        Cluster grown = cluster.deployModel(model("a", 2), T0);
        assertThat(grown.server(S).get()).isSameAs(cluster.server(S).get());
        assertThat(problem.sameAs(grown, false)).as("its model wants another replica").isFalse();
        assertThat(PackingProblem.of(grown, S, false).get()).isNotEqualTo(problem);

        Cluster deleted = cluster.deleteModel(ModelName.of("a")).get();
        assertThat(problem.sameAs(deleted, false)).as("its model deleted").isFalse();

        Cluster wider = cluster.connectReplica(S, ServerReplica.empty(ReplicaIndex.of(2), List.empty(),
            new ReplicaMemory(100, 0))).get();
        assertThat(problem.sameAs(wider, false)).as("its server has another replica").isFalse();
        assertThat(PackingProblem.of(wider, S, false).get()).isNotEqualTo(problem);

        assertThat(PackingProblem.fresh(S, problem.items(), problem.slots()).sameAs(cluster, false))
            .as("not read from a cluster").isFalse();
        assertThat(problem.withSlots(problem.slots()).sameAs(cluster, false)).as("given other slots").isFalse();
        assertThat(problem.sameAs(Cluster.empty(), false)).as("no such server").isFalse();
    }

    private static Cluster servers() {
        Cluster cluster = Cluster.empty().withServer(ServerSpec.of(S, ScalingSpec.fixed(2)))
            .withServer(ServerSpec.of(OTHER, ScalingSpec.fixed(1)));
        for (int i = 0; i < 2; i++) {
            cluster = cluster.connectReplica(S, ServerReplica.empty(ReplicaIndex.of(i), List.empty(),
                new ReplicaMemory(100, 0))).get();
        }
        return cluster.connectReplica(OTHER, ServerReplica.empty(ReplicaIndex.of(0), List.empty(),
            new ReplicaMemory(100, 0))).get();
    }

    private static ModelSpec model(String name, int replicas) {
        return ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(40))
            .scaling(ScalingSpec.fixed(replicas)).build();
    }
}
