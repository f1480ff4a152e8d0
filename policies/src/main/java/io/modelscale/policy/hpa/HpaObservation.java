package io.modelscale.policy.hpa;

import io.vavr.collection.Seq;
import java.time.Instant;
import java.util.Objects;

/**
 * The inputs of one reconcile.
 *
 * @param now            the reconcile's time
 * @param specReplicas   the target's {@code spec.replicas}: the current replica count
 * @param statusReplicas the target's {@code status.replicas}: the replicas that exist
 * @param readings       one reading per metric of the spec, in the same order
 */
public record HpaObservation(Instant now, int specReplicas, int statusReplicas, Seq<MetricReading> readings) {

    public HpaObservation {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(readings, "readings");
        if (specReplicas < 0 || statusReplicas < 0) {
            throw new IllegalArgumentException("replica counts must not be negative, got spec " + specReplicas
                + " and status " + statusReplicas);
        }
    }
}
