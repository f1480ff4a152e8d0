package io.modelscale.placement;

import io.modelscale.core.server.ServerName;
import java.util.Objects;

/**
 * A server that could not take the model at all: which server filter rejected it and why.
 *
 * @param server the server
 * @param filter the rejecting filter's name
 * @param reason why
 */
public record ServerRejection(ServerName server, String filter, String reason) {

    public ServerRejection {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line: {@code server1: DeletedServerFilter: server is being deleted ...}. */
    public String describe() {
        return server + ": " + filter + ": " + reason;
    }
}
