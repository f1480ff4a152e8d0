package io.modelscale.policy.hpa;

import io.modelscale.policy.model.ModelSignals;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/**
 * The metrics an HPA's Object or External metric can name to be read from a model's serving signals: what a
 * Prometheus adapter would expose from Seldon's inference metrics. {@code infer_rps} is the name Seldon's HPA
 * documentation gives the rate of inference requests.
 */
public enum ServingMetric {
    /** Requests arriving per second over the last stats period. */
    INFER_RPS("infer_rps", "requests per second"),
    /** Requests in service or queued, now. */
    INFER_INFLIGHT("infer_inflight", "requests in service or queued"),
    /** Requests queued, not yet in service, now. */
    INFER_LAG("infer_lag", "requests queued");

    /** Every metric, read once rather than cloned by each {@code values()}. */
    private static final ServingMetric[] ALL = values();

    private final String metricName;
    private final String meaning;

    ServingMetric(String metricName, String meaning) {
        this.metricName = metricName;
        this.meaning = meaning;
    }

    /** The metric's name as an HPA names it. */
    public String metricName() {
        return metricName;
    }

    /** What it measures. */
    public String meaning() {
        return meaning;
    }

    /** The metric called {@code name}, if it is one of these. */
    public static Option<ServingMetric> named(String name) {
        for (ServingMetric metric : ALL) {
            if (metric.metricName.equals(name)) {
                return Option.some(metric);
            }
        }
        return Option.none();
    }

    /** Every name with its meaning, for a message: {@code infer_rps (requests per second), ...}. */
    public static String known() {
        Seq<String> names = List.of(values()).map(m -> m.metricName + " (" + m.meaning + ")");
        return names.init().mkString(", ") + " or " + names.last();
    }

    /** Its value in these signals. */
    public double read(ModelSignals signals) {
        return switch (this) {
            case INFER_RPS -> signals.arrivalsPerSecond();
            case INFER_INFLIGHT -> signals.inFlight() + signals.queued();
            case INFER_LAG -> signals.queued();
        };
    }
}
