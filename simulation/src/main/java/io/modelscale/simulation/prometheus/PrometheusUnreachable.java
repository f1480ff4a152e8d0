package io.modelscale.simulation.prometheus;

/**
 * Prometheus could not be reached or did not answer in time while a scenario was being read: the command line exits
 * with 3 and this message, as for {@code --prometheus}.
 */
public final class PrometheusUnreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problem, prefixed with where in the scenario the server was named. */
    public PrometheusUnreachable(String message) {
        super(message, null, false, false);
    }
}
