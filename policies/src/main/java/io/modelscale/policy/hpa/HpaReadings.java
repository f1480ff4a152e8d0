package io.modelscale.policy.hpa;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.Seq;
import io.vavr.control.Option;

/** Reads an HPA's metrics from the serving signals: Object metrics as a model's requests per second. */
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
     * One reading per metric of {@code spec}: an Object metric reads the requests per second of the model it
     * describes ({@code own} when none is named), in milli-units, with {@code ready} pods; other kinds cannot be
     * read from the serving signals.
     */
    static Seq<MetricReading> of(HpaSpec spec, Seq<Option<ModelName>> described, ModelName own, Signals signals,
                                 int ready) {
        return spec.metrics().zip(described).map(pair -> {
            if (!(pair._1 instanceof MetricSpec.ObjectMetric)) {
                return new MetricReading.Unavailable("only Object metrics describing a Model are read from the"
                    + " serving signals");
            }
            ModelName model = pair._2.getOrElse(own);
            long milli = Math.round(signals.of(model).arrivalsPerSecond() * 1000);
            return new MetricReading.ObjectReading(milli, Math.max(ready, 0));
        });
    }
}
