package io.modelscale.placement.rule;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/**
 * Seldon Core 2's replica filters, in their default order ({@code shared/spec/seldon-core-2.md} §4.3).
 */
public final class ReplicaFilters {

    private ReplicaFilters() {
    }

    /** Seldon's three replica filters in order: memory, explainer, draining. */
    public static Seq<ReplicaFilter> defaults() {
        return List.of(memory(), explainer(), notDraining());
    }

    /**
     * {@code AvailableMemoryReplicaFilter}: the replica's free memory (available minus reserved, never below zero)
     * covers the memory one replica of the model needs, or the model is already Loading, Loaded, Available or
     * LoadedUnavailable there.
     */
    public static ReplicaFilter memory() {
        return Standard.MEMORY;
    }

    /**
     * modelscale's memory filter for placement that never counts on overcommit: the replica's free memory less its
     * overcommit share (never below zero), that is its memory request less the models registered there, covers the
     * memory one replica of the model needs, or the model is already Loading, Loaded, Available or LoadedUnavailable
     * there. A model registered beyond the request is evicted whenever another is used, and waits for a reload
     * when its own request comes. A model larger than the request itself (but within the overcommit) goes alone on a
     * replica that holds nothing, the only place it can run without evicting another.
     */
    public static ReplicaFilter memoryWithinRequest() {
        return Standard.MEMORY_WITHIN_REQUEST;
    }

    /** {@code ExplainerFilter}: an explainer needs a replica with the {@code alibi-explain} capability. */
    public static ReplicaFilter explainer() {
        return Standard.EXPLAINER;
    }

    /** {@code ReplicaDrainingFilter}: a draining replica takes no new models. */
    public static ReplicaFilter notDraining() {
        return Standard.NOT_DRAINING;
    }

    private enum Standard implements ReplicaFilter {
        MEMORY("AvailableMemoryReplicaFilter") {
            @Override
            public boolean admits(PlacementRequest request, Server server, ServerReplica replica) {
                return request.spec().requiredMemoryBytes() <= replica.freeMemoryBytes()
                    || request.alreadyLoadingOrLoadedOn(server.name(), replica.index());
            }

            @Override
            public Option<String> reject(PlacementRequest request, Server server, ServerReplica replica) {
                long required = request.spec().requiredMemoryBytes();
                if (admits(request, server, replica)) {
                    return Option.none();
                }
                return Option.some("free memory " + replica.freeMemoryBytes() + " bytes (available "
                    + replica.availableMemoryBytes() + " - reserved " + replica.reservedMemoryBytes() + ") < "
                    + required + " bytes required");
            }
        },
        MEMORY_WITHIN_REQUEST("RequestMemoryReplicaFilter") {
            @Override
            public boolean admits(PlacementRequest request, Server server, ServerReplica replica) {
                long required = request.spec().requiredMemoryBytes();
                long free = Math.max(0, replica.freeMemoryBytes() - replica.memory().overcommitBytes());
                return required <= free || request.alreadyLoadingOrLoadedOn(server.name(), replica.index())
                    // a model larger than any request fits only into the overcommit: it goes alone on an empty
                    // replica
                    || required > replica.memory().totalBytes() && required <= replica.memory().capacityBytes()
                    && replica.freeMemoryBytes() >= replica.memory().capacityBytes();
            }

            @Override
            public Option<String> reject(PlacementRequest request, Server server, ServerReplica replica) {
                if (admits(request, server, replica)) {
                    return Option.none();
                }
                long required = request.spec().requiredMemoryBytes();
                long free = Math.max(0, replica.freeMemoryBytes() - replica.memory().overcommitBytes());
                return Option.some("free memory within the request " + free + " bytes (free "
                    + replica.freeMemoryBytes() + " - overcommit " + replica.memory().overcommitBytes() + ") < "
                    + required + " bytes required");
            }
        },
        EXPLAINER("ExplainerFilter") {
            @Override
            public boolean admits(PlacementRequest request, Server server, ServerReplica replica) {
                return !request.spec().explainer() || replica.capabilities().contains(ModelSpec.EXPLAINER_CAPABILITY);
            }

            @Override
            public Option<String> reject(PlacementRequest request, Server server, ServerReplica replica) {
                return request.spec().explainer()
                    && !replica.capabilities().contains(ModelSpec.EXPLAINER_CAPABILITY)
                    ? Option.some("the model is an explainer and the replica lacks " + ModelSpec.EXPLAINER_CAPABILITY)
                    : Option.none();
            }
        },
        NOT_DRAINING("ReplicaDrainingFilter") {
            @Override
            public boolean admits(PlacementRequest request, Server server, ServerReplica replica) {
                return !replica.draining();
            }

            @Override
            public Option<String> reject(PlacementRequest request, Server server, ServerReplica replica) {
                return replica.draining() ? Option.some("replica is draining") : Option.none();
            }
        };

        private final String filterName;

        Standard(String filterName) {
            this.filterName = filterName;
        }

        @Override
        public String ruleName() {
            return filterName;
        }
    }
}
