package io.modelscale.simulation.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a run proceeds.
 *
 * @param start                 the wall-clock time of the first instant, handed to the library as {@code now}
 * @param duration              how much simulated time to run
 * @param statsPeriod           how often lag is evaluated and periodic policies run
 * @param serverStartup         how long a new server replica takes to connect
 * @param modelLoad             how long a model replica takes to load
 * @param modelUnload           how long a model replica takes to unload
 * @param concurrencyPerReplica requests one model replica serves at once
 * @param slo                   the waiting time above which a request counts as late
 * @param flipFlopWindow        a reversal of a scaling direction within this time counts as a flip-flop
 * @param replicaFailuresPerHour how often a running server replica fails, across the cluster, per hour (0 for
 *                              never); a failed replica loses its models and restarts after the start-up delay
 */
public record Settings(Instant start, Duration duration, Duration statsPeriod, Duration serverStartup,
                       Duration modelLoad, Duration modelUnload, int concurrencyPerReplica, Duration slo,
                       Duration flipFlopWindow, double replicaFailuresPerHour) {

    public Settings {
        Objects.requireNonNull(start, "start");
        for (Duration d : new Duration[] {duration, statsPeriod, serverStartup, modelLoad, modelUnload, slo,
            flipFlopWindow}) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative, got " + d);
            }
        }
        if (statsPeriod.isZero() || duration.isZero()) {
            throw new IllegalArgumentException("duration and statsPeriod must be positive");
        }
        if (!(replicaFailuresPerHour >= 0) || Double.isInfinite(replicaFailuresPerHour)) {
            throw new IllegalArgumentException("replicaFailuresPerHour must be zero or more, got "
                + replicaFailuresPerHour);
        }
        if (concurrencyPerReplica < 1) {
            throw new IllegalArgumentException("concurrencyPerReplica must be at least 1, got " + concurrencyPerReplica);
        }
    }
}
