package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.Named;
import io.modelscale.policy.hpa.HorizontalPodAutoscaler;
import io.modelscale.policy.hpa.ModelHpaPolicy;
import io.modelscale.policy.hpa.ServerHpaPolicy;
import io.modelscale.policy.hpa.HpaSpec;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerScalingPolicy;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * An {@code autoscaling/v2} HorizontalPodAutoscaler of a scenario and what it scales. Each of its metrics reads the
 * serving metric it names ({@link io.modelscale.policy.hpa.ServingMetric}) of the model it describes.
 *
 * @param name      the HPA's name
 * @param kind      whether it scales a Model or a Server
 * @param target    the name of the Model or Server it scales
 * @param described for each metric, in order, the model whose serving signals it reads
 * @param spec      the HPA
 */
public record HpaTarget(String name, Kind kind, String target, Seq<String> described, HpaSpec spec) {

    /** What an HPA's {@code scaleTargetRef} names. */
    public enum Kind {
        /** A Seldon Model. */
        MODEL,
        /** A Seldon Server. */
        SERVER
    }

    public HpaTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(described, "described");
        Objects.requireNonNull(spec, "spec");
        if (described.size() != spec.metrics().size()) {
            throw new IllegalArgumentException("one described model per metric, got " + described.size() + " for "
                + spec.metrics().size());
        }
    }

    /** The HPA as the policy of the model it scales. */
    public Named<ModelScalingPolicy<?>> modelPolicy() {
        return new Named<>(ModelHpaPolicy.NAME, new ModelHpaPolicy(spec,
            described.map(m -> Option.some(ModelName.of(m))), HorizontalPodAutoscaler.Config.defaults()));
    }

    /** The HPA as the policy of the server it scales. */
    public Named<ServerScalingPolicy<?>> serverPolicy() {
        return new Named<>(ServerHpaPolicy.NAME, new ServerHpaPolicy(spec, described.map(ModelName::of),
            HorizontalPodAutoscaler.Config.defaults()));
    }
}
