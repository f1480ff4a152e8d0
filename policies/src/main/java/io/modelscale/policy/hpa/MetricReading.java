package io.modelscale.policy.hpa;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;
import java.util.Objects;

/** What one reconcile read for one of an HPA's metrics, in the order of {@code spec.metrics}. */
public sealed interface MetricReading {

    /**
     * An Object metric's value.
     *
     * @param valueMilli the value in milli-units
     * @param readyPods  Running and Ready pods of the target (used with a {@code Value} target)
     */
    record ObjectReading(long valueMilli, int readyPods) implements MetricReading {
    }

    /**
     * An External metric's series, summed (saturating) before use.
     *
     * @param valuesMilli every series' value in milli-units
     * @param readyPods   Running and Ready pods of the target (used with a {@code Value} target)
     */
    record ExternalReading(Seq<Long> valuesMilli, int readyPods) implements MetricReading {
        public ExternalReading {
            Objects.requireNonNull(valuesMilli, "valuesMilli");
        }
    }

    /**
     * The pods of the target with their samples, for a Pods or Resource metric.
     *
     * <p>The metrics API may still return a sample for a pod that is no longer listed (deleted since it was
     * scraped). Kubernetes keeps such samples: they count in a Pods metric's average and in the number of samples a
     * rebalanced proposal multiplies by, and are left out of a Resource metric's utilization, having no request.
     *
     * @param pods              every pod the target's selector lists
     * @param staleSamplesMilli samples for pods not in {@code pods}, by pod name, in milli-units
     */
    record PodReadings(Seq<PodSample> pods, Map<String, Long> staleSamplesMilli) implements MetricReading {
        public PodReadings {
            Objects.requireNonNull(pods, "pods");
            Objects.requireNonNull(staleSamplesMilli, "staleSamplesMilli");
            Seq<String> listed = pods.map(PodSample::pod).filter(staleSamplesMilli::containsKey);
            if (!listed.isEmpty()) {
                throw new IllegalArgumentException("a stale sample names a listed pod: " + listed.mkString(", "));
            }
        }

        /** The listed pods' samples, with no stale ones. */
        public PodReadings(Seq<PodSample> pods) {
            this(pods, LinkedHashMap.empty());
        }
    }

    /**
     * The metric could not be read.
     *
     * @param reason why
     */
    record Unavailable(String reason) implements MetricReading {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
