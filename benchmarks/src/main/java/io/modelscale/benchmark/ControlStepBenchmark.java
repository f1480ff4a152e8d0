package io.modelscale.benchmark;

import io.modelscale.control.Autoscaler;
import io.modelscale.control.ControlMemory;
import io.modelscale.control.ControlResult;
import io.modelscale.control.Trigger;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.TreeMap;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One control step on a stats tick in which nothing changes, over 1,000 and 10,000 models.
 *
 * <p>Every model is Available on one replica of a server sized to exactly what its models need, and reports steady
 * traffic (one request in flight, one per second, the last a moment ago): under {@code documented} no lag or
 * inactivity trigger fires, under {@code consolidating} the demand is met, and no server changes. {@code tick} is
 * {@link Autoscaler#step} with the memory of an earlier tick, as a control plane calls it every period.
 * {@code baselineReadSignals} only reads what any decision must read: each model's latest spec and its signals.
 * Read the results as the ratio of the two at each size: if it stays the same from 1,000 to 10,000 models, a
 * tick costs linear time in the models, as the baseline does.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ControlStepBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ControlStepBenchmark {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    /** Models, each with one replica. */
    @Param({"1000", "10000"})
    public int models;

    /** The preset whose policies decide. */
    @Param({"documented", "consolidating"})
    public String preset;

    private Autoscaler autoscaler;
    private ControlMemory memory;
    private Cluster cluster;
    private Signals signals;
    private Instant later;

    /**
     * {@code models} models of 512 MiB on 64 GiB replicas with 10 % overcommit (140 per replica, the server at the
     * memory bound), steady traffic, and the control memory after one tick.
     */
    @Setup(Level.Trial)
    public void setUp() {
        int perReplica = 140;
        int replicas = (models + perReplica - 1) / perReplica;
        ClusterBuilder builder = ClusterBuilder.at(NOW).server("pool", s -> s.replicas(replicas)
            .scaling(1, replicas * 4).memory("64Gi").overcommit(10));
        TreeMap<ModelName, ModelSignals> steady = TreeMap.empty();
        for (int m = 0; m < models; m++) {
            String name = String.format(java.util.Locale.ROOT, "model-%05d", m);
            int replica = m / perReplica;
            builder = builder.model(name, s -> s.memory("512Mi").scaling(1, 1, 8).loadedOn("pool", replica));
            steady = steady.put(ModelName.of(name), ModelSignals.of(1, 0, 1.0).withLastRequest(NOW));
        }
        var built = builder.build();
        if (built.isInvalid()) {
            throw new IllegalStateException(built.getError().mkString("; "));
        }
        cluster = built.get();
        signals = Signals.of(steady);
        autoscaler = Autoscaler.of(preset.equals("documented") ? Presets.documented() : Presets.consolidating());
        later = NOW.plusSeconds(20);
        ControlResult first = autoscaler.step(ControlMemory.initial(), cluster, Trigger.tick(signals), NOW,
            new SplittableRandom(1));
        if (first.modelDecisions().exists(d -> d instanceof ModelScalingDecision.Scale)
            || !first.serverScales().isEmpty()) {
            throw new IllegalStateException("the benchmark's tick is meant to change nothing: "
                + first.describe().filter(l -> !l.startsWith("hold") && !l.startsWith("keep")).mkString("; "));
        }
        memory = first.memory();
    }

    /** One control step on a stats tick. */
    @Benchmark
    public ControlResult tick() {
        return autoscaler.step(memory, cluster, Trigger.tick(signals), later, new SplittableRandom(1));
    }

    /** Each model's latest spec and its signals, read and nothing decided. */
    @Benchmark
    public void baselineReadSignals(Blackhole blackhole) {
        for (Model model : cluster.models().values()) {
            blackhole.consume(model.latest().spec().scaling().replicas());
            blackhole.consume(signals.of(model.name()).outstanding());
        }
    }
}
