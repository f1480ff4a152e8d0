package io.modelscale.policy.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Seed 003: a model HPA and a server HPA on {@code infer_rps}, AverageValue 3, replicas 1 to 3. */
class SingleModelServingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HpaSpec HPA = new HpaSpec(1, 3,
        List.of(new MetricSpec.ObjectMetric("infer_rps", new MetricTarget.AverageValue(3000))), Option.none());
    private final SingleModelServing serving = new SingleModelServing(HorizontalPodAutoscaler.withDefaults());

    @Test
    void step_modelAheadOfItsServer_isScheduleFailedWhileExistingReplicasServe() {
        SingleModelServing.Step step = serving.step(new SingleModelServing.Pair(HPA, HPA),
            SingleModelServing.Memory.initial(),
            observation(T0, 1, 8_000), observation(T0.minusSeconds(10), 1, 2_000), 1);

        assertThat(step.model().desired()).isEqualTo(3);
        assertThat(step.server().desired()).isEqualTo(1);
        assertThat(step.scheduleFailed()).isTrue();
        assertThat(step.servingReplicas()).isEqualTo(1);
        assertThat(step.describe()).endsWith("model ScheduleFailed, 1 replicas keep serving");
    }

    @Test
    void step_sameMetricOnBoth_convergesOnTheSameCount() {
        SingleModelServing.Memory memory = SingleModelServing.Memory.initial();
        int model = 1;
        int server = 1;
        for (int tick = 0; tick < 6; tick++) {
            Instant now = T0.plusSeconds(15L * tick);
            SingleModelServing.Step step = serving.step(new SingleModelServing.Pair(HPA, HPA), memory,
                observation(now, model, 8_000), observation(now.plusSeconds(3), server, 8_000), server);
            memory = step.memory();
            model = step.model().desired();
            server = step.server().desired();
        }
        assertThat(model).isEqualTo(3).isEqualTo(server);
    }

    private static HpaObservation observation(Instant now, int replicas, long rpsMilli) {
        return new HpaObservation(now, replicas, replicas, List.of(new MetricReading.ObjectReading(rpsMilli, 0)));
    }
}
