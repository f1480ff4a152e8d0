package io.modelscale.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cases-seldon.md} §6.8, {@code TestAvailableMemoryWithOverCommit}: ten 1-byte models with workers. */
class ReplicaMemoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}: capacity {1}, overcommit {2} %, workers {3} -> available {4}")
    @CsvSource({
        "extra main capacity, 30, 0, 2, 10",
        "extra main capacity with overcommit, 20, 10, 1, 12",
        "enough main capacity, 10, 0, 1, 0",
    })
    void availableBytes_tenOneByteModels_matchesSeldon(String name, long capacity, int overcommit, int workers,
                                                       long available) {
        long registered = 0;
        for (int i = 0; i < 10; i++) {
            registered += oneByteModel(i, workers).requiredMemoryBytes();
        }
        assertThat(new ReplicaMemory(capacity, overcommit).availableBytes(registered)).isEqualTo(available);
    }

    @ParameterizedTest(name = "{0}: through the cluster")
    @CsvSource({
        "extra main capacity, 30, 0, 2, 10",
        "extra main capacity with overcommit, 20, 10, 1, 12",
        "enough main capacity, 10, 0, 1, 0",
    })
    void cluster_tenOneByteModelsLoaded_reportsSeldonsAvailableMemory(String name, long capacity, int overcommit,
                                                                     int workers, long available) {
        ServerName server = ServerName.of("agent");
        ServerReplicaId at = new ServerReplicaId(server, ReplicaIndex.of(0));
        Cluster cluster = Cluster.empty()
            .withServer(ServerSpec.of(server, ScalingSpec.fixed(1)))
            .connectReplica(server, ServerReplica.empty(at.index(), List.empty(),
                new ReplicaMemory(capacity, overcommit))).get();
        for (int i = 0; i < 10; i++) {
            ModelSpec spec = oneByteModel(i, workers);
            cluster = cluster.deployModel(spec, T0)
                .updateLoadedModels(spec.name().version(1), Option.some(server), List.of(at.index()), T0)
                .flatMap(c -> c.updateModelState(spec.name().version(1), at,
                    Option.some(ModelReplicaState.LOAD_REQUESTED), ModelReplicaState.LOADING, "", T0))
                .flatMap(c -> c.updateModelState(spec.name().version(1), at,
                    Option.some(ModelReplicaState.LOADING), ModelReplicaState.LOADED, "", T0))
                .get();
        }
        ServerReplica replica = cluster.replica(at).get();
        assertThat(replica.availableMemoryBytes()).isEqualTo(available);
        assertThat(replica.reservedMemoryBytes()).isZero();
        assertThat(replica.loadedModels()).hasSize(10);
        assertThat(cluster.checkInvariants()).isEmpty();
    }

    @Test
    void capacityBytes_hugeTotalWithOvercommit_saturatesInsteadOfOverflowing() {
        ReplicaMemory memory = new ReplicaMemory(Long.MAX_VALUE - 5, 50);
        assertThat(memory.capacityBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(memory.availableBytes(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void overcommitBytes_isTheExactFloorOfThePercentage() {
        assertThat(new ReplicaMemory(1001, 10).overcommitBytes()).isEqualTo(100);
        assertThat(new ReplicaMemory(999, 10).overcommitBytes()).isEqualTo(99);
        assertThat(new ReplicaMemory(20, 10).capacityBytes()).isEqualTo(22);
    }

    private static ModelSpec oneByteModel(int i, int workers) {
        return ModelSpec.builder().name(ModelName.of("model-" + i)).memory(MemoryQuantity.ofBytes(1))
            .instanceCount(workers).build();
    }
}
