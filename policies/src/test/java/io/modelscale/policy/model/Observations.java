package io.modelscale.policy.model;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.vavr.control.Option;
import java.time.Instant;

/** Observations of one model for the model policies' tests. */
public final class Observations {

    private Observations() {
    }

    /** {@code name} in {@code cluster} at {@code now}, reporting {@code own}, never scaled by the loop. */
    public static ModelObservation of(Cluster cluster, ModelName name, ModelSignals own, Instant now) {
        return of(cluster, name, own, now, Option.none());
    }

    /** {@code name} in {@code cluster} at {@code now}, reporting {@code own}, last scaled at {@code lastScaled}. */
    public static ModelObservation of(Cluster cluster, ModelName name, ModelSignals own, Instant now,
                                      Option<Instant> lastScaled) {
        return new ModelObservation(now, cluster.model(name).get(), cluster, Signals.none().with(name, own),
            lastScaled);
    }

    /** A model deployed alone with this spec (no server), observed at {@code now}. */
    public static ModelObservation deployed(ModelSpec spec, ModelSignals own, Instant now) {
        return of(Cluster.empty().deployModel(spec, now), spec.name(), own, now);
    }

    /** {@code signals} with {@code outstanding} requests, all in flight, arriving at {@code perSecond}. */
    public static ModelSignals demand(long outstanding, double perSecond, int concurrency) {
        return ModelSignals.of(outstanding, 0, perSecond).withConcurrencyPerReplica(concurrency);
    }
}
