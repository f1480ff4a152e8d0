package io.modelscale.benchmark;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingItem;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.placement.packing.PackingSlot;
import io.modelscale.placement.packing.RepackPlan;
import io.modelscale.placement.packing.RepackPlanner;
import io.vavr.collection.List;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning the repacking of 1,000 models (1 to 3 replicas each) spread over a 100-replica server onto the fewest
 * replicas the planner can reach, with the make-before-break migration.
 *
 * <p>{@code planMinimal} is {@link RepackPlanner#planMinimal}: the smallest replica count, then the migration;
 * {@code baselineFirstFitDecreasing} is the textbook first-fit decreasing on plain arrays at the lower bound, with no
 * migration plan: a floor on what any packing of this input costs, which the planner's time reads against.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RepackBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RepackBenchmark {

    private static final int MODELS = 1_000;
    private static final int REPLICAS = 100;
    private static final long CAPACITY = 64L << 30;

    private PackingProblem problem;
    private RepackPlanner planner;

    /** Models of 0.25 to 2.25 GiB on replicas of 64 GiB, about 55 % full, placed at random, seed 42. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        List<PackingItem> items = List.empty();
        SortedMap<ModelVersionId, SortedSet<ReplicaIndex>> current = TreeMap.empty();
        long[] used = new long[REPLICAS];
        for (int m = 0; m < MODELS; m++) {
            ModelVersionId id = ModelVersionId.of("model-" + m, 1);
            int replicas = 1 + random.nextInt(3);
            long memory = (256L << 20) + random.nextLong(2L << 30);
            items = items.append(new PackingItem(id, replicas, memory, List.empty(), false));
            SortedSet<ReplicaIndex> on = TreeSet.empty();
            while (on.size() < replicas) {
                int slot = random.nextInt(REPLICAS);
                if (!on.contains(ReplicaIndex.of(slot)) && used[slot] + memory <= CAPACITY) {
                    on = on.add(ReplicaIndex.of(slot));
                    used[slot] += memory;
                }
            }
            current = current.put(id, on);
        }
        List<PackingSlot> slots = List.range(0, REPLICAS)
            .map(i -> new PackingSlot(ReplicaIndex.of(i), CAPACITY, List.empty(), false));
        problem = new PackingProblem(ServerName.of("mlserver"), items, slots, current, current);
        planner = new RepackPlanner();
    }

    /** The fewest replicas the planner reaches, and the migration there. */
    @Benchmark
    public RepackPlan planMinimal() {
        return planner.planMinimal(problem).get();
    }

    /** First-fit decreasing on arrays, each model's replicas on distinct replicas, at the lower bound. */
    @Benchmark
    public int[] baselineFirstFitDecreasing() {
        PackingItem[] items = problem.items().toJavaArray(PackingItem[]::new);
        Arrays.sort(items, (a, b) -> Long.compare(b.memoryBytes(), a.memoryBytes()));
        int bins = LowerBounds.of(problem).value();
        long[] free = new long[REPLICAS];
        Arrays.fill(free, CAPACITY);
        int[] firstBin = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            int placed = 0;
            for (int b = 0; b < REPLICAS && placed < items[i].replicas(); b++) {
                if (free[b] >= items[i].memoryBytes()) {
                    free[b] -= items[i].memoryBytes();
                    firstBin[i] = placed++ == 0 ? b : firstBin[i];
                }
            }
        }
        firstBin[0] += bins;
        return firstBin;
    }
}
