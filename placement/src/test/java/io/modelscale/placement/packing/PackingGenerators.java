package io.modelscale.placement.packing;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.List;
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
