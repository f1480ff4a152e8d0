package io.modelscale.simulation.engine;

import io.modelscale.policy.hpa.HpaSpec;
import java.util.Objects;

/**
 * An {@code autoscaling/v2} HorizontalPodAutoscaler of a scenario and what it scales. Its Object metric is read as
 * requests per second of the model it describes.
 *
 * @param name        the HPA's name
 * @param targetKind  {@code Model} or {@code Server}
 * @param target      the name of the Model or Server it scales
 * @param metricModel the model whose requests per second the metric reads
 * @param spec        the HPA
 */
public record HpaTarget(String name, String targetKind, String target, String metricModel, HpaSpec spec) {

    public HpaTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targetKind, "targetKind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metricModel, "metricModel");
        Objects.requireNonNull(spec, "spec");
    }
}
