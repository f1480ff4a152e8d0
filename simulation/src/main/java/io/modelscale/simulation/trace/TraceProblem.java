package io.modelscale.simulation.trace;

/** A trace that cannot be read, with where and why. */
public final class TraceProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem at {@code where} (a file and line), saying {@code what}. */
    public TraceProblem(String where, String what) {
        super(where + ": " + what, null, false, false);
    }
}
