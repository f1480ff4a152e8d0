package io.modelscale.placement.rule;

import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.util.Comparator;

/**
 * Seldon Core 2's replica sorters ({@code shared/spec/seldon-core-2.md} §4.4) and modelscale's packing order.
 */
public final class ReplicaSorters {

    private ReplicaSorters() {
    }

    /**
     * Seldon's sorters in their order: index, then free memory, then already loaded. Applied as stable sorts in
     * sequence, the effective order is: the model already on the replica first, then most free memory, then lowest
     * index, which spreads models across replicas.
     */
    public static Seq<ReplicaSorter> spreading() {
        return List.of(index(), freeMemory(), alreadyLoaded());
    }

    /**
     * The packing order: index, then already loaded. The effective order is: the model already on the replica
     * first, then lowest index, so models fill the low ordinals and the replicas a StatefulSet scale-down removes
     * (the highest ordinals) are usually empty already.
     */
    public static Seq<ReplicaSorter> packing() {
        return List.of(index(), alreadyLoaded());
    }

    /** {@code ReplicaIndexSorter}: lowest index first. */
    public static ReplicaSorter index() {
        return Standard.INDEX;
    }

    /**
     * {@code AvailableMemorySorter}: most free memory (available minus reserved) first. Seldon subtracts in unsigned
     * arithmetic, so a replica with more reserved than available memory wraps around and sorts first; here free
     * memory is clamped at zero and such a replica sorts last.
     */
    public static ReplicaSorter freeMemory() {
        return Standard.FREE_MEMORY;
    }

    /**
     * {@code ModelAlreadyLoadedSorter}: replicas where the model is LoadRequested, Loading, Loaded, Available or
     * LoadedUnavailable (on the model's current server) first, and among those the ones where it is Available. Seldon
     * ranks them all alike, so a scale-down can keep a replica still loading and unload the one that serves;
     * modelscale keeps the serving one, so a model never loses its last available replica to a scale-down.
     */
    public static ReplicaSorter alreadyLoaded() {
        return Standard.ALREADY_LOADED;
    }

    enum Standard implements ReplicaSorter {
        INDEX("ReplicaIndexSorter") {
            @Override
            public Comparator<ServerReplica> comparator(PlacementRequest request, Server server) {
                return Comparator.comparing(ServerReplica::index);
            }
        },
        FREE_MEMORY("AvailableMemorySorter") {
            @Override
            public Comparator<ServerReplica> comparator(PlacementRequest request, Server server) {
                return Comparator.comparingLong(ServerReplica::freeMemoryBytes).reversed();
            }
        },
        ALREADY_LOADED("ModelAlreadyLoadedSorter") {
            @Override
            public Comparator<ServerReplica> comparator(PlacementRequest request, Server server) {
                return Comparator.comparing((ServerReplica r) -> !request.loadingOrLoadedOn(server.name(), r.index()))
                    .thenComparing(r -> !request.availableOn(server.name(), r.index()));
            }
        };

        private final String sorterName;

        Standard(String sorterName) {
            this.sorterName = sorterName;
        }

        @Override
        public String ruleName() {
            return sorterName;
        }
    }
}
