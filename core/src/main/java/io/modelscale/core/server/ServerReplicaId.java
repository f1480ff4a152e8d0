package io.modelscale.core.server;

import java.util.Comparator;
import java.util.Objects;

/**
 * One server replica in a cluster: its server and its ordinal, ordered by server name then ordinal.
 *
 * @param server the server
 * @param index  the replica's ordinal
 */
public record ServerReplicaId(ServerName server, ReplicaIndex index) implements Comparable<ServerReplicaId> {

    private static final Comparator<ServerReplicaId> ORDER =
        Comparator.comparing(ServerReplicaId::server).thenComparing(ServerReplicaId::index);

    public ServerReplicaId {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(index, "index");
    }

    /** Replica {@code index} of server {@code server}. */
    public static ServerReplicaId of(String server, int index) {
        return new ServerReplicaId(ServerName.of(server), ReplicaIndex.of(index));
    }

    @Override
    public int compareTo(ServerReplicaId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return server + "/" + index;
    }
}
