package io.modelscale.policy.hpa;

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
     * @param pods every pod the target's selector lists
     */
    record PodReadings(Seq<PodSample> pods) implements MetricReading {
        public PodReadings {
            Objects.requireNonNull(pods, "pods");
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
