package io.modelscale.placement.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cases-seldon.md} §6.3 (filters) and §6.4 (sorters, each alone as a stable sort). */
class RulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerName SERVER1 = ServerName.of("server1");
    private static final ModelName MODEL = ModelName.of("model");

    @ParameterizedTest(name = "{0}: need {1}, available {2}, reserved {3} -> passes {4}")
    @CsvSource({
        "EnoughMemory, 100, 100, 0, true",
        "NoMemorySpecified, 0, 200, 0, true",
        "NotEnoughMemory, 100, 50, 0, false",
        "NotEnoughMemoryWithReserved, 100, 200, 150, false",
        "NotEnoughMemoryWithReservedOverflow, 100, 200, 250, false",
    })
    void memoryFilter_comparesFreeMemoryWithTheNeed(String name, long need, long available, long reserved,
                                                    boolean passes) {
        ServerReplica replica = replica(0, available).withReservedMemoryBytes(reserved);
        Cluster cluster = withServer(replica).deployModel(model(need), T0);
        assertThat(ReplicaFilters.memory().reject(request(cluster), server(cluster), replica).isEmpty())
            .isEqualTo(passes);
    }

    /**
     * Worked by hand: a replica of 100 bytes with 10 % overcommit (110) with 60 registered has 50 free, 40 of them
     * within its request. Seldon's filter takes a model of 45; the filter within requests does not, and takes 40.
     */
    @ParameterizedTest(name = "need {0}, reserved {1}: Seldon's filter {2}, within the request {3}")
    @CsvSource({
        "45, 0, true, false",
        "40, 0, true, true",
        "41, 0, true, false",
        "40, 10, true, false",
        "0, 0, true, true",
    })
    void memoryWithinRequest_leavesTheOvercommitShareOut(long need, long reserved, boolean seldon, boolean within) {
        ServerReplica replica = ServerReplica.empty(ReplicaIndex.of(0), List.of("sklearn"), new ReplicaMemory(100, 10))
            .withAvailableMemoryBytes(50).withReservedMemoryBytes(reserved);
        Cluster cluster = withServer(replica).deployModel(model(need), T0);
        assertThat(ReplicaFilters.memory().reject(request(cluster), server(cluster), replica).isEmpty())
            .isEqualTo(seldon);
        assertThat(ReplicaFilters.memoryWithinRequest().reject(request(cluster), server(cluster), replica).isEmpty())
            .isEqualTo(within);
    }

    /**
     * A model of 105 bytes is larger than a request of 100 but within its overcommit (110): it goes alone on a
     * replica that holds nothing, and nowhere else.
     */
    @Test
    void memoryWithinRequest_aModelLargerThanTheRequest_goesAloneOnAnEmptyReplica() {
        ServerReplica empty = ServerReplica.empty(ReplicaIndex.of(0), List.of("sklearn"), new ReplicaMemory(100, 10));
        Cluster cluster = withServer(empty).deployModel(model(105), T0);
        assertThat(ReplicaFilters.memoryWithinRequest().reject(request(cluster), server(cluster), empty)).isEmpty();
        ServerReplica holding = empty.withAvailableMemoryBytes(100);
        assertThat(ReplicaFilters.memoryWithinRequest().reject(request(cluster), server(cluster), holding))
            .isNotEmpty();
        Cluster tooLarge = withServer(empty).deployModel(model(111), T0);
        assertThat(ReplicaFilters.memoryWithinRequest().reject(request(tooLarge), server(tooLarge), empty))
            .isNotEmpty();
    }

    @Test
    void memoryWithinRequest_overcommittedReplica_hasNothingFree_butKeepsWhatLoadsThere() {
        ServerReplica full = ServerReplica.empty(ReplicaIndex.of(0), List.of("sklearn"), new ReplicaMemory(100, 10))
            .withAvailableMemoryBytes(5);
        Cluster cluster = withServer(full).deployModel(model(1), T0);
        assertThat(ReplicaFilters.memoryWithinRequest().reject(request(cluster), server(cluster), full))
            .contains("free memory within the request 0 bytes (free 5 - overcommit 10) < 1 bytes required");
        Cluster loading = loadingOnReplica0();
        ServerReplica there = server(loading).replica(ReplicaIndex.of(0)).get().withAvailableMemoryBytes(0);
        assertThat(ReplicaFilters.memoryWithinRequest().reject(request(loading), server(loading), there)).isEmpty();
        assertThat(io.modelscale.placement.SchedulerConfig.packing().withinMemoryRequests().replicaFilters())
            .containsExactly(ReplicaFilters.memoryWithinRequest(), ReplicaFilters.explainer(),
                ReplicaFilters.notDraining());
    }

    @Test
    void aRequestKnowsWhereItsVersionIsAvailable_onItsOwnServerOnly() {
        Cluster cluster = loadingOnReplica0();
        PlacementRequest loading = request(cluster);
        assertThat(loading.availableOn(SERVER1, ReplicaIndex.of(0))).isFalse();
        assertThat(loading.loadingOrLoadedOn(SERVER1, ReplicaIndex.of(0))).isTrue();
        Cluster available = step(step(cluster, ModelReplicaState.LOADING, ModelReplicaState.LOADED),
            ModelReplicaState.LOADED, ModelReplicaState.AVAILABLE);
        assertThat(request(available).availableOn(SERVER1, ReplicaIndex.of(0))).isTrue();
        assertThat(request(available).availableOn(ServerName.of("elsewhere"), ReplicaIndex.of(0))).isFalse();
        assertThat(request(available).availableOn(SERVER1, ReplicaIndex.of(1))).isFalse();
    }

    @Test
    void memoryFilter_modelAlreadyLoadingThere_passesWithoutMemory() {
        Cluster cluster = loadingOnReplica0();
        ServerReplica full = server(cluster).replica(ReplicaIndex.of(0)).get().withAvailableMemoryBytes(0);

        assertThat(ReplicaFilters.memory().reject(request(cluster), server(cluster), full)).isEmpty();
    }

    @ParameterizedTest(name = "draining {0} -> passes {1}")
    @CsvSource({"true, false", "false, true"})
    void drainingFilter_rejectsDrainingReplicas(boolean draining, boolean passes) {
        ServerReplica replica = replica(0, 200).withDraining(draining);
        Cluster cluster = withServer(replica).deployModel(model(100), T0);
        assertThat(ReplicaFilters.notDraining().reject(request(cluster), server(cluster), replica).isEmpty())
            .isEqualTo(passes);
    }

    @Test
    void explainerFilter_needsTheExplainerCapability() {
        ServerReplica plain = replica(0, 200);
        ServerReplica explaining = plain.withCapabilities(List.of("sklearn", "alibi-explain"));
        Cluster cluster = withServer(plain).deployModel(model(100).withExplainer(true), T0);
        assertThat(ReplicaFilters.explainer().reject(request(cluster), server(cluster), plain)).isNotEmpty();
        assertThat(ReplicaFilters.explainer().reject(request(cluster), server(cluster), explaining)).isEmpty();
    }

    @Test
    void serverReplicasFilter_rejectsAServerWithoutReplicas() {
        Cluster empty = Cluster.empty().withServer(ServerSpec.of(SERVER1, ScalingSpec.fixed(1))
            .withExpectedReplicas(ExpectedReplicas.of(0))).deployModel(model(100), T0);
        Cluster one = withServer(replica(0, 200)).deployModel(model(100), T0);
        assertThat(ServerFilters.hasReplicas().reject(request(empty), server(empty))).contains("server has no replicas");
        assertThat(ServerFilters.hasReplicas().reject(request(one), server(one))).isEmpty();
    }

    @ParameterizedTest(name = "expected {0} -> passes {1}")
    @CsvSource({"0, false", "-1, true", "4, true"})
    void deletedServerFilter_rejectsOnlyAServerExpectedToHaveNoReplicas(int expected, boolean passes) {
        Cluster cluster = withServer(replica(0, 200)).deployModel(model(100), T0);
        Server server = server(cluster);
        server = server.withSpec(server.spec().withExpectedReplicas(
            expected < 0 ? ExpectedReplicas.unknown() : ExpectedReplicas.of(expected)));
        assertThat(ServerFilters.notDeleted().reject(request(cluster), server).isEmpty()).isEqualTo(passes);
    }

    @Test
    void requirementsFilter_checksTrimmedRequirementsExactly() {
        Cluster cluster = withServer(replica(0, 200)).deployModel(model(100).withRequirements(List.of(" sklearn ")),
            T0);
        Cluster upper = withServer(replica(0, 200)).deployModel(model(100).withRequirements(List.of("SKLearn")), T0);
        ServerFilter filter = ServerFilters.requirements(ServerFilters.CapabilityCheck.LOWEST_INDEX_REPLICA);
        assertThat(filter.reject(request(cluster), server(cluster))).isEmpty();
        assertThat(filter.reject(request(upper), server(upper))).contains("replica 0 lacks [SKLearn] (has [sklearn])");
    }

    @Test
    void sharingFilter_requestedServerOnlyAndUnsharedOnlyWhenRequested() {
        Cluster cluster = withServer(replica(0, 200));
        Server unshared = server(cluster).withSpec(server(cluster).spec().withShared(false));
        Cluster anyServer = cluster.deployModel(model(100), T0);
        Cluster requesting = cluster.deployModel(model(100).withRequestedServer(Option.some(SERVER1)), T0);
        Cluster elsewhere = cluster.deployModel(model(100).withRequestedServer(Option.some(ServerName.of("other"))),
            T0);
        assertThat(ServerFilters.sharing().reject(request(anyServer), unshared)).isNotEmpty();
        assertThat(ServerFilters.sharing().reject(request(requesting), unshared)).isEmpty();
        assertThat(ServerFilters.sharing().reject(request(elsewhere), server(cluster)))
            .contains("the model requests server other");
    }

    @Test
    void alreadyLoadedSorter_oneLoadedModel_movesItsReplicaFirst() {
        Cluster cluster = withServer(replica(1, 200), replica(2, 200), replica(3, 200)).deployModel(model(100), T0)
            .updateLoadedModels(MODEL.version(1), Option.some(SERVER1), List.of(ReplicaIndex.of(3)), T0)
            .flatMap(c -> c.updateModelState(MODEL.version(1), new ServerReplicaId(SERVER1, ReplicaIndex.of(3)),
                Option.some(ModelReplicaState.LOAD_REQUESTED), ModelReplicaState.LOADING, "", T0))
            .get();

        assertThat(sortedAlone(ReplicaSorters.alreadyLoaded(), cluster, server(cluster), 2, 1, 3))
            .containsExactly(3, 2, 1);
    }

    @Test
    void alreadyLoadedSorter_loadedOnADifferentServer_keepsTheOrder() {
        ServerName server2 = ServerName.of("server2");
        Cluster cluster = withServer(replica(1, 200), replica(2, 200), replica(3, 200))
            .withServer(ServerSpec.of(server2, ScalingSpec.fixed(4)))
            .connectReplica(server2, replica(3, 200)).get()
            .deployModel(model(100), T0)
            .updateLoadedModels(MODEL.version(1), Option.some(server2), List.of(ReplicaIndex.of(3)), T0)
            .flatMap(c -> c.updateModelState(MODEL.version(1), new ServerReplicaId(server2, ReplicaIndex.of(3)),
                Option.some(ModelReplicaState.LOAD_REQUESTED), ModelReplicaState.LOADING, "", T0))
            .get();

        assertThat(sortedAlone(ReplicaSorters.alreadyLoaded(), cluster, server(cluster), 2, 1, 3))
            .containsExactly(2, 1, 3);
    }

    @Test
    void indexSorter_ordersByIndex() {
        Cluster cluster = withServer(replica(20, 200), replica(10, 200), replica(30, 200)).deployModel(model(100), T0);
        assertThat(sortedAlone(ReplicaSorters.index(), cluster, server(cluster), 20, 10, 30))
            .containsExactly(10, 20, 30);
    }

    @Test
    void replicaOrder_spreading_isLoadedThenMostFreeThenLowestIndex() {
        Cluster cluster = withServer(replica(0, 100), replica(1, 300), replica(2, 300), replica(3, 200))
            .deployModel(model(100), T0);
        assertThat(ReplicaOrder.spreading().candidates(request(cluster), server(cluster))
            .map(r -> r.index().value()).toList()).containsExactly(1, 2, 3, 0);
        assertThat(ReplicaOrder.packing().candidates(request(cluster), server(cluster))
            .map(r -> r.index().value()).toList()).containsExactly(0, 1, 2, 3);
        assertThat(ReplicaOrder.of(List.of(ReplicaSorters.freeMemory(), ReplicaSorters.index()))
            .candidates(request(cluster), server(cluster)).map(r -> r.index().value()).toList())
            .containsExactly(0, 1, 2, 3);
    }

    /**
     * Each standard replica filter admits a replica exactly when it gives no reason to reject it, over drawn needs,
     * memories, overcommit, reservations, draining, explainers and capabilities, and a model already loading there:
     * the scheduler picks replicas by {@code admits} and explains a shortfall by {@code reject}, so the two must
     * never disagree. Both answers are reached often for every filter.
     */
    @Test
    void eachStandardFilterAdmitsExactlyWhatItDoesNotReject() {
        SplittableRandom random = new SplittableRandom(17);
        java.util.Map<String, int[]> outcomes = new java.util.TreeMap<>();
        java.util.List<ReplicaFilter> filters = java.util.List.of(ReplicaFilters.memory(),
            ReplicaFilters.memoryWithinRequest(), ReplicaFilters.explainer(), ReplicaFilters.notDraining());
        for (int draw = 0; draw < 3_000; draw++) {
            int total = 50 + random.nextInt(100);
            int overcommit = random.nextInt(3) == 0 ? 0 : random.nextInt(40);
            boolean alreadyThere = random.nextInt(6) == 0;
            Cluster cluster = alreadyThere ? loadingOnReplica0() : null;
            ServerReplica replica = alreadyThere ? server(cluster).replica(ReplicaIndex.of(0)).get()
                : ServerReplica.empty(ReplicaIndex.of(0), random.nextBoolean() ? List.of("sklearn")
                    : List.of("sklearn", ModelSpec.EXPLAINER_CAPABILITY), new ReplicaMemory(total, overcommit));
            replica = replica.withAvailableMemoryBytes(random.nextInt(total + overcommit + 1))
                .withReservedMemoryBytes(random.nextInt(4) == 0 ? random.nextInt(60) : 0)
                .withDraining(random.nextInt(5) == 0);
            if (!alreadyThere) {
                long need = random.nextInt(4) == 0 ? total + random.nextInt(50) : random.nextInt(total);
                ModelSpec spec = ModelSpec.builder().name(MODEL).memory(MemoryQuantity.ofBytes(need))
                    .requirements(List.of("sklearn")).explainer(random.nextBoolean()).build();
                cluster = withServer(replica).deployModel(spec, T0);
            }
            PlacementRequest request = request(cluster);
            for (ReplicaFilter filter : filters) {
                boolean admits = filter.admits(request, server(cluster), replica);
                assertThat(admits).as("%s on %s", filter.ruleName(), replica)
                    .isEqualTo(filter.reject(request, server(cluster), replica).isEmpty());
                outcomes.computeIfAbsent(filter.ruleName(), k -> new int[2])[admits ? 1 : 0]++;
            }
        }
        assertThat(outcomes).hasSize(4);
        outcomes.forEach((rule, counts) -> {
            assertThat(counts[0]).as("%s rejects", rule).isGreaterThan(200);
            assertThat(counts[1]).as("%s admits", rule).isGreaterThan(200);
        });
    }

    private static java.util.List<Integer> sortedAlone(ReplicaSorter sorter, Cluster cluster, Server server,
                                                       int... order) {
        return List.ofAll(order).map(i -> server.replica(ReplicaIndex.of(i)).get())
            .sorted(sorter.comparator(request(cluster), server))
            .map(r -> r.index().value()).toJavaList();
    }

    /** The model of 100 bytes, asked to load on replica 0 of server1 and Loading there. */
    private static Cluster loadingOnReplica0() {
        Cluster requested = withServer(replica(0, 1000)).deployModel(model(100), T0)
            .updateLoadedModels(MODEL.version(1), Option.some(SERVER1), List.of(ReplicaIndex.of(0)), T0).get();
        return step(requested, ModelReplicaState.LOAD_REQUESTED, ModelReplicaState.LOADING);
    }

    /** The model's replica on replica 0 of server1 moves from one state to the next. */
    private static Cluster step(Cluster cluster, ModelReplicaState from, ModelReplicaState to) {
        return cluster.updateModelState(MODEL.version(1), new ServerReplicaId(SERVER1, ReplicaIndex.of(0)),
            Option.some(from), to, "", T0).get();
    }

    private static PlacementRequest request(Cluster cluster) {
        var model = cluster.model(MODEL).get();
        return new PlacementRequest(cluster, model, model.latest(), new SplittableRandom(7));
    }

    private static Server server(Cluster cluster) {
        return cluster.server(SERVER1).get();
    }

    private static ModelSpec model(long memory) {
        return ModelSpec.builder().name(MODEL).memory(MemoryQuantity.ofBytes(memory))
            .requirements(List.of("sklearn")).build();
    }

    private static ServerReplica replica(int index, long available) {
        return ServerReplica.empty(ReplicaIndex.of(index), List.of("sklearn"), new ReplicaMemory(available, 0));
    }

    private static Cluster withServer(ServerReplica... replicas) {
        Cluster cluster = Cluster.empty().withServer(ServerSpec.of(SERVER1, ScalingSpec.fixed(replicas.length)));
        for (ServerReplica replica : replicas) {
            cluster = cluster.connectReplica(SERVER1, replica.withReservedMemoryBytes(0)).get();
            if (replica.reservedMemoryBytes() > 0) {
                cluster = new Cluster(cluster.servers().put(SERVER1, cluster.server(SERVER1).get()
                    .withReplica(replica)), cluster.models());
            }
        }
        return cluster;
    }
}
