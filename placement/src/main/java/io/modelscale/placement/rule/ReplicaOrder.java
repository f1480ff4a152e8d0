package io.modelscale.placement.rule;

import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import io.vavr.Tuple2;
import io.vavr.collection.Iterator;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import java.util.Comparator;
import java.util.Objects;

/**
 * The order in which placement considers the replicas of a server: a list of {@link ReplicaSorter}s applied as
 * stable sorts in sequence, exactly as Seldon applies its sorters, so that the last sorter is the primary key and
 * replica index breaks the remaining ties.
 *
 * <p>{@link #candidates} yields the replicas lazily in that order. For the two standard orders it does not sort:
 * the spreading order walks the server's free-memory index ({@link Server#replicasByFreeMemory()}) and the packing
 * order walks the replicas by index, each after the few replicas that already hold the model, so taking the first
 * {@code k} candidates costs {@code O(k log n)} rather than {@code O(n log n)}. Any other list of sorters sorts every
 * replica. {@link #withoutIndex()} forces the full sort, for comparison.
 */
public final class ReplicaOrder {

    private enum Walk { BY_FREE_MEMORY, BY_INDEX, SORTED }

    private final Seq<ReplicaSorter> sorters;
    private final Seq<ReplicaSorter> keys;
    private final boolean loadedFirst;
    private final Walk walk;
    private final boolean useIndex;

    private ReplicaOrder(Seq<ReplicaSorter> sorters, boolean useIndex) {
        this.sorters = sorters;
        this.useIndex = useIndex;
        Seq<ReplicaSorter> effective = List.empty();
        for (ReplicaSorter sorter : sorters.reverse()) {
            if (!effective.contains(sorter)) {
                effective = effective.append(sorter);
            }
        }
        this.keys = effective;
        this.loadedFirst = !effective.isEmpty() && effective.head() == ReplicaSorters.Standard.ALREADY_LOADED;
        Seq<ReplicaSorter> rest = loadedFirst ? effective.tail() : effective;
        Seq<ReplicaSorter> withoutIndex =
            !rest.isEmpty() && rest.last() == ReplicaSorters.Standard.INDEX ? rest.init() : rest;
        if (!useIndex) {
            this.walk = Walk.SORTED;
        } else if (withoutIndex.isEmpty()) {
            this.walk = Walk.BY_INDEX;
        } else if (withoutIndex.equals(List.of(ReplicaSorters.Standard.FREE_MEMORY))) {
            this.walk = Walk.BY_FREE_MEMORY;
        } else {
            this.walk = Walk.SORTED;
        }
    }

    /** The order given by these sorters, applied as stable sorts in sequence. */
    public static ReplicaOrder of(Seq<ReplicaSorter> sorters) {
        Objects.requireNonNull(sorters, "sorters");
        return new ReplicaOrder(sorters, true);
    }

    /** Seldon's spreading order: {@link ReplicaSorters#spreading()}. */
    public static ReplicaOrder spreading() {
        return of(ReplicaSorters.spreading());
    }

    /** modelscale's packing order: {@link ReplicaSorters#packing()}. */
    public static ReplicaOrder packing() {
        return of(ReplicaSorters.packing());
    }

    /** The same order, computed by sorting every replica on each call: the baseline the index is measured against. */
    public ReplicaOrder withoutIndex() {
        return new ReplicaOrder(sorters, false);
    }

    /** The sorters, in the order they are applied. */
    public Seq<ReplicaSorter> sorters() {
        return sorters;
    }

    /** The full order on the replicas of {@code server} for this request, ties broken by lowest index. */
    public Comparator<ServerReplica> comparator(PlacementRequest request, Server server) {
        return chain(keys, request, server);
    }

    /** The replicas of {@code server}, lazily, in this order. */
    public Iterator<ServerReplica> candidates(PlacementRequest request, Server server) {
        if (walk == Walk.SORTED) {
            return server.replicas().values().toList().sorted(comparator(request, server)).iterator();
        }
        Iterator<ServerReplica> base = walk == Walk.BY_FREE_MEMORY
            ? server.replicasByFreeMemory()
            : server.replicas().iterator().map(Tuple2::_2);
        if (!loadedFirst || !request.version().server().contains(server.name())) {
            return base;
        }
        Seq<ServerReplica> holding = request.version().replicas()
            .filter(entry -> entry._2.state().isLoadingOrLoaded())
            .keySet().toList()
            .flatMap(server::replica)
            .sorted(chain(keys, request, server));
        if (holding.isEmpty()) {
            return base;
        }
        Set<ReplicaIndex> skip = TreeSet.ofAll(holding.map(ServerReplica::index));
        return holding.iterator().concat(base.filter(r -> !skip.contains(r.index())));
    }

    private static Comparator<ServerReplica> chain(Seq<ReplicaSorter> keys, PlacementRequest request, Server server) {
        Comparator<ServerReplica> order = Comparator.comparing(r -> 0);
        for (ReplicaSorter key : keys) {
            order = order.thenComparing(key.comparator(request, server));
        }
        return order.thenComparing(ServerReplica::index);
    }

    /** Equal when the sorters are equal and both use the index, or neither does. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ReplicaOrder order && order.useIndex == useIndex && order.sorters.equals(sorters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sorters, useIndex);
    }

    @Override
    public String toString() {
        return "ReplicaOrder" + sorters.map(ReplicaSorter::ruleName).mkString("[", ", ", "]");
    }
}
