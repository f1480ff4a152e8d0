package io.modelscale.policy.server;

import io.modelscale.core.server.ServerName;
import io.modelscale.placement.packing.LowerBounds;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/** What server autoscaling decided for one server, accepted or refused, always with its typed reason. */
public sealed interface ServerScalingDecision {

    /** The server decided on. */
    ServerName server();

    /** When the policy could act again, if it waits. */
    Option<Instant> nextActAt();

    /** The lower bounds the policy read, if it reads them. */
    Option<LowerBounds> bounds();

    /** One line a person understands. */
    String describe();

    /** Scale the observed server from its expected count to {@code to}, with nothing more to say. */
    static ServerScalingDecision scale(ServerObservation observation, int to, ServerScaleReason reason) {
        return new Scale(observation.name(), observation.expectedReplicas(), to, reason, List.empty(), Option.none(),
            Option.none());
    }

    /** Keep the observed server's count, with nothing more to say. */
    static ServerScalingDecision hold(ServerObservation observation, ServerHoldReason reason) {
        return new Hold(observation.name(), reason, Option.none(), Option.none());
    }

    /**
     * Set the server's replica count.
     *
     * @param server    the server
     * @param from      the expected replicas before
     * @param to        the replicas to ask for
     * @param reason    why, with its numbers
     * @param drain     for a scale-down, how the models of the removed replicas move first (make-before-break)
     * @param nextActAt when the policy could act again, if it waits between steps
     * @param bounds    the lower bounds the target was checked against, when the policy reads them
     */
    record Scale(ServerName server, int from, int to, ServerScaleReason reason, Seq<DrainStep> drain,
                 Option<Instant> nextActAt, Option<LowerBounds> bounds) implements ServerScalingDecision {
        public Scale {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(drain, "drain");
            Objects.requireNonNull(nextActAt, "nextActAt");
            Objects.requireNonNull(bounds, "bounds");
        }

        /** Whether this adds replicas. */
        public boolean up() {
            return to > from;
        }

        /** The same decision with this drain plan. */
        public Scale withDrain(Seq<DrainStep> plan) {
            return new Scale(server, from, to, reason, plan, nextActAt, bounds);
        }

        @Override
        public String describe() {
            return "scale server " + server + " from " + from + " to " + to + ": " + reason.describe()
                + (drain.isEmpty() ? "" : "; first " + drain.map(DrainStep::describe).mkString(", "))
                + nextActAt.map(t -> "; next step no sooner than " + t).getOrElse("");
        }
    }

    /**
     * Keep the server's replica count.
     *
     * @param server    the server
     * @param reason    why not, with the values seen
     * @param nextActAt when the policy could act, if it is waiting
     * @param bounds    the lower bounds the policy read, if it reads them
     */
    record Hold(ServerName server, ServerHoldReason reason, Option<Instant> nextActAt, Option<LowerBounds> bounds)
        implements ServerScalingDecision {
        public Hold {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(nextActAt, "nextActAt");
            Objects.requireNonNull(bounds, "bounds");
        }

        @Override
        public String describe() {
            return "keep server " + server + ": " + reason.describe()
                + nextActAt.map(t -> "; could act at " + t).getOrElse("");
        }
    }
}
