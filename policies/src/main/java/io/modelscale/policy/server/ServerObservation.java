package io.modelscale.policy.server;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.policy.model.Signals;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Everything a server policy may read when it decides for one server: the time, what asked, the server and the
 * cluster it belongs to, every model's serving signals, when the control loop last changed the server's replica
 * count, and the randomness a policy that draws (Seldon's packing chance) draws from.
 *
 * @param now        the time of the decision
 * @param trigger    why the policy is asked now
 * @param server     the server decided on
 * @param cluster    the whole cluster, as it is when the policy is asked
 * @param signals    every model's serving signals for the last period; none outside a stats period
 * @param lastScaled when the control loop last changed this server's replica count, if it has
 * @param random     the only randomness a policy may use; deterministic policies never draw from it
 */
public record ServerObservation(Instant now, ServerTrigger trigger, Server server, Cluster cluster, Signals signals,
                                Option<Instant> lastScaled, RandomGenerator random) {

    public ServerObservation {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(lastScaled, "lastScaled");
        Objects.requireNonNull(random, "random");
    }

    /** The server's name. */
    public ServerName name() {
        return server.name();
    }

    /** The server's scaling spec. */
    public ScalingSpec scaling() {
        return server.spec().scaling();
    }

    /**
     * The replica count the server is expected to run: the count last asked of it, or its connected replicas while
     * none is known.
     */
    public int expectedReplicas() {
        return server.spec().expectedReplicas().count().getOrElse(server.replicas().size());
    }
}
