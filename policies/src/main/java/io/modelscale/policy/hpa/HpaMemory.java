package io.modelscale.policy.hpa;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * What the HPA controller remembers for one HPA between reconciles (§2.2): its recent recommendations and, with a
 * {@code behavior}, its recent scale events. In Kubernetes this lives in the controller's memory and is lost on
 * restart; here it is a value the caller keeps.
 *
 * @param recommendations the stored recommendations, or none before the first reconcile
 * @param scaleUpEvents   recent scale-ups
 * @param scaleDownEvents recent scale-downs
 */
public record HpaMemory(Option<Seq<Recommendation>> recommendations, Seq<ScaleEvent> scaleUpEvents,
                        Seq<ScaleEvent> scaleDownEvents) {

    public HpaMemory {
        Objects.requireNonNull(recommendations, "recommendations");
        Objects.requireNonNull(scaleUpEvents, "scaleUpEvents");
        Objects.requireNonNull(scaleDownEvents, "scaleDownEvents");
    }

    /** A new HPA: the first reconcile records the current count as its first recommendation. */
    public static HpaMemory initial() {
        return new HpaMemory(Option.none(), List.empty(), List.empty());
    }

    /** Memory with an empty history: no recommendation is recorded on the first reconcile. */
    public static HpaMemory emptyHistory() {
        return new HpaMemory(Option.some(List.empty()), List.empty(), List.empty());
    }

    /**
     * A recommendation the stabilization window remembers.
     *
     * @param replicas the recommended count, before clamping
     * @param at       when
     */
    public record Recommendation(int replicas, Instant at) {
        public Recommendation {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A scale event the rate limits remember.
     *
     * @param change   how many replicas were added or removed, positive
     * @param at       when
     * @param outdated whether it is older than the longest policy period and its slot may be reused
     */
    public record ScaleEvent(int change, Instant at, boolean outdated) {
        public ScaleEvent {
            Objects.requireNonNull(at, "at");
        }
    }
}
