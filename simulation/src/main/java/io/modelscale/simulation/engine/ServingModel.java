package io.modelscale.simulation.engine;

import java.util.Objects;

/**
 * How requests are routed to model replicas and share a server replica.
 *
 * <ul>
 *   <li>{@link Routing#POOLED}: one first-in first-out queue per model over all its serving replicas, each serving
 *       up to the concurrency per replica at full speed, whatever else its server replica serves (the simple
 *       model).</li>
 *   <li>{@link Routing#LEAST_REQUEST} and {@link Routing#ROUND_ROBIN}: each request is sent on arrival to one of the
 *       model's serving replicas, the one with the fewest outstanding requests (ties to the server replica the run met first)
 *       or the next in turn, and waits in that replica's own queue; a request for a model with no serving replica
 *       waits for one, and requests queued on a replica that stops serving are sent again.</li>
 * </ul>
 * Under either per-replica routing, the requests in service on one server replica, of every model it holds, share
 * its speed as continuous batching does: with {@code n} in service each progresses at {@code 1 / (1 + (n − 1) /
 * (halfSpeedBatch − 1))} of full speed, so a batch of {@code halfSpeedBatch} runs at half speed (the Splitwise paper
 * measures about that for the token phase at a batch of 64), and the replica's throughput levels off towards
 * {@code halfSpeedBatch − 1} requests' worth. {@code halfSpeedBatch} 0 means no slowdown.
 *
 * <p>With {@code evictLeastRecentlyUsed}, a server replica holds in memory only what its main memory (the server's
 * memory request, without overcommit) can: when a model loads there, or an evicted one must be reloaded, the
 * least-recently-used models with nothing in service or queued there are evicted until it fits, as Seldon's agent
 * does; an evicted model stays placed (the scheduler still counts it) and a request sent to it waits while it loads
 * again, taking the model's load time ({@link Settings#loadMicros}). A model is used when a request is sent to it.
 * Without it, overcommit is free: every placed model stays in memory.
 *
 * @param routing                how requests reach replicas
 * @param halfSpeedBatch         the requests in service on one server replica at which each runs at half speed; 0
 *                               for none, else 2 to 100,000
 * @param evictLeastRecentlyUsed whether models beyond a server replica's main memory are evicted and reloaded on
 *                               demand; needs per-replica routing
 */
public record ServingModel(Routing routing, int halfSpeedBatch, boolean evictLeastRecentlyUsed) {

    /** The most requests at half speed a server replica may be given. */
    public static final int MAX_HALF_SPEED_BATCH = 100_000;

    public ServingModel {
        Objects.requireNonNull(routing, "routing");
        if (halfSpeedBatch != 0 && (halfSpeedBatch < 2 || halfSpeedBatch > MAX_HALF_SPEED_BATCH)) {
            throw new IllegalArgumentException("halfSpeedBatch must be 0 (no slowdown) or 2 to "
                + MAX_HALF_SPEED_BATCH + ", got " + halfSpeedBatch);
        }
        if (routing == Routing.POOLED && halfSpeedBatch != 0) {
            throw new IllegalArgumentException("pooled routing does not know the server replica a request runs on:"
                + " halfSpeedBatch needs leastRequest or roundRobin routing");
        }
        if (routing == Routing.POOLED && evictLeastRecentlyUsed) {
            throw new IllegalArgumentException("pooled routing does not know the server replica a request runs on:"
                + " eviction needs leastRequest or roundRobin routing");
        }
    }

    /** Routing and slowdown, with overcommit free (nothing evicted). */
    public ServingModel(Routing routing, int halfSpeedBatch) {
        this(routing, halfSpeedBatch, false);
    }

    /** The simple model: pooled queues, no slowdown, nothing evicted. */
    public static ServingModel simple() {
        return new ServingModel(Routing.POOLED, 0, false);
    }

    /** Whether requests are routed to replicas one by one. */
    public boolean perReplica() {
        return routing != Routing.POOLED;
    }

    /** The speed of each of {@code n} requests in service on one server replica, as a fraction of full speed. */
    public double speed(int n) {
        return halfSpeedBatch == 0 || n <= 1 ? 1.0 : 1.0 / (1.0 + (n - 1.0) / (halfSpeedBatch - 1.0));
    }

    /** One line for a report. */
    public String describe() {
        return switch (routing) {
            case POOLED -> "one queue per model over its replicas, no contention between models";
            case LEAST_REQUEST, ROUND_ROBIN -> (routing == Routing.LEAST_REQUEST
                ? "each request to the replica with the fewest outstanding requests"
                : "requests to replicas in turn") + ", queued per replica, "
                + (halfSpeedBatch == 0 ? "no slowdown when a server replica serves many"
                : "each of a server replica's requests at half speed when " + halfSpeedBatch + " run at once")
                + (evictLeastRecentlyUsed ? ", least-recently-used models evicted beyond a server replica's memory and"
                + " reloaded when a request comes" : "");
        };
    }

    /** How requests reach model replicas. */
    public enum Routing {
        /** One queue per model over all its replicas. */
        POOLED,
        /** To the replica with the fewest outstanding requests, as Envoy's least-request balancer aims to. */
        LEAST_REQUEST,
        /** To each replica in turn. */
        ROUND_ROBIN
    }
}
