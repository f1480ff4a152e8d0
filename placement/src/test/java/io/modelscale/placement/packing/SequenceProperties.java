package io.modelscale.placement.packing;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.Seq;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The planner's migration order is the reference order ({@link ReferenceSequence}: every version visited in every
 * round) step for step: the versions it lets sleep could not have moved. On the planner's own assignments, and on
 * random moves whose generator must reach the rounds that matter: plans where an unload had to make room before a
 * load (an unload that does not follow its own version's load), and orders that cannot be found.
 */
class SequenceProperties {

    @Test
    void theOrderIsTheReferenceOrder_stepForStep() {
        int[] counts = new int[3];
        RepackPlanner planner = new RepackPlanner();
        qt().withExamples(400).forAll(PackingGenerators.richProblems(12, 6)).checkAssert(problem -> {
            Either<RepackFailure, Assignment> minimal = planner.assignMinimal(problem);
            if (minimal.isLeft()) {
                return;
            }
            for (int k = minimal.get().targetReplicas(); k <= problem.slots().size(); k++) {
                Either<RepackFailure, Assignment> assignment = planner.assign(problem, k);
                if (assignment.isLeft()) {
                    continue;
                }
                Either<RepackFailure, RepackPlan> fast = RepackPlanner.sequence(problem, assignment.get());
                Either<RepackFailure, RepackPlan> reference = ReferenceSequence.sequence(problem, assignment.get());
                assertThat(fast).as("%s onto %d replicas", problem, k).isEqualTo(reference);
                counts[0]++;
                if (reference.isLeft()) {
                    counts[1]++;
                } else if (unloadMadeRoom(reference.get().steps())) {
                    counts[2]++;
                }
            }
        });
        // the planner's own assignments keep what they can where it is: they seldom need an unload to make room,
        // which the random moves below reach
        assertThat(counts[0]).as("plans compared").isGreaterThanOrEqualTo(200);
    }

    /**
     * The same on moves no planner would choose: every model's replicas moved to replicas drawn at random, on
     * replicas that hold two or three models, each replica's targets within its memory, so that a load often waits
     * for an unload elsewhere and some orders cannot be found.
     */
    @Test
    void theOrderIsTheReferenceOrder_onRandomMoves() {
        int[] counts = new int[3];
        qt().withExamples(600).forAll(randomMoves()).checkAssert(moves -> {
            Either<RepackFailure, RepackPlan> fast = RepackPlanner.sequence(moves._1, moves._2);
            Either<RepackFailure, RepackPlan> reference = ReferenceSequence.sequence(moves._1, moves._2);
            assertThat(fast).as("%s to %s", moves._1, moves._2.describe()).isEqualTo(reference);
            counts[0]++;
            if (reference.isLeft()) {
                counts[1]++;
            } else if (unloadMadeRoom(reference.get().steps())) {
                counts[2]++;
            }
        });
        String shares = counts[0] + " plans: " + counts[1] + " without a safe order, " + counts[2]
            + " where an unload made room first";
        assertThat(counts[1]).as(shares).isGreaterThanOrEqualTo(counts[0] / 50);
        assertThat(counts[2]).as(shares).isGreaterThanOrEqualTo(counts[0] / 5);
    }

    private static org.quicktheories.core.Gen<io.vavr.Tuple2<PackingProblem, Assignment>> randomMoves() {
        return in -> {
            int replicas = Generate.range(2, 5).generate(in);
            io.vavr.collection.List<PackingSlot> slots = io.vavr.collection.List.range(0, replicas)
                .map(r -> new PackingSlot(io.modelscale.core.server.ReplicaIndex.of(r), 100,
                    io.vavr.collection.List.empty(), false));
            int models = Generate.range(2, 8).generate(in);
            long[] used = new long[replicas];
            long[] targetUsed = new long[replicas];
            io.vavr.collection.List<PackingItem> items = io.vavr.collection.List.empty();
            io.vavr.collection.SortedMap<io.modelscale.core.model.ModelVersionId,
                io.vavr.collection.SortedSet<io.modelscale.core.server.ReplicaIndex>> current =
                io.vavr.collection.TreeMap.empty();
            java.util.Map<Integer, java.util.Set<io.modelscale.core.model.ModelVersionId>> target =
                new java.util.TreeMap<>();
            for (int i = 0; i < models; i++) {
                io.modelscale.core.model.ModelVersionId version = io.modelscale.core.model.ModelVersionId.of(
                    "m" + i, 1);
                int count = Math.min(replicas, Generate.range(1, 3).generate(in) == 1 ? 1 : 2);
                long bytes = Generate.range(30, 60).generate(in);
                items = items.append(new PackingItem(version, count, bytes, io.vavr.collection.List.empty(), false));
                io.vavr.collection.SortedSet<io.modelscale.core.server.ReplicaIndex> on =
                    io.vavr.collection.TreeSet.empty();
                for (int r = 0; r < replicas && on.size() < count; r++) {
                    if (Generate.range(0, 1).generate(in) == 0 && used[r] + bytes <= 100) {
                        used[r] += bytes;
                        on = on.add(io.modelscale.core.server.ReplicaIndex.of(r));
                    }
                }
                current = current.put(version, on);
                java.util.List<Integer> order = new java.util.ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    order.add(r);
                }
                // as many target replicas as the model has, or fewer: a move that only removes replicas
                int wanted = Generate.range(1, count).generate(in);
                for (int n = 0; n < wanted; n++) {
                    order.removeIf(r -> targetUsed[r] + bytes > 100);
                    if (order.isEmpty()) {
                        break;
                    }
                    int pick = order.remove((int) Generate.range(0, order.size() - 1).generate(in));
                    targetUsed[pick] += bytes;
                    target.computeIfAbsent(pick, r -> new java.util.TreeSet<>()).add(version);
                }
            }
            io.vavr.collection.SortedMap<io.modelscale.core.server.ReplicaIndex,
                io.vavr.collection.SortedSet<io.modelscale.core.model.ModelVersionId>> assigned =
                io.vavr.collection.TreeMap.empty();
            for (java.util.Map.Entry<Integer, java.util.Set<io.modelscale.core.model.ModelVersionId>> entry
                : target.entrySet()) {
                assigned = assigned.put(io.modelscale.core.server.ReplicaIndex.of(entry.getKey()),
                    io.vavr.collection.TreeSet.ofAll(entry.getValue()));
            }
            return new io.vavr.Tuple2<>(new PackingProblem(PackingGenerators.SERVER, items, slots, current, current),
                new Assignment(replicas, assigned));
        };
    }

    /** Whether some unload does not follow its own version's load: one made in a round in which nothing loaded. */
    private static boolean unloadMadeRoom(Seq<MigrationStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            MigrationStep step = steps.get(i);
            if (step.action() == MigrationStep.Action.UNLOAD && (i == 0
                || steps.get(i - 1).action() != MigrationStep.Action.AWAIT_AVAILABLE
                || !steps.get(i - 1).version().equals(step.version()))) {
                return true;
            }
        }
        return false;
    }
}
