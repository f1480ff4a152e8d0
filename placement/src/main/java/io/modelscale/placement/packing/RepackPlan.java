package io.modelscale.placement.packing;

import io.modelscale.core.server.ServerName;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * How to bring a server's models onto replicas {@code 0..targetReplicas-1}: the assignment, the bounds it was
 * checked against, and the make-before-break steps from the current placement. Executed in order, the steps never
 * leave a model that had an available replica without one, never put two replicas of a model on one server
 * replica, and never hold more memory on a replica than its capacity.
 *
 * @param server         the server
 * @param targetReplicas the replica count planned for
 * @param bounds         the lower bounds on the replicas the server's models need
 * @param assignment     where every model replica ends up
 * @param steps          the migration, in order; empty when nothing has to move
 */
public record RepackPlan(
    ServerName server, int targetReplicas, LowerBounds bounds, Assignment assignment, Seq<MigrationStep> steps) {

    public RepackPlan {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(assignment, "assignment");
        Objects.requireNonNull(steps, "steps");
    }

    /** The number of model replicas that move. */
    public int moves() {
        return steps.count(s -> s.action() == MigrationStep.Action.LOAD);
    }

    /** One line for a person. */
    public String describe() {
        return "repack " + server + " onto " + targetReplicas + " replicas (" + bounds.describe() + "): "
            + (steps.isEmpty() ? "nothing moves" : moves() + " model replicas move: "
                + steps.map(MigrationStep::describe).mkString("; "));
    }
}
