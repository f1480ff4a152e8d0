package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.Presets;
import io.modelscale.simulation.report.DecisionRow;
import io.modelscale.simulation.report.Report;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A model replica loads in {@code modelLoad + modelLoadPerGi × GiB}: a 4 GiB model scaled up under load becomes
 * available that much after the control step that asked for the new replica.
 */
class LoadTimeTest {

    private static final long SECOND = 1_000_000L;
    private static final ModelName BIG = ModelName.of("big");
    private static final ServerName SRV = ServerName.of("srv");

    @Test
    void aLoadTakesTheFixedPartPlusAPartPerGiB() {
        // 5 s + 4 GiB x 2 s = 13 s; with nothing per GiB, 5 s
        assertThat(loadedAfterScaleUp(Duration.ofSeconds(2))).isEqualTo(13 * SECOND);
        assertThat(loadedAfterScaleUp(Duration.ZERO)).isEqualTo(5 * SECOND);
        assertThat(new Settings(Instant.EPOCH, Duration.ofMinutes(1), Duration.ofSeconds(20), Duration.ZERO,
            Duration.ofSeconds(5), Duration.ZERO, 1, Duration.ofSeconds(1), Duration.ofMinutes(5), 0,
            Settings.InitialState.COLD, Duration.ZERO, Duration.ofSeconds(2)).loadMicros(4L << 30))
            .isEqualTo(13 * SECOND);
    }

    /** How long after the model's first scale-up its second replica is available. */
    private static long loadedAfterScaleUp(Duration perGi) {
        Settings settings = new Settings(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(5),
            Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5), 1,
            Duration.ofSeconds(1), Duration.ofMinutes(5), 0, Settings.InitialState.COLD, Duration.ZERO, perGi);
        ModelSpec big = ModelSpec.builder().name(BIG).memory(MemoryQuantity.ofBytes(4L << 30))
            .requirements(List.of("mlserver")).scaling(new ScalingSpec(1, 1, MaxReplicas.of(2))).build();
        ServerSetup server = new ServerSetup(ServerSpec.of(SRV, ScalingSpec.fixed(2)), List.of("mlserver"),
            new ReplicaMemory(8L << 30, 0));
        long[] arrivals = new long[100];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = 1 + i / 50;
        }
        Scenario scenario = new Scenario("load", List.of(server), List.of(big),
            HonestMetricsTest.requests(arrivals, 0, 200 * SECOND), settings, List.empty(), PolicyChoice.none(),
            Option.none());
        long[] available = {-1};
        Report report = Simulator.run(scenario, Presets.seldonCore(), 1, new Simulator.Observer() {
            @Override
            public void afterEvent(Cluster cluster, long micros) {
                if (available[0] < 0 && cluster.model(BIG).get().latest().replicas().values()
                    .count(r -> r.state() == ModelReplicaState.AVAILABLE) == 2) {
                    available[0] = micros;
                }
            }
        });
        DecisionRow up = report.decisions().find(d -> d.kind().equals("model") && d.to() > d.from()).get();
        assertThat(available[0]).as("the second model replica became available").isPositive();
        return available[0] - Math.round(up.seconds() * SECOND);
    }
}
