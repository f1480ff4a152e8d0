package io.modelscale.placement;

import static io.modelscale.core.arbitrary.Theories.qt;
import static io.modelscale.core.assertion.ModelscaleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.generators.ClusterGenerators;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import java.time.Instant;
import java.util.Collections;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Placement keeps the cluster's invariants on generated clusters while models are rescaled and scheduled one after
 * another, and gives the same answer however the snapshot was assembled.
 */
class SchedulerProperties {

    private static final Instant NOW = ClusterGenerators.START.plusSeconds(3_600);
    private static final Gen<int[]> DELTAS = Generate.intArrays(Generate.constant(6), Generate.range(-1, 2));

    @Test
    void neverPlacesTwoReplicasOfAModelOnOneServerReplica() {
        qt().forAll(ClusterGenerators.clusters(), DELTAS).checkAssert((cluster, deltas) ->
            scheduleAll(Scheduler.spreading(), cluster, deltas, (before, result) -> {
                assertThat(result.cluster()).satisfiesInvariants();
                if (result.outcome() instanceof ScheduleOutcome.Placed placed) {
                    assertThat(placed.replicas().distinct()).hasSameSizeAs(placed.replicas());
                }
            }));
    }

    @Test
    void neverHoldsMoreMemoryThanCapacityWithOvercommit() {
        qt().forAll(ClusterGenerators.clusters(), DELTAS).checkAssert((cluster, deltas) -> {
            for (Scheduler scheduler : List.of(Scheduler.spreading(), Scheduler.packing())) {
                scheduleAll(scheduler, cluster, deltas, (before, result) ->
                    assertThat(result.cluster()).hasNoOvercommittedReplica());
            }
        });
    }

    @Test
    void neverChoosesADrainingReplica() {
        qt().forAll(ClusterGenerators.clusters(), DELTAS).checkAssert((cluster, deltas) ->
            scheduleAll(Scheduler.spreading(), cluster, deltas, (before, result) -> {
                if (result.outcome() instanceof ScheduleOutcome.Placed placed) {
                    for (ReplicaIndex index : placed.replicas()) {
                        ServerReplica replica = before.replica(new ServerReplicaId(placed.server(), index)).get();
                        assertThat(replica.draining()).as("replica %s of %s", index, placed.server()).isFalse();
                    }
                }
            }));
    }

    /**
     * A determinism check, not a property of correctness: a cluster rebuilt in another insertion order is the same
     * value (its maps are sorted), so this guards only against the scheduler reading an order it should not (a
     * hash-ordered collection, say); it is not counted among the scheduler's properties.
     */
    @Test
    @org.junit.jupiter.api.Tag("determinism")
    void determinism_givesTheSameOutputWhateverTheInsertionOrder() {
        qt().forAll(ClusterGenerators.clusters(), DELTAS, Generate.longRange(0, Long.MAX_VALUE - 1))
            .checkAssert((cluster, deltas, seed) -> {
                Cluster reassembled = reassembled(cluster, new Random(seed));
                assertThat(outcomes(Scheduler.spreading(), reassembled, deltas))
                    .isEqualTo(outcomes(Scheduler.spreading(), cluster, deltas));
            });
    }

    @Test
    void indexedReplicaOrderAgreesWithAFullSort() {
        qt().forAll(ClusterGenerators.clusters(), DELTAS).checkAssert((cluster, deltas) -> {
            for (SchedulerConfig config : List.of(SchedulerConfig.spreading(), SchedulerConfig.packing())) {
                Scheduler sorting = new Scheduler(config.withReplicaOrder(config.replicaOrder().withoutIndex()));
                assertThat(outcomes(new Scheduler(config), cluster, deltas)).isEqualTo(outcomes(sorting, cluster, deltas));
            }
        });
    }

    /**
     * A determinism check, not a property of correctness: Seldon's random server order follows the seed it is given,
     * so a scheduler that drew from global randomness would fail here.
     */
    @Test
    @org.junit.jupiter.api.Tag("determinism")
    void determinism_randomServerOrderIsReproducibleFromItsSeed() {
        Scheduler seldonCore = new Scheduler(SchedulerConfig.seldonCore());
        qt().forAll(ClusterGenerators.clusters(), DELTAS, Generate.longRange(0, 1_000)).checkAssert(
            (cluster, deltas, seed) -> assertThat(outcomes(seldonCore, cluster, deltas, seed))
                .isEqualTo(outcomes(seldonCore, cluster, deltas, seed)));
    }

    @Test
    void packingFillsTheLowestEligibleReplicas() {
        qt().forAll(ClusterGenerators.clusters(), DELTAS).checkAssert((cluster, deltas) ->
            scheduleAll(Scheduler.packing(), cluster, deltas, (before, result) -> {
                if (result.outcome() instanceof ScheduleOutcome.Placed placed) {
                    Seq<ReplicaIndex> fresh = placed.replicas().filter(i ->
                        !before.model(placed.version().model()).get().latest().server().contains(placed.server())
                            || !before.model(placed.version().model()).get().latest().state(i).isLoadingOrLoaded());
                    assertThat(fresh.toJavaList()).isSorted();
                }
            }));
    }

    private static Seq<ScheduleOutcome> outcomes(Scheduler scheduler, Cluster cluster, int[] deltas) {
        return outcomes(scheduler, cluster, deltas, 1);
    }

    private static Seq<ScheduleOutcome> outcomes(Scheduler scheduler, Cluster cluster, int[] deltas, long seed) {
        java.util.List<ScheduleOutcome> outcomes = new java.util.ArrayList<>();
        scheduleAll(scheduler, cluster, deltas, seed, (before, result) -> outcomes.add(result.outcome()));
        return List.ofAll(outcomes);
    }

    private static void scheduleAll(Scheduler scheduler, Cluster cluster, int[] deltas,
                                    BiConsumer<Cluster, ScheduleResult> check) {
        scheduleAll(scheduler, cluster, deltas, 1, check);
    }

    /** Rescales every model by its delta (within its range) and schedules it, in name order, on shared state. */
    private static void scheduleAll(Scheduler scheduler, Cluster cluster, int[] deltas, long seed,
                                    BiConsumer<Cluster, ScheduleResult> check) {
        SplittableRandom random = new SplittableRandom(seed);
        Cluster current = cluster;
        int i = 0;
        for (ModelName name : cluster.models().keySet()) {
            Model model = current.model(name).get();
            ModelSpec spec = model.latest().spec();
            int wanted = Math.max(spec.scaling().minReplicas(),
                spec.scaling().maxReplicas().clamp(spec.scaling().replicas() + deltas[i++ % deltas.length]));
            if (!model.deleted()) {
                current = current.deployModel(spec.withScaling(spec.scaling().withReplicas(wanted)), NOW);
            }
            Cluster before = current;
            ScheduleResult result = scheduler.schedule(current, name, NOW, random).get();
            check.accept(before, result);
            current = result.cluster();
        }
    }

    /** The same snapshot, with servers, replicas and models inserted in a shuffled order. */
    private static Cluster reassembled(Cluster cluster, Random random) {
        java.util.List<Server> servers = cluster.servers().values().toJavaList();
        Collections.shuffle(servers, random);
        SortedMap<ServerName, Server> serverMap = TreeMap.empty();
        for (Server server : servers) {
            java.util.List<ServerReplica> replicas = server.replicas().values().toJavaList();
            Collections.shuffle(replicas, random);
            SortedMap<ReplicaIndex, ServerReplica> replicaMap = TreeMap.empty();
            for (ServerReplica replica : replicas) {
                replicaMap = replicaMap.put(replica.index(), replica);
            }
            serverMap = serverMap.put(server.name(), new Server(server.spec(), replicaMap));
        }
        java.util.List<Model> models = cluster.models().values().toJavaList();
        Collections.shuffle(models, random);
        SortedMap<ModelName, Model> modelMap = TreeMap.empty();
        for (Model model : models) {
            modelMap = modelMap.put(model.name(), model);
        }
        return new Cluster(serverMap, modelMap);
    }
}
