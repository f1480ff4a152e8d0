package io.modelscale.core.server;

import io.vavr.collection.Iterator;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.util.Comparator;
import java.util.Objects;

/**
 * A server: its spec and its connected replicas by ordinal.
 *
 * <p>A server also keeps its replicas ordered by free memory (most first, then lowest index), updated in
 * {@code O(log n)} by {@link #withReplica} and {@link #withoutReplica}, so that placement can find the replicas with
 * the most room without sorting all of them. That index is why this value is a class rather than a record; equality
 * is that of the spec and the replicas.
 */
public final class Server {

    private static final Comparator<FreeSlot> MOST_FREE_FIRST = Comparator
        .comparingLong(FreeSlot::freeBytes).reversed()
        .thenComparing(FreeSlot::index);

    private final ServerSpec spec;
    private final SortedMap<ReplicaIndex, ServerReplica> replicas;
    private final SortedSet<FreeSlot> byFreeMemory;

    /**
     * A server with the given replicas.
     *
     * @param spec     what the Server resource declares
     * @param replicas the connected replicas, each keyed by its own index
     */
    public Server(ServerSpec spec, SortedMap<ReplicaIndex, ServerReplica> replicas) {
        this(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(replicas, "replicas"),
            TreeSet.ofAll(MOST_FREE_FIRST, replicas.values().map(FreeSlot::of)));
        replicas.forEach((index, replica) -> {
            if (!replica.index().equals(index)) {
                throw new IllegalArgumentException("server " + spec.name() + " lists replica " + replica.index()
                    + " under index " + index);
            }
        });
    }

    private Server(ServerSpec spec, SortedMap<ReplicaIndex, ServerReplica> replicas, SortedSet<FreeSlot> byFree) {
        this.spec = spec;
        this.replicas = replicas;
        this.byFreeMemory = byFree;
    }

    /** A server with no replicas connected yet. */
    public static Server of(ServerSpec spec) {
        return new Server(spec, TreeMap.empty());
    }

    /** What the Server resource declares. */
    public ServerSpec spec() {
        return spec;
    }

    /** The connected replicas by index. */
    public SortedMap<ReplicaIndex, ServerReplica> replicas() {
        return replicas;
    }

    /** The server's name. */
    public ServerName name() {
        return spec.name();
    }

    /** Replica {@code index}, if connected. */
    public Option<ServerReplica> replica(ReplicaIndex index) {
        return replicas.get(index);
    }

    /**
     * The connected replicas, lazily, in order of free memory ({@link ServerReplica#freeMemoryBytes()}), most first,
     * then by lowest index. Taking the first {@code k} costs {@code O(k + log n)}.
     */
    public Iterator<ServerReplica> replicasByFreeMemory() {
        return byFreeMemory.iterator().map(slot -> replicas.get(slot.index()).get());
    }

    /** The same server with {@code replica} added or replaced. */
    public Server withReplica(ServerReplica replica) {
        SortedSet<FreeSlot> index = replicas.get(replica.index())
            .map(old -> byFreeMemory.remove(FreeSlot.of(old)))
            .getOrElse(byFreeMemory);
        return new Server(spec, replicas.put(replica.index(), replica), index.add(FreeSlot.of(replica)));
    }

    /** The same server without replica {@code index}. */
    public Server withoutReplica(ReplicaIndex index) {
        Option<ServerReplica> old = replicas.get(index);
        if (old.isEmpty()) {
            return this;
        }
        return new Server(spec, replicas.remove(index), byFreeMemory.remove(FreeSlot.of(old.get())));
    }

    /** The same server with another spec. */
    public Server withSpec(ServerSpec newSpec) {
        if (!newSpec.name().equals(spec.name())) {
            throw new IllegalArgumentException("cannot rename server " + spec.name() + " to " + newSpec.name());
        }
        return new Server(newSpec, replicas, byFreeMemory);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Server server && spec.equals(server.spec) && replicas.equals(server.replicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, replicas);
    }

    @Override
    public String toString() {
        return "Server[spec=" + spec + ", replicas=" + replicas + "]";
    }

    private record FreeSlot(long freeBytes, ReplicaIndex index) {
        static FreeSlot of(ServerReplica replica) {
            return new FreeSlot(replica.freeMemoryBytes(), replica.index());
        }
    }
}
