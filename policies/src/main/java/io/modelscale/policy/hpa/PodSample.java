package io.modelscale.policy.hpa;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * One pod as a Pods or Resource metric sees it.
 *
 * @param pod          the pod's name
 * @param phase        its phase
 * @param ready        whether its Ready condition is true (read for Resource metrics only)
 * @param usageMilli   its metric sample in milli-units, or none when it reported none
 * @param requestMilli its resource request in milli-units (Resource metrics), zero otherwise
 */
public record PodSample(String pod, Phase phase, boolean ready, Option<Long> usageMilli, long requestMilli) {

    public PodSample {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(usageMilli, "usageMilli");
    }

    /** A running, ready pod that reported {@code usageMilli}. */
    public static PodSample running(String pod, long usageMilli, long requestMilli) {
        return new PodSample(pod, Phase.RUNNING, true, Option.some(usageMilli), requestMilli);
    }

    /** The phases the calculator tells apart. */
    public enum Phase {
        /** Running. */
        RUNNING,
        /** Not yet running: counts as unready. */
        PENDING,
        /** Failed: ignored. */
        FAILED,
        /** Being deleted: ignored. */
        DELETING
    }
}
