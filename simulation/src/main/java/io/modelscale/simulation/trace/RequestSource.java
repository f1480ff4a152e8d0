package io.modelscale.simulation.trace;

/** A stream of requests in arrival order, read lazily. */
public interface RequestSource {

    /**
     * Fills {@code into} with the next request.
     *
     * @return {@code false} when the trace is exhausted (and {@code into} is unchanged)
     */
    boolean next(Request into);
}
