package io.modelscale.simulation.engine;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.simulation.trace.Traces;
import io.vavr.collection.List;
import java.time.Duration;
import java.time.Instant;

/**
 * A seeded synthetic scenario of many models: Poisson arrivals whose rate follows a day's cycle around a mean (lowest
 * at midnight, 60 % below the mean; highest at noon), each request sent to one of the models with Zipf popularity
 * (exponent 1.0), served in an exponential time of mean 200 ms.
 *
 * <p>Each model needs 512 MiB and autoscales between 1 and 8 replicas; one server {@code pool} of 64 GiB replicas
 * (10 % overcommit) starts with enough replicas for one replica of every model and autoscales up to four times that.
 */
public final class SyntheticScenario {

    private SyntheticScenario() {
    }

    /**
     * The scenario.
     *
     * @param models            how many models
     * @param duration          how long to run
     * @param meanRatePerSecond the mean arrival rate over a day, requests per second
     * @param seed              the scenario's seed, used when a run is given none (a run's seed decides the arrivals
     *                          and the popularity draws)
     */
    public static Scenario of(int models, Duration duration, double meanRatePerSecond, long seed) {
        if (models < 1 || duration.isNegative() || duration.isZero() || !(meanRatePerSecond > 0)) {
            throw new IllegalArgumentException("need at least one model, a positive duration and a positive rate");
        }
        long modelBytes = 512L << 20;
        ReplicaMemory replica = new ReplicaMemory(64L << 30, 10);
        int perReplica = (int) (replica.capacityBytes() / modelBytes);
        int initial = Math.max(1, (models + perReplica - 1) / perReplica);
        ServerSetup pool = new ServerSetup(ServerSpec.of(ServerName.of("pool"),
            new ScalingSpec(initial, 1, MaxReplicas.of(initial * 4))), List.of("mlserver"), replica);
        List<ModelSpec> specs = List.range(0, models).map(i -> ModelSpec.builder()
            .name(ModelName.of(String.format(java.util.Locale.ROOT, "model-%04d", i)))
            .memory(MemoryQuantity.ofBytes(modelBytes)).requirements(List.of("mlserver"))
            .scaling(new ScalingSpec(1, 1, MaxReplicas.of(8))).build());
        double seconds = duration.getSeconds();
        Settings settings = new Settings(Instant.parse("2026-01-01T00:00:00Z"), duration, Duration.ofSeconds(20),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
            Duration.ofMinutes(5), 0);
        return new Scenario("synthetic-" + models + "-models", List.of(pool), specs, runSeed -> Traces.zipfSplit(
            Traces.poisson(Traces.diurnal(meanRatePerSecond, 0.6, 86_400), meanRatePerSecond * 1.6, seconds, 0, 0.2,
                Traces.stream(runSeed, 0)), 0, models, 1.0, Traces.stream(runSeed, 1)), settings, List.empty(),
            PolicyChoice.none(), io.vavr.control.Option.some(seed));
    }
}
