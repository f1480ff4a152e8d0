package io.modelscale.placement.packing;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepackPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerName S = ServerName.of("s");
    private final RepackPlanner planner = new RepackPlanner();

    @Test
    void assignMinimal_infeasibleExampleOfTheSpec_needsThreeReplicasNotTwo() {
        Cluster cluster = server(3, 100)
            .deployModel(model("a", 2, 40), T0).deployModel(model("b", 2, 40), T0).deployModel(model("c", 1, 70), T0);
        cluster = available(cluster, "a", 0, 1);
        cluster = available(cluster, "b", 0, 1);
        cluster = available(cluster, "c", 2);
        PackingProblem problem = PackingProblem.of(cluster, S).get();

        LowerBounds bounds = LowerBounds.of(problem);
        assertThat(bounds.largestReplicaCount()).isEqualTo(2);
        assertThat(bounds.value()).isEqualTo(3);
        assertThat(planner.assign(problem, 2).getLeft())
            .isEqualTo(new RepackFailure.Infeasible(S, 2, 2, bounds));
        assertThat(planner.assignMinimal(problem).get().targetReplicas()).isEqualTo(3);
        assertThat(planner.plan(problem, 3).get().steps()).isEmpty();
    }

    /**
     * Replicas numbered far apart (ordinals 0 and 5,000,000 in a problem built by hand) are found by their index
     * all the same: a model on the far one stays there when both are usable, and moves to the other when only it is.
     */
    @Test
    void assign_replicasNumberedFarApart_keepsAModelWhereItIs() {
        ReplicaIndex far = ReplicaIndex.of(5_000_000);
        ModelVersionId a = ModelVersionId.of("a", 1);
        PackingProblem problem = new PackingProblem(S,
            io.vavr.collection.List.of(new PackingItem(a, 1, 40, io.vavr.collection.List.empty(), false)),
            io.vavr.collection.List.of(new PackingSlot(ReplicaIndex.of(0), 100, io.vavr.collection.List.empty(), false),
                new PackingSlot(far, 100, io.vavr.collection.List.empty(), false)),
            io.vavr.collection.TreeMap.of(a, io.vavr.collection.TreeSet.of(far)),
            io.vavr.collection.TreeMap.of(a, io.vavr.collection.TreeSet.of(far)));
        assertThat(planner.assign(problem, 5_000_001).get().describe()).isEqualTo("5000000: [a:1]");
        assertThat(planner.assignMinimal(problem).get().describe()).isEqualTo("0: [a:1]");
    }

    @Test
    void plan_seedExampleABOnTwoReplicasAfterCIsGone_packsOntoOne() {
        Cluster cluster = server(2, 100).deployModel(model("a", 1, 40), T0).deployModel(model("b", 1, 40), T0);
        cluster = available(cluster, "a", 0);
        cluster = available(cluster, "b", 1);

        RepackPlan plan = planner.plan(cluster, S, 1).get();

        assertThat(plan.assignment().describe()).isEqualTo("0: [a:1, b:1]");
        assertThat(plan.steps().map(MigrationStep::describe)).containsExactly(
            "load b:1 on replica 0", "wait until b:1 is available on replica 0", "unload b:1 from replica 1");
    }

    @Test
    void plan_seedExampleTwoModelsOfTwoReplicasOnThree_packsOntoTwoMovingOnlyWhatIsOnTheThird() {
        Cluster cluster = server(3, 100).deployModel(model("a", 2, 40), T0).deployModel(model("b", 2, 40), T0);
        cluster = available(cluster, "a", 0, 1);
        cluster = available(cluster, "b", 0, 2);

        RepackPlan plan = planner.plan(cluster, S, 2).get();

        assertThat(plan.assignment().describe()).isEqualTo("0: [a:1, b:1]; 1: [a:1, b:1]");
        assertThat(plan.moves()).isEqualTo(1);
        assertThat(plan.steps().map(MigrationStep::describe)).containsExactly(
            "load b:1 on replica 1", "wait until b:1 is available on replica 1", "unload b:1 from replica 2");
        assertThat(plan.describe()).startsWith("repack s onto 2 replicas (at least 2 replicas (largest model 2,"
            + " memory 2, large items 0)): 1 model replicas move: load b:1 on replica 1;");
    }

    @Test
    void plan_fullTargetReplica_unloadsSomethingBeforeLoadingWithoutLosingAvailability() {
        Cluster cluster = server(3, 100).deployModel(model("a", 2, 60), T0).deployModel(model("b", 1, 60), T0);
        cluster = available(cluster, "a", 0, 2);
        cluster = available(cluster, "b", 1);

        Either<RepackFailure, RepackPlan> plan = planner.plan(cluster, S, 2);

        assertThat(plan.getLeft()).isInstanceOf(RepackFailure.Infeasible.class);
        assertThat(plan.getLeft().describe()).isEqualTo("cannot pack the models of s onto 2 replicas (2 usable):"
            + " they need at least 3 replicas (largest model 2, memory 2, large items 3)");
    }

    @Test
    void lowerBounds_itemLargerThanAnyReplica_isUnbounded() {
        PackingProblem problem = PackingProblem.fresh(S,
            List.of(new PackingItem(ModelVersionId.of("big", 1), 1, 500, List.empty(), false)),
            List.of(new PackingSlot(ReplicaIndex.of(0), 100, List.empty(), false)));
        assertThat(LowerBounds.of(problem).value()).isEqualTo(Integer.MAX_VALUE);
        assertThat(planner.assignMinimal(problem).isLeft()).isTrue();
    }

    @Test
    void assign_drainingReplica_takesNothing() {
        PackingProblem problem = PackingProblem.fresh(S,
            List.of(new PackingItem(ModelVersionId.of("m", 1), 2, 10, List.empty(), false)),
            List.of(slot(0, 100, false), slot(1, 100, true), slot(2, 100, false)));
        assertThat(planner.assign(problem, 2).isLeft()).isTrue();
        assertThat(planner.assign(problem, 3).get().describe()).isEqualTo("0: [m:1]; 2: [m:1]");
    }

    @Test
    void assign_requirements_goOnlyWhereOffered() {
        PackingProblem problem = PackingProblem.fresh(S,
            List.of(new PackingItem(ModelVersionId.of("tf", 1), 1, 10, List.of("tensorflow"), false)),
            List.of(new PackingSlot(ReplicaIndex.of(0), 100, List.of("sklearn"), false),
                new PackingSlot(ReplicaIndex.of(1), 100, List.of("tensorflow"), false)));
        assertThat(planner.assignMinimal(problem).get().describe()).isEqualTo("1: [tf:1]");
    }

    @Test
    void assign_hardInstanceForGreedy_isSolvedByTheExactSearch() {
        // 193 bytes fit two replicas of 100 as {54, 23, 19} and {38, 29, 15, 15}; best and worst fit both need 3.
        List<PackingItem> items = List.of(item("a", 54), item("b", 38), item("c", 29), item("d", 23), item("e", 19),
            item("f", 15), item("g", 15));
        PackingProblem problem = PackingProblem.fresh(S, items,
            List.range(0, 4).map(i -> slot(i, 100, false)));
        Assignment assignment = planner.assignMinimal(problem).get();
        assertThat(assignment.targetReplicas()).isEqualTo(2);
        assertThat(new RepackPlanner(0).assignMinimal(problem).get().targetReplicas()).isEqualTo(3);
    }

    @Test
    void plan_aLoadThatFillsItsTargetExactly_isAllowed() {
        // 60 + 40 = 100 bytes: b fits replica 0 to the byte, so it moves there before leaving replica 1.
        Cluster cluster = server(2, 100).deployModel(model("a", 1, 60), T0).deployModel(model("b", 1, 40), T0);
        cluster = available(cluster, "a", 0);
        cluster = available(cluster, "b", 1);
        assertThat(planner.plan(cluster, S, 1).get().steps().map(MigrationStep::describe)).containsExactly(
            "load b:1 on replica 0", "wait until b:1 is available on replica 0", "unload b:1 from replica 1");
    }

    @Test
    void problem_countsLoadingReplicasAsCurrent_butOnlyServingOnesAsAvailable() {
        Cluster cluster = server(2, 100).deployModel(model("a", 1, 60), T0);
        cluster = Transitions.place(cluster, ModelVersionId.of("a", 1), S, ModelReplicaState.LOADING, T0, 0);
        PackingProblem problem = PackingProblem.of(cluster, S).get();
        assertThat(problem.current().get(ModelVersionId.of("a", 1)).get()).containsExactly(ReplicaIndex.of(0));
        assertThat(problem.available().get(ModelVersionId.of("a", 1)).get()).isEmpty();
    }

    @Test
    void problem_leavesOutReplicasThatFailedToLoadOrUnloaded() {
        Cluster cluster = server(2, 100).deployModel(model("a", 1, 60), T0);
        cluster = Transitions.place(cluster, ModelVersionId.of("a", 1), S, ModelReplicaState.LOADING, T0, 1);
        cluster = cluster.updateModelState(ModelVersionId.of("a", 1), new io.modelscale.core.server.ServerReplicaId(S,
            ReplicaIndex.of(1)), io.vavr.control.Option.some(ModelReplicaState.LOADING), ModelReplicaState.LOAD_FAILED,
            "out of memory", T0).get();
        PackingProblem problem = PackingProblem.of(cluster, S).get();
        assertThat(problem.current().get(ModelVersionId.of("a", 1)).get()).isEmpty();
        assertThat(problem.available().get(ModelVersionId.of("a", 1)).get()).isEmpty();
    }

    @Test
    void plan_modelsThatAlreadyFit_stayWhereTheyAre() {
        // a (70) on replica 1 and b (70) on replica 0, each replica of 100 full: swapping them would have no safe
        // order (either move overfills its target, either unload leaves its model without a replica); the planner
        // keeps them where they are, with nothing to do.
        PackingItem a = new PackingItem(ModelVersionId.of("a", 1), 1, 70, List.empty(), false);
        PackingItem b = new PackingItem(ModelVersionId.of("b", 1), 1, 70, List.empty(), false);
        io.vavr.collection.SortedSet<ReplicaIndex> one = io.vavr.collection.TreeSet.of(ReplicaIndex.of(1));
        io.vavr.collection.SortedSet<ReplicaIndex> zero = io.vavr.collection.TreeSet.of(ReplicaIndex.of(0));
        io.vavr.collection.SortedMap<ModelVersionId, io.vavr.collection.SortedSet<ReplicaIndex>> current =
            io.vavr.collection.TreeMap.of(a.version(), one, b.version(), zero);
        PackingProblem problem = new PackingProblem(S, List.of(a, b), List.of(slot(0, 100, false),
            slot(1, 100, false)), current, current);
        Either<RepackFailure, RepackPlan> plan = planner.plan(problem, 2);
        assertThat(plan.get().steps()).isEmpty();
        assertThat(plan.get().assignment().replicasOf(a.version())).containsExactly(ReplicaIndex.of(1));
        assertThat(plan.get().assignment().replicasOf(b.version())).containsExactly(ReplicaIndex.of(0));
    }

    @Test
    void assignment_countsAndDescribesOnlyReplicasThatHoldSomething() {
        ModelVersionId a = ModelVersionId.of("a", 1);
        Assignment assignment = new Assignment(2, io.vavr.collection.TreeMap.of(ReplicaIndex.of(0),
            io.vavr.collection.TreeSet.of(a), ReplicaIndex.of(1), io.vavr.collection.TreeSet.<ModelVersionId>empty()));
        assertThat(assignment.usedReplicas()).isEqualTo(1);
        assertThat(assignment.describe()).isEqualTo("0: [a:1]");
        assertThat(assignment.replicasOf(a)).containsExactly(ReplicaIndex.of(0));
    }

    @Test
    void planners_areEqualWhenTheirSearchBudgetsAre() {
        assertThat(new RepackPlanner(5)).isEqualTo(new RepackPlanner(5)).hasSameHashCodeAs(new RepackPlanner(5))
            .isNotEqualTo(new RepackPlanner(6)).isNotEqualTo("planner").hasToString("RepackPlanner[searchNodes=5]");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new RepackPlanner(-1))
            .withMessageContaining("-1");
    }

    private static PackingItem item(String name, long memory) {
        return new PackingItem(ModelVersionId.of(name, 1), 1, memory, List.empty(), false);
    }

    private static PackingSlot slot(int index, long capacity, boolean draining) {
        return new PackingSlot(ReplicaIndex.of(index), capacity, List.empty(), draining);
    }

    private static Cluster server(int replicas, long capacity) {
        Cluster cluster = Cluster.empty().withServer(ServerSpec.of(S, ScalingSpec.fixed(replicas)));
        for (int i = 0; i < replicas; i++) {
            cluster = cluster.connectReplica(S, ServerReplica.empty(ReplicaIndex.of(i), List.empty(),
                new ReplicaMemory(capacity, 0))).get();
        }
        return cluster;
    }

    private static ModelSpec model(String name, int replicas, long memory) {
        return ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(memory))
            .scaling(ScalingSpec.fixed(replicas)).build();
    }

    private static Cluster available(Cluster cluster, String model, int... indexes) {
        return Transitions.place(cluster, ModelVersionId.of(model, 1), S, ModelReplicaState.AVAILABLE, T0, indexes);
    }
}
