package io.modelscale.simulation.report;

import java.util.Objects;

/**
 * One scaling decision of a run, as the decision log writes it.
 *
 * @param seconds when, seconds since the run's start
 * @param kind    {@code model} or {@code server}
 * @param subject the model or server
 * @param from    its replicas before
 * @param to      the replicas decided
 * @param policy  the registered name of the policy that decided
 * @param reason  the reason's type, such as {@code LagReached}
 * @param detail  the reason in words, with its numbers
 */
public record DecisionRow(double seconds, String kind, String subject, int from, int to, String policy, String reason,
                          String detail) {

    public DecisionRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
