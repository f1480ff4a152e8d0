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
 * @param initial               how the run starts: cold or warm ({@link InitialState})
 * @param warmup                how long the run goes before anything is measured; shorter than the duration
 * @param modelLoadPerGi        how much longer a model replica takes to load per GiB of its memory, on top of
 *                              {@code modelLoad} (zero: every model loads in {@code modelLoad})
 * @param serving               how requests are routed to model replicas and share a server replica
 */
public record Settings(Instant start, Duration duration, Duration statsPeriod, Duration serverStartup,
                       Duration modelLoad, Duration modelUnload, int concurrencyPerReplica, Duration slo,
                       Duration flipFlopWindow, double replicaFailuresPerHour, InitialState initial, Duration warmup,
                       Duration modelLoadPerGi, ServingModel serving) {

    /** How a run starts. */
    public enum InitialState {
        /**
         * Every model at its spec's replicas (its minimum unless the manifest says more, or its status's count in a
         * cluster snapshot) and every server at its spec's replicas: a cluster just deployed.
         */
        COLD,
        /**
         * Every model sized to its first stats period's demand (the replicas its concurrency needs for the requests
         * that arrive then, within its bounds) and every server at the lower bound of what it then hosts (within its
         * bounds): a cluster that has been running under this traffic.
         */
        WARM,
        /** Models as for {@link #WARM}, servers at their spec's replicas: a chosen server size under warm models. */
        WARM_MODELS
    }

    /** Settings with the simple serving model. */
    public Settings(Instant start, Duration duration, Duration statsPeriod, Duration serverStartup,
                    Duration modelLoad, Duration modelUnload, int concurrencyPerReplica, Duration slo,
                    Duration flipFlopWindow, double replicaFailuresPerHour, InitialState initial, Duration warmup,
                    Duration modelLoadPerGi) {
        this(start, duration, statsPeriod, serverStartup, modelLoad, modelUnload, concurrencyPerReplica, slo,
            flipFlopWindow, replicaFailuresPerHour, initial, warmup, modelLoadPerGi, ServingModel.simple());
    }

    /** Settings in which every model loads in {@code modelLoad}, whatever its size. */
    public Settings(Instant start, Duration duration, Duration statsPeriod, Duration serverStartup,
                    Duration modelLoad, Duration modelUnload, int concurrencyPerReplica, Duration slo,
                    Duration flipFlopWindow, double replicaFailuresPerHour, InitialState initial, Duration warmup) {
        this(start, duration, statsPeriod, serverStartup, modelLoad, modelUnload, concurrencyPerReplica, slo,
            flipFlopWindow, replicaFailuresPerHour, initial, warmup, Duration.ZERO);
    }

    /** Settings of a cold start measured from the first instant. */
    public Settings(Instant start, Duration duration, Duration statsPeriod, Duration serverStartup,
                    Duration modelLoad, Duration modelUnload, int concurrencyPerReplica, Duration slo,
                    Duration flipFlopWindow, double replicaFailuresPerHour) {
        this(start, duration, statsPeriod, serverStartup, modelLoad, modelUnload, concurrencyPerReplica, slo,
            flipFlopWindow, replicaFailuresPerHour, InitialState.COLD, Duration.ZERO);
    }

    public Settings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(serving, "serving");
        for (Duration d : new Duration[] {duration, statsPeriod, serverStartup, modelLoad, modelUnload, slo,
            flipFlopWindow, warmup, modelLoadPerGi}) {
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
        if (warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("warmup must be shorter than the duration, got " + warmup + " of "
                + duration);
        }
        if (concurrencyPerReplica < 1) {
            throw new IllegalArgumentException("concurrencyPerReplica must be at least 1, got " + concurrencyPerReplica);
        }
    }

    /** The same settings with another start. */
    public Settings withInitial(InitialState other) {
        return new Settings(start, duration, statsPeriod, serverStartup, modelLoad, modelUnload, concurrencyPerReplica,
            slo, flipFlopWindow, replicaFailuresPerHour, other, warmup, modelLoadPerGi, serving);
    }

    /** The same settings over another window: starting at {@code otherStart} and lasting {@code otherDuration}. */
    public Settings withWindow(Instant otherStart, Duration otherDuration) {
        return new Settings(otherStart, otherDuration, statsPeriod, serverStartup, modelLoad, modelUnload,
            concurrencyPerReplica, slo, flipFlopWindow, replicaFailuresPerHour, initial, warmup, modelLoadPerGi,
            serving);
    }

    /** The same settings with another warm-up. */
    public Settings withWarmup(Duration other) {
        return new Settings(start, duration, statsPeriod, serverStartup, modelLoad, modelUnload, concurrencyPerReplica,
            slo, flipFlopWindow, replicaFailuresPerHour, initial, other, modelLoadPerGi, serving);
    }

    /** The same settings with another serving model. */
    public Settings withServing(ServingModel other) {
        return new Settings(start, duration, statsPeriod, serverStartup, modelLoad, modelUnload, concurrencyPerReplica,
            slo, flipFlopWindow, replicaFailuresPerHour, initial, warmup, modelLoadPerGi, other);
    }

    /**
     * How long a model replica of {@code bytes} takes to load: {@code modelLoad + modelLoadPerGi × bytes / 1 GiB},
     * in microseconds, saturating.
     */
    public long loadMicros(long bytes) {
        long base = modelLoad.toNanos() / 1_000L;
        if (modelLoadPerGi.isZero() || bytes <= 0) {
            return base;
        }
        double extra = (double) (modelLoadPerGi.toNanos() / 1_000L) * bytes / (1L << 30);
        double total = base + extra;
        return total >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : Math.round(total);
    }
}
