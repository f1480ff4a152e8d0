package io.modelscale.placement;

import io.modelscale.core.server.ServerName;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * A server that passed the server filters but had too few eligible replicas: how many it had, and why each of the
 * others was rejected.
 *
 * @param server   the server
 * @param eligible how many of its replicas passed every replica filter
 * @param rejected every other replica, with the filter that rejected it
 */
public record ServerShortfall(ServerName server, int eligible, Seq<ReplicaRejection> rejected) {

    public ServerShortfall {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(rejected, "rejected");
    }

    /** One line naming the server, its eligible count and each rejected replica. */
    public String describe() {
        return server + ": " + eligible + " eligible" + (rejected.isEmpty() ? ""
            : "; " + rejected.map(ReplicaRejection::describe).mkString("; "));
    }
}
