package io.modelscale.core.server;

import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A server: its spec and its connected replicas by ordinal.
 *
 * @param spec     what the Server resource declares
 * @param replicas the connected replicas, keyed by their own index
 */
public record Server(ServerSpec spec, SortedMap<ReplicaIndex, ServerReplica> replicas) {

    public Server {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(replicas, "replicas");
        replicas.forEach((index, replica) -> {
            if (!replica.index().equals(index)) {
                throw new IllegalArgumentException("server " + spec.name() + " lists replica " + replica.index()
                    + " under index " + index);
            }
        });
    }

    /** A server with no replicas connected yet. */
    public static Server of(ServerSpec spec) {
        return new Server(spec, TreeMap.empty());
    }

    /** The server's name. */
    public ServerName name() {
        return spec.name();
    }

    /** Replica {@code index}, if connected. */
    public Option<ServerReplica> replica(ReplicaIndex index) {
        return replicas.get(index);
    }

    /** The same server with {@code replica} added or replaced. */
    public Server withReplica(ServerReplica replica) {
        return new Server(spec, replicas.put(replica.index(), replica));
    }

    /** The same server without replica {@code index}. */
    public Server withoutReplica(ReplicaIndex index) {
        return new Server(spec, replicas.remove(index));
    }

    /** The same server with another spec. */
    public Server withSpec(ServerSpec newSpec) {
        if (!newSpec.name().equals(spec.name())) {
            throw new IllegalArgumentException("cannot rename server " + spec.name() + " to " + newSpec.name());
        }
        return new Server(newSpec, replicas);
    }
}
