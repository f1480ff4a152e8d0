package io.modelscale.placement.rule;

import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.vavr.Tuple2;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/**
 * Seldon Core 2's server filters, in their default order ({@code shared/spec/seldon-core-2.md} §4.2).
 */
public final class ServerFilters {

    private ServerFilters() {
    }

    /** Seldon's four server filters in order, the requirements checked on the lowest-index replica. */
    public static Seq<ServerFilter> defaults() {
        return io.vavr.collection.List.of(hasReplicas(), sharing(), notDeleted(),
            requirements(CapabilityCheck.LOWEST_INDEX_REPLICA));
    }

    /** {@code ServerReplicaFilter}: the server has at least one connected replica. */
    public static ServerFilter hasReplicas() {
        return Standard.HAS_REPLICAS;
    }

    /**
     * {@code SharingServerFilter}: a model that requests a server goes only to that server, shared or not; any
     * other model goes only to shared servers.
     */
    public static ServerFilter sharing() {
        return Standard.SHARING;
    }

    /** {@code DeletedServerFilter}: the server is not being deleted (its expected replica count is not zero). */
    public static ServerFilter notDeleted() {
        return Standard.NOT_DELETED;
    }

    /**
     * {@code ServerRequirementFilter}: every requirement of the model is one of the capabilities of one replica of
     * the server, chosen by {@code check}. Replicas of a server are identical, so one replica stands for all.
     */
    public static ServerFilter requirements(CapabilityCheck check) {
        return check == CapabilityCheck.LOWEST_INDEX_REPLICA ? Standard.REQUIREMENTS_LOWEST : Standard.REQUIREMENTS_ANY;
    }

    /** Which replica's capabilities the requirements filter reads. */
    public enum CapabilityCheck {
        /** The lowest-index replica: deterministic ({@code Presets.documented()}). */
        LOWEST_INDEX_REPLICA,
        /** A replica drawn at random, as Seldon's map iteration picks one ({@code Presets.seldonCore()}). */
        RANDOM_REPLICA
    }

    private enum Standard implements ServerFilter {
        HAS_REPLICAS("ServerReplicaFilter") {
            @Override
            public Option<String> reject(PlacementRequest request, Server server) {
                return server.replicas().isEmpty() ? Option.some("server has no replicas") : Option.none();
            }
        },
        SHARING("SharingServerFilter") {
            @Override
            public Option<String> reject(PlacementRequest request, Server server) {
                Option<ServerName> requested = request.spec().requestedServer();
                if (requested.isDefined()) {
                    return requested.contains(server.name()) ? Option.none()
                        : Option.some("the model requests server " + requested.get());
                }
                return server.spec().shared() ? Option.none()
                    : Option.some("server is not shared and the model requests no server");
            }
        },
        NOT_DELETED("DeletedServerFilter") {
            @Override
            public Option<String> reject(PlacementRequest request, Server server) {
                return server.spec().expectedReplicas().beingDeleted()
                    ? Option.some("server is being deleted (expected replicas 0)") : Option.none();
            }
        },
        REQUIREMENTS_LOWEST("ServerRequirementFilter") {
            @Override
            public Option<String> reject(PlacementRequest request, Server server) {
                return checkRequirements(request, server, server.replicas().headOption().map(Tuple2::_2));
            }
        },
        REQUIREMENTS_ANY("ServerRequirementFilter") {
            @Override
            public Option<String> reject(PlacementRequest request, Server server) {
                int count = server.replicas().size();
                if (count == 0) {
                    return checkRequirements(request, server, Option.none());
                }
                // The k-th replica by ordinal, reached by walking the map: no list of every replica per placement.
                int k = request.random().nextInt(count);
                return checkRequirements(request, server, Option.some(server.replicas().iterator().drop(k).next()._2));
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

        private static Option<String> checkRequirements(
            PlacementRequest request, Server server, Option<ServerReplica> checked) {
            Seq<String> requirements = request.spec().requirements();
            if (requirements.isEmpty()) {
                return Option.none();
            }
            if (checked.isEmpty()) {
                return Option.some("server has no replica to read capabilities from");
            }
            Seq<String> missing = requirements.filter(r -> !checked.get().capabilities().contains(r));
            return missing.isEmpty() ? Option.none()
                : Option.some("replica " + checked.get().index() + " lacks " + missing.mkString("[", ", ", "]")
                    + " (has " + checked.get().capabilities().mkString("[", ", ", "]") + ")");
        }
    }
}
