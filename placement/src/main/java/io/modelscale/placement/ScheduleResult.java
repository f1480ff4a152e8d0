package io.modelscale.placement;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.server.ServerName;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The result of scheduling one model: the new snapshot, what happened and why, and the server scale-up it asks
 * for, if any.
 *
 * @param cluster       the snapshot after placement: load and unload requests made, or the model ScheduleFailed
 * @param outcome       what happened, with its reason
 * @param serverScaleUp the server to scale up (Seldon's {@code SERVER_SCALE_UP} event, {@code seldon-core-2.md}
 *                      §5.2): the model's server before this call, when the desired count could not be placed
 */
public record ScheduleResult(Cluster cluster, ScheduleOutcome outcome, Option<ServerName> serverScaleUp) {

    public ScheduleResult {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(serverScaleUp, "serverScaleUp");
    }

    /** One line for a person: the outcome and any scale-up asked for. */
    public String describe() {
        return outcome.describe() + serverScaleUp.map(s -> "; server " + s + " should scale up").getOrElse("");
    }
}
