package io.modelscale.simulation.prometheus;

import java.util.Objects;

/**
 * Why reading Prometheus gave nothing usable: what was asked, and what came back.
 *
 * @param kind    what went wrong
 * @param message one or more lines for the user, naming the server, the query and the answer
 */
public record PrometheusProblem(Kind kind, String message) {

    /** What went wrong; {@link #UNREACHABLE} and {@link #TIMEOUT} are the server's state, the rest bad input. */
    public enum Kind {
        /** No connection could be made. */
        UNREACHABLE,
        /** The server did not answer within the timeout. */
        TIMEOUT,
        /** The server answered with an HTTP error status. */
        HTTP,
        /** The answer was not the Prometheus API's JSON. */
        BAD_RESPONSE,
        /** A query matched no series. */
        NO_SERIES,
        /** The series matched but their values cannot be replayed (NaN, infinite, negative, no model label). */
        BAD_DATA,
        /** The request itself is wrong (a range, a step, a URL). */
        BAD_REQUEST
    }

    /** The exit code of the command line for this problem: 3 when the server cannot be reached, else 2. */
    public int exitCode() {
        return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT ? 3 : 2;
    }

    public PrometheusProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
