package io.modelscale.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A policy broke its contract during a control step: it threw, returned no step or no memory, or decided for
 * another model or server than the one it was asked about. {@link Autoscaler#step} abandons the step and throws
 * this; nothing the caller holds has changed (the memory and the snapshot are values, and the step hands back new
 * ones only when it completes), so the caller may log it and go on with what it had.
 *
 * <p>The message names the policy as registered, what it was asked about and when, and what went wrong; a
 * policy's own exception is the {@linkplain #getCause() cause}.
 */
public final class PolicyFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The registered name of the policy that failed. */
    private final String policy;
    /** The model or server it was asked about. */
    private final String subject;
    /** When. */
    private final transient Instant at;

    PolicyFailure(String policy, String kind, String subject, Instant at, String problem, Throwable cause) {
        super(kind + " policy " + policy + " failed on " + kind + " " + subject + " at " + at + ": " + problem, cause);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.at = Objects.requireNonNull(at, "at");
    }

    /** A policy's own exception, wrapped with what it was deciding on. */
    static PolicyFailure thrown(String policy, String kind, String subject, Instant at, RuntimeException cause) {
        return new PolicyFailure(policy, kind, subject, at, cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }

    /** The registered name of the policy that failed. */
    public String policy() {
        return policy;
    }

    /** The model or server the policy was asked about. */
    public String subject() {
        return subject;
    }

    /** When the step ran. */
    public Instant at() {
        return at;
    }
}
