package io.modelscale.placement.packing;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The models of one server as a packing problem: every item's replicas go to distinct slots, and no slot holds more
 * memory than its capacity.
 *
 * @param server  the server
 * @param items   the models to pack, in name order
 * @param slots   the server's replicas, by ordinal
 * @param current   where each item's live replicas are now (LoadRequested to Available, or Draining), by version
 * @param available where each item's replicas can receive requests now, by version
 */
public record PackingProblem(
    ServerName server,
    Seq<PackingItem> items,
    Seq<PackingSlot> slots,
    SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> current,
    SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> available) {

    public PackingProblem {
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(current, "current");
    }

    /**
     * The problem of server {@code server} in {@code cluster}: the latest version of every model that is not deleted
     * and is placed on the server, with its desired replica count, on the server's connected replicas.
     *
     * @return the problem, or none if there is no such server
     */
    public static Option<PackingProblem> of(Cluster cluster, ServerName server) {
        Option<Server> found = cluster.server(server);
        if (found.isEmpty()) {
            return Option.none();
        }
        Seq<ModelVersion> placed = cluster.models().values().toVector()
            .filter(m -> !m.deleted() && m.latest().server().contains(server))
            .map(Model::latest);
        Seq<PackingItem> items = placed.map(v -> PackingItem.of(v.id(), v.spec()));
        SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> current = TreeMap.empty();
        SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> available = TreeMap.empty();
        for (ModelVersion version : placed) {
            current = current.put(version.id(), TreeSet.ofAll(version.replicas()
                .filter(e -> e._2.state().isLoadingOrLoaded() || e._2.state().canReceiveTraffic())
                .keySet()));
            available = available.put(version.id(), TreeSet.ofAll(version.replicas()
                .filter(e -> e._2.state().canReceiveTraffic())
                .keySet()));
        }
        Seq<PackingSlot> slots = found.get().replicas().values().toVector().map(r ->
            new PackingSlot(r.index(), r.memory().capacityBytes(), r.capabilities(), r.draining()));
        return Option.some(new PackingProblem(server, items, slots, current, available));
    }

    /** The same models on other slots. */
    public PackingProblem withSlots(Seq<PackingSlot> newSlots) {
        return new PackingProblem(server, items, newSlots, current, available);
    }

    /** The slots with index below {@code k} that take new models: the replicas left after scaling to {@code k}. */
    public Seq<PackingSlot> usableSlots(int k) {
        return slots.filter(s -> s.index().value() < k && !s.draining());
    }

    /** A problem with no current placement: the items to place from scratch on these slots. */
    public static PackingProblem fresh(ServerName server, Seq<PackingItem> items, Seq<PackingSlot> slots) {
        return new PackingProblem(server, items, slots, TreeMap.empty(), TreeMap.empty());
    }

    /** The total number of model replicas to place. */
    public int totalReplicas() {
        return items.map(PackingItem::replicas).sum().intValue();
    }
}
