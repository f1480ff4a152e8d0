package io.modelscale.simulation.trace;

/** A stream of requests in arrival order, read lazily. */
public interface RequestSource {

    /**
     * Fills {@code into} with the next request.
     *
     * @return {@code false} when the trace is exhausted (and {@code into} is unchanged)
     */
    boolean next(Request into);

    /**
     * How this stream's service times are drawn, one line per kind of source (for a report's setup); empty when the
     * source does not say.
     */
    default io.vavr.collection.Seq<String> serviceTimes() {
        return io.vavr.collection.List.empty();
    }
}
