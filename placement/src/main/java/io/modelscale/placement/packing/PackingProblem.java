package io.modelscale.placement.packing;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.vavr.Lazy;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The models of one server as a packing problem: every item's replicas go to distinct slots, and no slot holds more
 * memory than its capacity. A value: two problems with equal components are equal.
 *
 * <p>A problem read from a cluster ({@link #of}) builds its two maps of where replicas are only when they are first
 * asked for: a server policy that looks only at the items, the slots and {@link #lacking()} on every stats period
 * pays for one pass over the models, not for two sorted maps of them.
 */
public final class PackingProblem {

    private final ServerName server;
    private final Seq<PackingItem> items;
    private final Seq<PackingSlot> slots;
    private final Lazy<SortedMap<ModelVersionId, SortedSet<ReplicaIndex>>> current;
    private final Lazy<SortedMap<ModelVersionId, SortedSet<ReplicaIndex>>> available;
    private final Lazy<Integer> lacking;
    private final Lazy<Seq<SortedSet<ReplicaIndex>>> currentByItem;
    private final Lazy<Seq<SortedSet<ReplicaIndex>>> availableByItem;
    /* Each item's live replicas as increasing index values: {@link #currentByItem} for the planner's arrays. */
    private final Lazy<int[][]> liveIndexes;
    /* What a problem read from a cluster was read from, for {@link #sameAs}; null for one built otherwise. */
    private final Source source;

    /**
     * The values a problem was read from: the server's replicas, the cluster's models, the versions placed, the
     * overcommit.
     */
    private record Source(io.modelscale.core.server.ServerReplica[] replicas,
                          SortedMap<io.modelscale.core.model.ModelName, Model> models, ModelVersion[] placed,
                          boolean overcommit) {

        /**
         * Whether the server's replicas are those read, in what a problem reads of them: index, memory,
         * capabilities and draining (what they have loaded and their free memory count for nothing here).
         */
        boolean sameReplicas(Server server) {
            if (server.replicas().size() != replicas.length) {
                return false;
            }
            int i = 0;
            for (io.vavr.Tuple2<ReplicaIndex, io.modelscale.core.server.ServerReplica> entry : server.replicas()) {
                io.modelscale.core.server.ServerReplica replica = entry._2;
                io.modelscale.core.server.ServerReplica read = replicas[i++];
                if (replica != read && !(replica.index().equals(read.index()) && replica.draining() == read.draining()
                    && replica.memory().equals(read.memory()) && replica.capabilities().equals(read.capabilities()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A problem.
     *
     * @param server    the server
     * @param items     the models to pack, in name order
     * @param slots     the server's replicas, by ordinal
     * @param current   where each item's live replicas are now (LoadRequested to Available, or Draining), by version
     * @param available where each item's replicas can receive requests now, by version
     */
    public PackingProblem(ServerName server, Seq<PackingItem> items, Seq<PackingSlot> slots,
                          SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> current,
                          SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> available) {
        this(server, items, slots, Lazy.of(() -> Objects.requireNonNull(current, "current")),
            Lazy.of(() -> Objects.requireNonNull(available, "available")), null, null, null, null, null);
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(available, "available");
    }

    private PackingProblem(ServerName server, Seq<PackingItem> items, Seq<PackingSlot> slots,
                           Lazy<SortedMap<ModelVersionId, SortedSet<ReplicaIndex>>> current,
                           Lazy<SortedMap<ModelVersionId, SortedSet<ReplicaIndex>>> available,
                           Lazy<Integer> lacking, Lazy<Seq<SortedSet<ReplicaIndex>>> currentByItem,
                           Lazy<Seq<SortedSet<ReplicaIndex>>> availableByItem, Lazy<int[][]> liveIndexes,
                           Source source) {
        this.server = Objects.requireNonNull(server, "server");
        this.source = source;
        this.items = Objects.requireNonNull(items, "items");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.current = current;
        this.available = available;
        this.currentByItem = currentByItem != null ? currentByItem : Lazy.of(() -> byItem(items, current.get()));
        this.availableByItem = availableByItem != null ? availableByItem
            : Lazy.of(() -> byItem(items, available.get()));
        this.liveIndexes = liveIndexes != null ? liveIndexes : Lazy.of(() -> this.currentByItem.get()
            .map(live -> live.toJavaStream().mapToInt(ReplicaIndex::value).toArray()).toJavaArray(int[][]::new));
        this.lacking = lacking != null ? lacking : Lazy.of(() -> items.zipWith(this.currentByItem.get(),
            (item, live) -> Math.max(0, item.replicas() - live.size())).sum().intValue());
    }

    /** The server. */
    public ServerName server() {
        return server;
    }

    /** The models to pack, in name order. */
    public Seq<PackingItem> items() {
        return items;
    }

    /** The server's replicas, by ordinal. */
    public Seq<PackingSlot> slots() {
        return slots;
    }

    /** Where each item's live replicas are now (LoadRequested to Available, or Draining), by version. */
    public SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> current() {
        return current.get();
    }

    /** Where each item's replicas can receive requests now, by version. */
    public SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> available() {
        return available.get();
    }

    /** Where item {@code i} (of {@link #items()}) has live replicas now: its entry in {@link #current()}, or none. */
    public SortedSet<ReplicaIndex> currentOf(int i) {
        return currentByItem.get().get(i);
    }

    /** Where item {@code i} (of {@link #items()}) can receive requests now: its entry in {@link #available()}. */
    public SortedSet<ReplicaIndex> availableOf(int i) {
        return availableByItem.get().get(i);
    }

    /** {@link #currentOf} for every item, in the order of {@link #items()}. */
    Seq<SortedSet<ReplicaIndex>> currentByItem() {
        return currentByItem.get();
    }

    /**
     * {@link #currentByItem} as each item's increasing index values, for the planner's arrays; the caller must not
     * change them.
     */
    int[][] liveIndexes() {
        return liveIndexes.get();
    }

    /** {@link #availableOf} for every item, in the order of {@link #items()}. */
    Seq<SortedSet<ReplicaIndex>> availableByItem() {
        return availableByItem.get();
    }

    private static Seq<SortedSet<ReplicaIndex>> byItem(Seq<PackingItem> items,
                                                       SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> where) {
        return items.map(item -> where.get(item.version()).getOrElse(TreeSet.empty())).toVector();
    }

    /** The replicas the items want beyond those live now ({@link #current()}), summed over the items. */
    public int lacking() {
        return lacking.get();
    }

    /**
     * The problem of server {@code server} in {@code cluster}: the latest version of every model that is not deleted
     * and is placed on the server, with its desired replica count, on the server's connected replicas.
     *
     * @return the problem, or none if there is no such server
     */
    public static Option<PackingProblem> of(Cluster cluster, ServerName server) {
        return of(cluster, server, true);
    }

    /**
     * The problem of server {@code server} in {@code cluster}, as {@link #of(Cluster, ServerName)}, each replica's
     * capacity its memory request plus its overcommit share when {@code overcommit} holds, its memory request alone
     * when not (for placement that never counts on overcommit, {@link
     * io.modelscale.placement.rule.ReplicaFilters#memoryWithinRequest()}); then a model larger than the request but
     * within the overcommit counts as the whole request, since it goes alone on a replica.
     *
     * @return the problem, or none if there is no such server
     */
    public static Option<PackingProblem> of(Cluster cluster, ServerName server, boolean overcommit) {
        Option<Server> found = cluster.server(server);
        if (found.isEmpty()) {
            return Option.none();
        }
        java.util.ArrayList<ModelVersion> placed = new java.util.ArrayList<>();
        java.util.ArrayList<PackingItem> items = new java.util.ArrayList<>();
        long request = 0;
        long withOvercommit = 0;
        io.modelscale.core.server.ServerReplica[] replicas = new io.modelscale.core.server.ServerReplica[
            found.get().replicas().size()];
        int position = 0;
        for (io.vavr.Tuple2<ReplicaIndex, io.modelscale.core.server.ServerReplica> entry : found.get().replicas()) {
            io.modelscale.core.server.ServerReplica replica = entry._2;
            replicas[position++] = replica;
            request = Math.max(request, replica.memory().totalBytes());
            withOvercommit = Math.max(withOvercommit, replica.memory().capacityBytes());
        }
        int lacking = 0;
        for (io.vavr.Tuple2<io.modelscale.core.model.ModelName, Model> entry : cluster.models()) {
            ModelVersion latest = placedOn(entry._2, server);
            if (latest == null) {
                continue;
            }
            PackingItem item = PackingItem.of(latest.id(), latest.spec());
            if (!overcommit && item.memoryBytes() > request && item.memoryBytes() <= withOvercommit) {
                // larger than a request but within the overcommit: it fills a replica alone, as placement puts it
                item = new PackingItem(item.version(), item.replicas(), request, item.requirements(),
                    item.explainer());
            }
            int live = 0;
            for (io.vavr.Tuple2<ReplicaIndex, io.modelscale.core.model.ReplicaStatus> replica : latest.replicas()) {
                if (live(replica._2.state())) {
                    live++;
                }
            }
            lacking += Math.max(0, item.replicas() - live);
            placed.add(latest);
            items.add(item);
        }
        Lazy<Seq<SortedSet<ReplicaIndex>>> currentByItem = Lazy.of(() -> where(placed, PackingProblem::live));
        Lazy<Seq<SortedSet<ReplicaIndex>>> availableByItem = Lazy.of(() -> where(placed,
            io.modelscale.core.model.ModelReplicaState::canReceiveTraffic));
        Lazy<SortedMap<ModelVersionId, SortedSet<ReplicaIndex>>> current = Lazy.of(() -> map(placed,
            currentByItem.get()));
        Lazy<SortedMap<ModelVersionId, SortedSet<ReplicaIndex>>> available = Lazy.of(() -> map(placed,
            availableByItem.get()));
        Seq<PackingSlot> slots = Vector.of(replicas).map(r ->
            new PackingSlot(r.index(), overcommit ? r.memory().capacityBytes() : r.memory().totalBytes(),
                r.capabilities(), r.draining()));
        int lackingNow = lacking;
        return Option.some(new PackingProblem(server, Vector.ofAll(items), slots, current, available,
            Lazy.of(() -> lackingNow), currentByItem, availableByItem, Lazy.of(() -> liveIndexes(placed)),
            new Source(replicas,
                cluster.models(), placed.toArray(new ModelVersion[0]), overcommit)));
    }

    /**
     * Whether {@link #of(Cluster, ServerName, boolean) of(cluster, server(), overcommit)} would read this very
     * problem again, known without building it: true only when this problem was read from a cluster with the same
     * {@code overcommit}, and {@code cluster} holds the server with replicas alike in index, memory, capabilities and
     * draining, and, among its models that are not deleted, the very same latest versions on the server in the same
     * order (values are immutable, so the same object is the same value). False when anything may differ, or when this problem was not read from a cluster.
     * For a policy that keeps what it worked out from the last stats period's problem.
     */
    public boolean sameAs(Cluster cluster, boolean overcommit) {
        Objects.requireNonNull(cluster, "cluster");
        if (source == null || source.overcommit() != overcommit) {
            return false;
        }
        Option<Server> found = cluster.server(server);
        if (found.isEmpty() || !source.sameReplicas(found.get())) {
            return false;
        }
        if (cluster.models() == source.models()) {
            return true;
        }
        ModelVersion[] placed = source.placed();
        int next = 0;
        for (io.vavr.Tuple2<io.modelscale.core.model.ModelName, Model> entry : cluster.models()) {
            ModelVersion latest = placedOn(entry._2, server);
            if (latest == null) {
                continue;
            }
            if (next == placed.length || placed[next] != latest) {
                return false;
            }
            next++;
        }
        return next == placed.length;
    }

    /** The model's latest version if the model is not deleted and that version is placed on {@code server}. */
    private static ModelVersion placedOn(Model model, ServerName server) {
        ModelVersion latest = model.latest();
        return model.deleted() || !latest.server().contains(server) ? null : latest;
    }

    private static boolean live(io.modelscale.core.model.ModelReplicaState state) {
        return state.isLoadingOrLoaded() || state.canReceiveTraffic();
    }

    /** Each version's live replicas as increasing index values, read straight from its replicas. */
    private static int[][] liveIndexes(java.util.List<ModelVersion> placed) {
        int[][] live = new int[placed.size()][];
        int[] buffer = new int[16];
        for (int i = 0; i < live.length; i++) {
            int n = 0;
            for (io.vavr.Tuple2<ReplicaIndex, io.modelscale.core.model.ReplicaStatus> replica
                : placed.get(i).replicas()) {
                if (live(replica._2.state())) {
                    if (n == buffer.length) {
                        buffer = java.util.Arrays.copyOf(buffer, n * 2);
                    }
                    buffer[n++] = replica._1.value();
                }
            }
            live[i] = java.util.Arrays.copyOf(buffer, n);
        }
        return live;
    }

    private static Seq<SortedSet<ReplicaIndex>> where(
        java.util.List<ModelVersion> placed, java.util.function.Predicate<io.modelscale.core.model.ModelReplicaState> in) {
        java.util.ArrayList<SortedSet<ReplicaIndex>> where = new java.util.ArrayList<>(placed.size());
        for (ModelVersion version : placed) {
            where.add(TreeSet.ofAll(version.replicas().filter(e -> in.test(e._2.state())).keySet()));
        }
        return Vector.ofAll(where);
    }

    private static SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> map(java.util.List<ModelVersion> placed,
                                                                         Seq<SortedSet<ReplicaIndex>> where) {
        SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> map = TreeMap.empty();
        for (int i = 0; i < placed.size(); i++) {
            map = map.put(placed.get(i).id(), where.get(i));
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PackingProblem that && server.equals(that.server) && items.equals(that.items)
            && slots.equals(that.slots) && current().equals(that.current()) && available().equals(that.available());
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, items, slots, current(), available());
    }

    @Override
    public String toString() {
        return "PackingProblem[server=" + server + ", items=" + items + ", slots=" + slots + ", current=" + current()
            + ", available=" + available() + "]";
    }

    /** The same models on other slots. */
    public PackingProblem withSlots(Seq<PackingSlot> newSlots) {
        return new PackingProblem(server, items, newSlots, current, available, lacking, currentByItem,
            availableByItem, liveIndexes, null);
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
