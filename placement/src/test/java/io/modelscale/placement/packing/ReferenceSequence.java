package io.modelscale.placement.packing;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The migration order as first written: rounds over every version still loading, and when none can load, one unload
 * and a new round. Quadratic in the versions; kept as the reference the planner's sequencing must match step for
 * step.
 */
final class ReferenceSequence {

    private ReferenceSequence() {
    }

    static Either<RepackFailure, RepackPlan> sequence(PackingProblem problem, Assignment assignment) {
        java.util.Map<ReplicaIndex, Long> capacity = new java.util.HashMap<>();
        problem.slots().forEach(s -> capacity.put(s.index(), s.capacityBytes()));
        java.util.Map<ReplicaIndex, Long> occupied = new java.util.HashMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> loads = new java.util.TreeMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> unloads = new java.util.TreeMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> available = new java.util.TreeMap<>();
        java.util.Map<ModelVersionId, Long> memory = new java.util.TreeMap<>();
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> targets = new java.util.HashMap<>();
        for (io.vavr.Tuple2<ReplicaIndex, SortedSet<ModelVersionId>> entry : assignment.replicas()) {
            for (ModelVersionId version : entry._2) {
                targets.computeIfAbsent(version, v -> new java.util.TreeSet<>()).add(entry._1);
            }
        }
        int position = 0;
        Seq<SortedSet<ReplicaIndex>> currentByItem = problem.currentByItem();
        Seq<SortedSet<ReplicaIndex>> availableByItem = problem.availableByItem();
        for (PackingItem item : problem.items()) {
            int i = position++;
            SortedSet<ReplicaIndex> now = currentByItem.get(i);
            SortedSet<ReplicaIndex> target = TreeSet.ofAll(targets.getOrDefault(item.version(),
                new java.util.TreeSet<>()));
            memory.put(item.version(), item.memoryBytes());
            for (ReplicaIndex index : now) {
                occupied.merge(index, item.memoryBytes(), Long::sum);
            }
            loads.put(item.version(), new java.util.TreeSet<>(target.removeAll(now).toJavaSet()));
            unloads.put(item.version(), new java.util.TreeSet<>(now.removeAll(target).toJavaSet()));
            available.put(item.version(), new java.util.TreeSet<>(
                availableByItem.get(i).toJavaSet()));
        }
        // Only versions with loads or unloads left take part in a round: a version with none would be skipped.
        java.util.TreeSet<ModelVersionId> loading = new java.util.TreeSet<>();
        java.util.TreeSet<ModelVersionId> unloading = new java.util.TreeSet<>();
        loads.forEach((version, targetsLeft) -> {
            if (!targetsLeft.isEmpty()) {
                loading.add(version);
            }
        });
        unloads.forEach((version, sources) -> {
            if (!sources.isEmpty()) {
                unloading.add(version);
            }
        });
        Vector<MigrationStep> steps = Vector.empty();
        boolean progress = true;
        while (progress && (!loading.isEmpty() || !unloading.isEmpty())) {
            progress = false;
            for (ModelVersionId version : new java.util.ArrayList<>(loading)) {
                long bytes = memory.get(version);
                ReplicaIndex target = loads.get(version).stream()
                    .filter(t -> occupied.getOrDefault(t, 0L) + bytes <= capacity.getOrDefault(t, 0L))
                    .findFirst().orElse(null);
                if (target == null) {
                    continue;
                }
                loads.get(version).remove(target);
                if (loads.get(version).isEmpty()) {
                    loading.remove(version);
                }
                occupied.merge(target, bytes, Long::sum);
                available.get(version).add(target);
                steps = steps.append(new MigrationStep(MigrationStep.Action.LOAD, version, target))
                    .append(new MigrationStep(MigrationStep.Action.AWAIT_AVAILABLE, version, target));
                Option<MigrationStep> unload = safeUnload(version, unloads, available, occupied, bytes,
                    !targets.containsKey(version));
                steps = steps.appendAll(unload);
                if (unloads.get(version).isEmpty()) {
                    unloading.remove(version);
                }
                progress = true;
            }
            if (!progress) {
                for (ModelVersionId version : unloading) {
                    Option<MigrationStep> unload = safeUnload(version, unloads, available, occupied,
                        memory.get(version), !targets.containsKey(version));
                    if (unload.isDefined()) {
                        steps = steps.append(unload.get());
                        if (unloads.get(version).isEmpty()) {
                            unloading.remove(version);
                        }
                        progress = true;
                        break;
                    }
                }
            }
        }
        int stuck = loads.values().stream().mapToInt(java.util.Set::size).sum()
            + unloads.values().stream().mapToInt(java.util.Set::size).sum();
        if (stuck > 0) {
            return Either.left(new RepackFailure.NoSafeOrder(problem.server(), assignment.targetReplicas(), stuck));
        }
        return Either.right(new RepackPlan(problem.server(), assignment.targetReplicas(), LowerBounds.of(problem),
            assignment, steps));
    }

    /** Unloads one replica that goes, if another replica of the model stays available (or none is meant to). */
    private static Option<MigrationStep> safeUnload(
        ModelVersionId version,
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> unloads,
        java.util.Map<ModelVersionId, java.util.TreeSet<ReplicaIndex>> available,
        java.util.Map<ReplicaIndex, Long> occupied, long bytes, boolean meantToVanish) {
        java.util.TreeSet<ReplicaIndex> going = unloads.get(version);
        if (going.isEmpty()) {
            return Option.none();
        }
        java.util.TreeSet<ReplicaIndex> serving = available.get(version);
        for (ReplicaIndex source : going.descendingSet()) {
            boolean othersServe = serving.stream().anyMatch(i -> !i.equals(source));
            boolean neverServed = !serving.contains(source);
            if (othersServe || meantToVanish || (neverServed && serving.isEmpty())) {
                going.remove(source);
                serving.remove(source);
                occupied.merge(source, -bytes, Long::sum);
                return Option.some(new MigrationStep(MigrationStep.Action.UNLOAD, version, source));
            }
        }
        return Option.none();
    }

}
