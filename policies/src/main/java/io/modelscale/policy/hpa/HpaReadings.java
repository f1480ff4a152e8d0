package io.modelscale.policy.hpa;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/** Reads an HPA's metrics from the serving signals: Object and External metrics by {@link ServingMetric} name. */
final class HpaReadings {

    private HpaReadings() {
    }

    /** A policy names one described model per metric of its HPA. */
    static void requireOnePerMetric(HpaSpec spec, int described) {
        if (described != spec.metrics().size()) {
            throw new IllegalArgumentException("one described model per metric: " + spec.metrics().size()
                + " metrics, " + described + " described models");
        }
    }

    /**
     * One reading per metric of {@code spec}: an Object or External metric reads the {@link ServingMetric} it names
     * from the signals of the model it describes ({@code own} when none is named), in milli-units, with {@code ready}
     * pods; a metric of another name, or of another kind, cannot be read from the serving signals.
     */
    static Seq<MetricReading> of(HpaSpec spec, Seq<Option<ModelName>> described, ModelName own, Signals signals,
                                 int ready) {
        return spec.metrics().zip(described).map(pair -> {
            boolean object = pair._1 instanceof MetricSpec.ObjectMetric;
            if (!object && !(pair._1 instanceof MetricSpec.ExternalMetric)) {
                return new MetricReading.Unavailable("only Object and External metrics are read from the serving"
                    + " signals");
            }
            Option<ServingMetric> metric = ServingMetric.named(pair._1.name());
            if (metric.isEmpty()) {
                return new MetricReading.Unavailable("the serving signals give no metric " + pair._1.name()
                    + ": expected " + ServingMetric.known());
            }
            long milli = Math.round(metric.get().read(signals.of(pair._2.getOrElse(own))) * 1000);
            return object ? new MetricReading.ObjectReading(milli, Math.max(ready, 0))
                : new MetricReading.ExternalReading(io.vavr.collection.List.of(milli), Math.max(ready, 0));
        });
    }
}
