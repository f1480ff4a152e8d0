package io.modelscale.core.assertion;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Violation;
import io.modelscale.core.server.ServerReplica;
import io.vavr.collection.Seq;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions about a {@link Cluster}, with failure messages that list what was found.
 */
public final class ClusterAssert extends AbstractAssert<ClusterAssert, Cluster> {

    ClusterAssert(Cluster actual) {
        super(actual, ClusterAssert.class);
    }

    /** Every invariant of {@link Cluster#checkInvariants()} holds. */
    public ClusterAssert satisfiesInvariants() {
        isNotNull();
        Seq<Violation> violations = actual.checkInvariants();
        if (!violations.isEmpty()) {
            failWithMessage("Expected no invariant violations but found:%n  %s%nin %s",
                violations.map(Violation::describe).mkString("\n  "), actual);
        }
        return this;
    }

    /** {@link Cluster#checkInvariants()} reports at least one violation of the given kind. */
    public ClusterAssert violates(Class<? extends Violation> kind) {
        isNotNull();
        Seq<Violation> violations = actual.checkInvariants();
        if (!violations.exists(kind::isInstance)) {
            failWithMessage("Expected a %s violation but found: %s", kind.getSimpleName(),
                violations.isEmpty() ? "none" : violations.map(Violation::describe).mkString("; "));
        }
        return this;
    }

    /** No server replica holds more registered model memory than its capacity with overcommit. */
    public ClusterAssert hasNoOvercommittedReplica() {
        isNotNull();
        Seq<Violation> over = actual.checkInvariants().filter(Violation.OvercommittedReplica.class::isInstance);
        if (!over.isEmpty()) {
            failWithMessage("Expected no overcommitted replica but found: %s",
                over.map(Violation::describe).mkString("; "));
        }
        return this;
    }

    /** No server replica is draining. */
    public ClusterAssert hasNoDrainingReplica() {
        isNotNull();
        Seq<ServerReplica> draining = actual.servers().values().toList()
            .flatMap(s -> s.replicas().values()).filter(ServerReplica::draining);
        if (!draining.isEmpty()) {
            failWithMessage("Expected no draining replica but found replicas %s",
                draining.map(ServerReplica::index).mkString(", "));
        }
        return this;
    }
}
