package io.modelscale.placement.packing;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.List;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators of packing problems, valid by construction. */
final class PackingGenerators {

    static final ServerName SERVER = ServerName.of("s");

    private PackingGenerators() {
    }

    /**
     * Up to {@code maxModels} models needing 1 to {@code capacity} bytes and 1 to {@code maxReplicas} replicas
     * each, on {@code maxReplicas} identical replicas of 100 bytes, memory binding: the total is up to about
     * {@code maxReplicas} full replicas.
     */
    static Gen<PackingProblem> smallProblems(int maxModels, int maxReplicas) {
        return in -> {
            int models = Generate.range(1, maxModels).generate(in);
            List<PackingItem> items = List.empty();
            for (int i = 0; i < models; i++) {
                items = items.append(new PackingItem(ModelVersionId.of("m" + i, 1),
                    Generate.range(1, Math.min(3, maxReplicas)).generate(in),
                    Generate.range(5, 70).generate(in), List.empty(), false));
            }
            return PackingProblem.fresh(SERVER, items, slots(maxReplicas, 100));
        };
    }

    /** The capabilities rich problems draw from. */
    static final List<String> CAPABILITIES = List.of("gpu", "fast", "alibi-explain");

    /**
     * Problems with every feature the planner must respect: models that require capabilities (a third of models) or
     * are explainers (a tenth), replicas with their own capabilities, draining replicas (each a sixth of the time),
     * existing placements that fit, some of them available, and up to two models per replica, so that memory is
     * sometimes tight and some problems have no packing at all.
     */
    static Gen<PackingProblem> richProblems(int maxModels, int maxReplicas) {
        return in -> {
            int replicas = Generate.range(1, maxReplicas).generate(in);
            List<PackingSlot> slots = List.empty();
            for (int r = 0; r < replicas; r++) {
                List<String> capabilities = List.empty();
                for (String capability : CAPABILITIES) {
                    if (Generate.range(0, 2).generate(in) > 0) {
                        capabilities = capabilities.append(capability);
                    }
                }
                slots = slots.append(new PackingSlot(ReplicaIndex.of(r), Generate.range(60, 120).generate(in),
                    capabilities, Generate.range(0, 5).generate(in) == 0));
            }
            int models = Generate.range(1, Math.min(maxModels, 2 * replicas)).generate(in);
            List<PackingItem> items = List.empty();
            for (int i = 0; i < models; i++) {
                List<String> requirements = Generate.range(0, 2).generate(in) == 0
                    ? List.of(CAPABILITIES.get(Generate.range(0, 1).generate(in))) : List.empty();
                items = items.append(new PackingItem(ModelVersionId.of("m" + i, 1),
                    Generate.range(1, Math.min(3, replicas)).generate(in), Generate.range(5, 50).generate(in),
                    requirements, Generate.range(0, 9).generate(in) == 0));
            }
            long[] used = new long[replicas];
            SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> current = TreeMap.empty();
            SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> available = TreeMap.empty();
            for (PackingItem item : items) {
                SortedSet<ReplicaIndex> on = TreeSet.empty();
                SortedSet<ReplicaIndex> serving = TreeSet.empty();
                for (PackingSlot slot : slots) {
                    int r = slot.index().value();
                    if (on.size() < item.replicas() && Generate.range(0, 2).generate(in) == 0
                        && used[r] + item.memoryBytes() <= slot.capacityBytes()
                        && slot.capabilities().containsAll(item.requirements())
                        && (!item.explainer() || slot.capabilities().contains("alibi-explain"))) {
                        used[r] += item.memoryBytes();
                        on = on.add(slot.index());
                        if (Generate.range(0, 1).generate(in) == 0) {
                            serving = serving.add(slot.index());
                        }
                    }
                }
                current = current.put(item.version(), on);
                available = available.put(item.version(), serving);
            }
            return new PackingProblem(SERVER, items, slots, current, available);
        };
    }

    /** Models that all need the same memory, with enough identical replicas for any packing. */
    static Gen<EqualMemory> equalMemory() {
        return in -> {
            long memory = Generate.range(1, 50).generate(in);
            int perReplica = Generate.range(1, 6).generate(in);
            long capacity = memory * perReplica + Generate.range(0, (int) memory - 1).generate(in);
            int models = Generate.range(1, 10).generate(in);
            List<PackingItem> items = List.empty();
            for (int i = 0; i < models; i++) {
                items = items.append(new PackingItem(ModelVersionId.of("m" + i, 1), Generate.range(1, 6).generate(in),
                    memory, List.empty(), false));
            }
            int total = items.map(PackingItem::replicas).sum().intValue();
            return new EqualMemory(PackingProblem.fresh(SERVER, items, slots(total, capacity)), perReplica);
        };
    }

    static List<PackingSlot> slots(int count, long capacity) {
        return List.range(0, count).map(i -> new PackingSlot(ReplicaIndex.of(i), capacity, List.empty(), false));
    }

    record EqualMemory(PackingProblem problem, int perReplica) {
        int optimum() {
            int largest = problem.items().map(PackingItem::replicas).max().get();
            int total = problem.totalReplicas();
            return Math.max(largest, (total + perReplica - 1) / perReplica);
        }
    }
}
