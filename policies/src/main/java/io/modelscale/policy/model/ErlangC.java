package io.modelscale.policy.model;

/**
 * Erlang's delay formula for a queue served by {@code c} identical servers with Poisson arrivals and exponential
 * service (M/M/c): the share of arrivals that wait, the share that wait longer than a given time, and the fewest
 * servers that keep that share under a target. Loads are in Erlangs (arrival rate × mean service time); waits are in
 * units of the mean service time.
 *
 * <p>{@code C(c, a)} is computed from Erlang's loss formula by its recurrence {@code B(0) = 1},
 * {@code B(k) = a·B(k-1) / (k + a·B(k-1))}, then {@code C = c·B / (c - a·(1 - B))}, which stays within double
 * precision for any number of servers; the tail is {@code P(W > t) = C(c, a)·exp(-(c - a)·t)} with {@code t} in mean
 * service times. (Kleinrock, <i>Queueing Systems</i> vol. 1, §3.5.) {@link StrictMath} keeps every answer the same
 * on every JVM, so that a sweep's shards agree to the bit.
 */
public final class ErlangC {

    /** Loads above this many Erlangs are beyond any cluster: {@link #serversFor} answers without counting. */
    public static final double LARGEST_LOAD = 10_000_000;

    private ErlangC() {
    }

    /**
     * The share of arrivals that wait for a server: {@code C(c, a)}; 0 without load, else 1 when the load is at or
     * above the servers ({@code a >= c}), where the queue grows without bound.
     *
     * @param servers the servers, zero or more
     * @param load    the offered load in Erlangs, finite and zero or more
     */
    public static double waitProbability(int servers, double load) {
        checkLoad(load);
        if (servers < 0) {
            throw new IllegalArgumentException("servers must not be negative, got " + servers);
        }
        if (load == 0) {
            return 0;
        }
        if (load >= servers) {
            return 1;
        }
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = load * b / (k + load * b);
        }
        return delayFromLoss(servers, load, b);
    }

    /**
     * The share of arrivals that wait longer than {@code wait} mean service times: {@code C(c, a)·exp(-(c - a)·t)};
     * 1 when the load is at or above the servers.
     *
     * @param servers the servers, zero or more
     * @param load    the offered load in Erlangs, finite and zero or more
     * @param wait    the wait in mean service times, finite and zero or more
     */
    public static double waitLongerThan(int servers, double load, double wait) {
        checkWait(wait);
        double waits = waitProbability(servers, load);
        return waits >= 1 ? 1 : waits * StrictMath.exp(-(servers - load) * wait);
    }

    /**
     * The fewest servers for which at most {@code missShare} of arrivals wait longer than {@code wait} mean service
     * times: 0 for no load; {@link Integer#MAX_VALUE} for a load above {@link #LARGEST_LOAD}.
     *
     * @param load      the offered load in Erlangs, finite and zero or more
     * @param wait      the wait target in mean service times, finite and zero or more
     * @param missShare the share of arrivals allowed to wait longer, in (0, 1)
     */
    public static int serversFor(double load, double wait, double missShare) {
        checkLoad(load);
        checkWait(wait);
        if (!(missShare > 0 && missShare < 1)) {
            throw new IllegalArgumentException("missShare must be in (0, 1), got " + missShare);
        }
        if (load == 0) {
            return 0;
        }
        if (load > LARGEST_LOAD) {
            return Integer.MAX_VALUE;
        }
        // B(k) up to the first k above the load, then one step of the recurrence per server tried: the tail falls as
        // servers are added, so the first count that meets the target is the fewest.
        int servers = (int) Math.floor(load) + 1;
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = load * b / (k + load * b);
        }
        while (delayFromLoss(servers, load, b) * StrictMath.exp(-(servers - load) * wait) > missShare) {
            servers++;
            b = load * b / (servers + load * b);
        }
        return servers;
    }

    private static double delayFromLoss(int servers, double load, double loss) {
        return servers * loss / (servers - load * (1 - loss));
    }

    private static void checkLoad(double load) {
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("load must be a finite number of Erlangs, zero or more, got " + load);
        }
    }

    private static void checkWait(double wait) {
        if (!(wait >= 0) || Double.isInfinite(wait)) {
            throw new IllegalArgumentException("wait must be a finite number of service times, zero or more, got "
                + wait);
        }
    }
}
