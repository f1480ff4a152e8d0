package io.modelscale.policy.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.ModelSignals;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** An HPA's metric reads the serving signal it names, of the model it describes: never another one. */
class HpaReadingsTest {

    private static final ModelName IRIS = ModelName.of("iris");
    private static final ModelName OTHER = ModelName.of("other");

    /**
     * iris has 3 requests in service, 5 queued and 2.5 arriving per second; other has 1 in service. Read as milli:
     * infer_rps 2500, infer_inflight 8000, infer_lag 5000; other's infer_inflight 1000.
     */
    @Test
    void eachNamedMetric_readsItsOwnSignal_ofTheDescribedModel() {
        MetricTarget target = new MetricTarget.AverageValue(1000);
        HpaSpec spec = new HpaSpec(1, 5, List.of(
            new MetricSpec.ObjectMetric("infer_rps", target),
            new MetricSpec.ExternalMetric("infer_lag", target),
            new MetricSpec.ObjectMetric("infer_inflight", target),
            new MetricSpec.ObjectMetric("infer_inflight", target),
            new MetricSpec.ObjectMetric("seldon_model_infer_total", target)), Option.none());
        var readings = HpaReadings.of(spec, List.of(Option.some(IRIS), Option.none(), Option.some(IRIS),
            Option.some(OTHER), Option.some(IRIS)), IRIS, model -> model.equals(IRIS)
            ? new ModelSignals(3, 5, 0, 2.5, Option.none(), Option.none(), 4)
            : new ModelSignals(1, 0, 0, 0, Option.none(), Option.none(), 4), 2);
        assertThat(readings.take(4)).containsExactly(
            new MetricReading.ObjectReading(2500, 2),
            new MetricReading.ExternalReading(List.of(5000L), 2),
            new MetricReading.ObjectReading(8000, 2),
            new MetricReading.ObjectReading(1000, 2));
        assertThat(readings.last()).isEqualTo(new MetricReading.Unavailable("the serving signals give no metric"
            + " seldon_model_infer_total: expected infer_rps (requests per second), infer_inflight (requests in"
            + " service or queued) or infer_lag (requests queued)"));
    }
}
