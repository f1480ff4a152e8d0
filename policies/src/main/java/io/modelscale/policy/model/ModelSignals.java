package io.modelscale.policy.model;

import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the serving side reports about one model since the last stats period: the numbers every model policy may
 * read. A control plane fills it from its router or its metrics; the simulator from its queues.
 *
 * @param inFlight              requests being served now
 * @param queued                requests waiting for a free slot now
 * @param fewestOutstanding     the fewest requests outstanding (in flight plus queued) at any moment since the
 *                              last period, at most {@code inFlight + queued}; Seldon's agents reset their lag
 *                              counter when it fires, and this is what lets a policy follow that counter from
 *                              outside (a router that cannot say gives the current count)
 * @param arrivalsPerSecond     requests that arrived per second over the last period
 * @param meanServiceTime       the mean time a request took to serve over the last period, if any finished
 * @param lastRequest           when the last request arrived, if one has
 * @param concurrencyPerReplica requests one replica serves at once (MLServer's parallel workers, Triton's instance
 *                              count), at least 1
 * @param perReplica            the requests outstanding on each replica, when the router routes to replicas and can
 *                              say ({@link ReplicaOutstanding}: replicas with nothing outstanding now left
 *                              out); none when it cannot, and a policy then spreads the totals evenly
 * @param outstandingPerSecond  the mean requests outstanding in each second of the last period, oldest first, the
 *                              last ending now (Knative's one-second buckets), when the serving side can say; each
 *                              finite and zero or more
 */
public record ModelSignals(long inFlight, long queued, long fewestOutstanding, double arrivalsPerSecond,
                           Option<Duration> meanServiceTime, Option<Instant> lastRequest,
                           int concurrencyPerReplica, Option<Seq<ReplicaOutstanding>> perReplica,
                           Option<Seq<Double>> outstandingPerSecond) {

    /** Signals without per-replica counts or per-second averages. */
    public ModelSignals(long inFlight, long queued, long fewestOutstanding, double arrivalsPerSecond,
                        Option<Duration> meanServiceTime, Option<Instant> lastRequest, int concurrencyPerReplica) {
        this(inFlight, queued, fewestOutstanding, arrivalsPerSecond, meanServiceTime, lastRequest,
            concurrencyPerReplica, Option.none(), Option.none());
    }

    public ModelSignals {
        if (inFlight >= 0 && queued >= 0 && inFlight > Long.MAX_VALUE - queued) {
            throw new IllegalArgumentException("inFlight + queued must fit a long (at most " + Long.MAX_VALUE
                + "), got " + inFlight + " and " + queued);
        }
        Objects.requireNonNull(meanServiceTime, "meanServiceTime");
        Objects.requireNonNull(lastRequest, "lastRequest");
        Objects.requireNonNull(perReplica, "perReplica");
        Objects.requireNonNull(outstandingPerSecond, "outstandingPerSecond");
        if (outstandingPerSecond.isDefined() && !PerSecond.finiteNonNegative(outstandingPerSecond.get())) {
            throw new IllegalArgumentException("outstandingPerSecond must hold finite numbers, zero or more, got "
                + outstandingPerSecond.get());
        }
        if (perReplica.isDefined()) {
            long onReplicas = 0;
            java.util.Set<io.modelscale.core.server.ServerReplicaId> seen = perReplica.get().size() > 1
                ? new java.util.HashSet<>() : null;
            for (ReplicaOutstanding replica : perReplica.get()) {
                onReplicas += replica.outstanding();
                if (seen != null && !seen.add(replica.replica())) {
                    throw new IllegalArgumentException("perReplica lists " + replica.replica()
                        + " twice: expected one count per replica");
                }
            }
            if (onReplicas > inFlight + queued) {
                throw new IllegalArgumentException("the replicas' outstanding requests add up to " + onReplicas
                    + ", more than the model's " + (inFlight + queued));
            }
        }
        if (inFlight < 0 || queued < 0) {
            throw new IllegalArgumentException("inFlight and queued must not be negative, got " + inFlight + " and "
                + queued);
        }
        if (fewestOutstanding < 0 || fewestOutstanding > inFlight + queued) {
            throw new IllegalArgumentException("fewestOutstanding must be in [0, inFlight + queued = "
                + (inFlight + queued) + "], got " + fewestOutstanding);
        }
        if (!(arrivalsPerSecond >= 0) || Double.isInfinite(arrivalsPerSecond)) {
            throw new IllegalArgumentException("arrivalsPerSecond must be a finite number, zero or more, got "
                + arrivalsPerSecond);
        }
        if (meanServiceTime.exists(Duration::isNegative)) {
            throw new IllegalArgumentException("meanServiceTime must not be negative, got " + meanServiceTime.get());
        }
        if (concurrencyPerReplica < 1) {
            throw new IllegalArgumentException("concurrencyPerReplica must be at least 1, got "
                + concurrencyPerReplica);
        }
    }

    /** No traffic at all: nothing in flight or queued, no arrivals, no request yet, one request per replica. */
    public static ModelSignals idle() {
        return new ModelSignals(0, 0, 0, 0, Option.none(), Option.none(), 1);
    }

    /**
     * Traffic as a router sees it now: {@code inFlight} and {@code queued} requests, arriving at
     * {@code arrivalsPerSecond}; nothing else known, one request per replica.
     */
    public static ModelSignals of(long inFlight, long queued, double arrivalsPerSecond) {
        return new ModelSignals(inFlight, queued, inFlight + queued, arrivalsPerSecond, Option.none(), Option.none(),
            1);
    }

    /** Requests in flight or queued. */
    public long outstanding() {
        return inFlight + queued;
    }

    /** The same signals with the time of the last request. */
    public ModelSignals withLastRequest(Instant at) {
        return new ModelSignals(inFlight, queued, fewestOutstanding, arrivalsPerSecond, meanServiceTime,
            Option.some(at), concurrencyPerReplica, perReplica, outstandingPerSecond);
    }

    /** The same signals with the requests one replica serves at once. */
    public ModelSignals withConcurrencyPerReplica(int concurrency) {
        return new ModelSignals(inFlight, queued, fewestOutstanding, arrivalsPerSecond, meanServiceTime, lastRequest,
            concurrency, perReplica, outstandingPerSecond);
    }

    /** The same signals with the mean service time of the last period. */
    public ModelSignals withMeanServiceTime(Duration mean) {
        return new ModelSignals(inFlight, queued, fewestOutstanding, arrivalsPerSecond, Option.some(mean),
            lastRequest, concurrencyPerReplica, perReplica, outstandingPerSecond);
    }

    /** The same signals with the fewest requests outstanding since the last period. */
    public ModelSignals withFewestOutstanding(long fewest) {
        return new ModelSignals(inFlight, queued, fewest, arrivalsPerSecond, meanServiceTime, lastRequest,
            concurrencyPerReplica, perReplica, outstandingPerSecond);
    }

    /** The same signals with the requests outstanding on each replica. */
    public ModelSignals withPerReplica(Seq<ReplicaOutstanding> replicas) {
        return new ModelSignals(inFlight, queued, fewestOutstanding, arrivalsPerSecond, meanServiceTime, lastRequest,
            concurrencyPerReplica, Option.some(replicas), outstandingPerSecond);
    }

    /** The same signals with the mean requests outstanding in each second of the last period. */
    public ModelSignals withOutstandingPerSecond(Seq<Double> seconds) {
        return new ModelSignals(inFlight, queued, fewestOutstanding, arrivalsPerSecond, meanServiceTime, lastRequest,
            concurrencyPerReplica, perReplica, Option.some(seconds));
    }
}
