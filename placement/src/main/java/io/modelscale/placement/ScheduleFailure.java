package io.modelscale.placement;

import io.vavr.collection.Seq;

/**
 * Why a model could not be placed: every server that was rejected and, for the servers tried, every replica that
 * was, each with the filter that rejected it.
 */
public sealed interface ScheduleFailure {

    /** Seldon's message for this failure, which becomes the model's ScheduleFailed reason. */
    String message();

    /** One line for a person: the message, then every rejection. */
    String describe();

    /**
     * No server passed the server filters.
     *
     * @param rejected every server, with the filter that rejected it
     */
    record NoMatchingServers(Seq<ServerRejection> rejected) implements ScheduleFailure {
        /** Seldon's message. */
        public static final String MESSAGE = "Failed to schedule model as no matching servers are available";

        @Override
        public String message() {
            return MESSAGE;
        }

        @Override
        public String describe() {
            return MESSAGE + (rejected.isEmpty() ? " (there are no servers)"
                : ": " + rejected.map(ServerRejection::describe).mkString("; "));
        }
    }

    /**
     * Some servers passed the server filters, but none had enough eligible replicas for the desired count, nor
     * (with a positive minimum) for the minimum.
     *
     * @param desired  the replicas the model wants
     * @param minimum  its minimum, which partial scheduling would have accepted if positive
     * @param rejected the servers the server filters rejected
     * @param tried    the servers tried, with their eligible counts and rejected replicas
     */
    record NotEnoughReplicas(int desired, int minimum, Seq<ServerRejection> rejected, Seq<ServerShortfall> tried)
        implements ScheduleFailure {
        /** Seldon's message. */
        public static final String MESSAGE =
            "Failed to schedule model as no matching server had enough suitable replicas";

        @Override
        public String message() {
            return MESSAGE;
        }

        @Override
        public String describe() {
            return MESSAGE + " (wanted " + desired + (minimum > 0 ? ", at least " + minimum : "") + "): "
                + tried.map(ServerShortfall::describe).appendAll(rejected.map(ServerRejection::describe))
                    .mkString("; ");
        }
    }
}
