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
     * This memory after the target was scaled from {@code from} to {@code to} replicas at {@code at}
     * ({@code storeScaleEvent}, §2.6). Without a {@code behavior}, or when the count did not change, nothing is
     * remembered; otherwise the change joins its direction's events: events older than that direction's longest
     * policy period are outdated, and the new one takes the last outdated slot or is appended.
     *
     * <p>{@link HorizontalPodAutoscaler#step} records its own changes; an embedder whose scaling was applied or
     * changed elsewhere records the change that happened with this.
     *
     * @param behavior the HPA's {@code behavior}, if it has one
     * @param from     the replica count before
     * @param to       the replica count after
     * @param at       when the change happened
     */
    public HpaMemory withScale(Option<Behavior> behavior, int from, int to, Instant at) {
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(at, "at");
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("replica counts must not be negative, got " + from + " and " + to);
        }
        if (behavior.isEmpty() || from == to) {
            return this;
        }
        if (to > from) {
            return new HpaMemory(recommendations, storeEvent(scaleUpEvents,
                behavior.get().scaleUp().longestPeriodSeconds(), to - from, at), scaleDownEvents);
        }
        return new HpaMemory(recommendations, scaleUpEvents, storeEvent(scaleDownEvents,
            behavior.get().scaleDown().longestPeriodSeconds(), from - to, at));
    }

    /** §2.6: events older than the longest period are outdated; the new one takes the last outdated slot. */
    static Seq<ScaleEvent> storeEvent(Seq<ScaleEvent> events, int longestPeriodSeconds, int change, Instant now) {
        Instant cutoff = now.minusSeconds(longestPeriodSeconds);
        Seq<ScaleEvent> marked = events.map(e -> e.at().isBefore(cutoff) ? new ScaleEvent(e.change(), e.at(), true) : e);
        int slot = marked.lastIndexWhere(ScaleEvent::outdated);
        ScaleEvent event = new ScaleEvent(change, now, false);
        return slot >= 0 ? marked.update(slot, event) : marked.append(event);
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
