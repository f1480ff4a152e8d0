package io.modelscale.benchmark;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.placement.rule.PlacementRequest;
import io.modelscale.placement.rule.ReplicaFilter;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
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

/**
 * Scheduling one 2-replica model on a server with 100, 1,000 or 10,000 replicas that hold about 10 models each.
 *
 * <p>{@code schedule} is the {@link Scheduler} with Seldon's rules, which walks the server's free-memory index and
 * stops at the second eligible replica. {@code baselineFilterAndSortAll} does what a direct port does on every call:
 * runs every replica through the filters, sorts all that pass, takes the first two, and requests the loads. Both
 * return the new snapshot. Read the results as the ratio of the two at each size, and as the growth of
 * {@code schedule} from 100 to 10,000 replicas.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PlacementBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlacementBenchmark {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerName SERVER = ServerName.of("mlserver");
    private static final ModelName PROBE = ModelName.of("probe");
    private static final long REPLICA_BYTES = 16L << 30;

    /** Server replicas. */
    @Param({"100", "1000", "10000"})
    public int replicas;

    private Cluster cluster;
    private Scheduler scheduler;
    private SchedulerConfig config;
    private SplittableRandom random;

    /** A server of {@code replicas} replicas of 16 GiB, each holding about 10 models of 0.5 to 1.5 GiB, seed 42. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom seeded = new SplittableRandom(42);
        Cluster built = Cluster.empty().withServer(ServerSpec.of(SERVER, ScalingSpec.fixed(replicas)));
        for (int i = 0; i < replicas; i++) {
            built = built.connectReplica(SERVER, ServerReplica.empty(ReplicaIndex.of(i), List.of("mlserver"),
                new ReplicaMemory(REPLICA_BYTES, 10))).get();
        }
        int models = replicas * 10 / 2;
        for (int m = 0; m < models; m++) {
            ModelSpec spec = ModelSpec.builder().name(ModelName.of("model-" + m))
                .memory(MemoryQuantity.ofBytes((512L << 20) + seeded.nextLong(1L << 30)))
                .requirements(List.of("mlserver")).scaling(ScalingSpec.fixed(2)).build();
            int first = seeded.nextInt(replicas);
            int second = (first + 1 + seeded.nextInt(replicas - 1)) % replicas;
            built = loaded(built.deployModel(spec, NOW), spec.name().version(1), first, second);
        }
        cluster = built.deployModel(ModelSpec.builder().name(PROBE).memory(MemoryQuantity.ofBytes(1L << 30))
            .requirements(List.of("mlserver")).scaling(ScalingSpec.fixed(2)).build(), NOW);
        config = SchedulerConfig.spreading();
        scheduler = new Scheduler(config);
        random = new SplittableRandom(7);
    }

    /** The indexed scheduler. */
    @Benchmark
    public ScheduleResult schedule() {
        return scheduler.schedule(cluster, PROBE, NOW, random).get();
    }

    /** Filter every replica, sort all that pass, take two, request the loads. */
    @Benchmark
    public Cluster baselineFilterAndSortAll() {
        ModelVersion version = cluster.model(PROBE).get().latest();
        PlacementRequest request = new PlacementRequest(cluster, cluster.model(PROBE).get(), version, random);
        Server server = cluster.server(SERVER).get();
        Seq<ServerReplica> eligible = server.replicas().values().toVector()
            .filter(r -> config.replicaFilters().forAll((ReplicaFilter f) -> f.reject(request, server, r).isEmpty()))
            .sorted(config.replicaOrder().comparator(request, server));
        return cluster.updateLoadedModels(version.id(), Option.some(SERVER),
            eligible.take(version.spec().scaling().replicas()).map(ServerReplica::index), NOW).get();
    }

    private static Cluster loaded(Cluster cluster, ModelVersionId id, int... indexes) {
        Cluster result = cluster.updateLoadedModels(id, Option.some(SERVER),
            List.ofAll(indexes).map(ReplicaIndex::of), NOW).get();
        for (int index : indexes) {
            ServerReplicaId at = new ServerReplicaId(SERVER, ReplicaIndex.of(index));
            result = result.updateModelState(id, at, Option.some(ModelReplicaState.LOAD_REQUESTED),
                    ModelReplicaState.LOADING, "", NOW)
                .flatMap(c -> c.updateModelState(id, at, Option.some(ModelReplicaState.LOADING),
                    ModelReplicaState.LOADED, "", NOW))
                .get();
        }
        return result;
    }
}
