package io.modelscale.policy.model;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/** A model {@code iris} Available on replicas of {@code server1}, its states all stamped {@link #T0}. */
final class PolicyFixture {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ServerName SERVER = ServerName.of("server1");
    static final ModelName IRIS = ModelName.of("iris");

    private PolicyFixture() {
    }

    static ScalingSpec scaling(int replicas, int min, int max) {
        return new ScalingSpec(replicas, min, max > 0 ? MaxReplicas.of(max) : MaxReplicas.unbounded());
    }

    /** {@code serverReplicas} replicas of 1000 bytes with server max {@code serverMax}; iris Available on the first. */
    static Cluster available(ScalingSpec scaling, int serverReplicas, int serverMax) {
        Cluster cluster = Cluster.empty().withServer(new ServerSpec(SERVER,
            new ScalingSpec(serverReplicas, 1, serverMax > 0 ? MaxReplicas.of(serverMax) : MaxReplicas.unbounded()),
            true, ExpectedReplicas.of(serverReplicas)));
        for (int i = 0; i < serverReplicas; i++) {
            cluster = cluster.connectReplica(SERVER, ServerReplica.empty(ReplicaIndex.of(i), List.empty(),
                new ReplicaMemory(1000, 0))).get();
        }
        ModelSpec spec = ModelSpec.builder().name(IRIS).memory(MemoryQuantity.ofBytes(100)).scaling(scaling).build();
        cluster = cluster.deployModel(spec, T0);
        ModelVersionId id = IRIS.version(1);
        List<ReplicaIndex> indexes = List.range(0, scaling.replicas()).map(ReplicaIndex::of);
        cluster = cluster.updateLoadedModels(id, Option.some(SERVER), indexes, T0).get();
        List<ModelReplicaState> path = List.of(ModelReplicaState.LOAD_REQUESTED, ModelReplicaState.LOADING,
            ModelReplicaState.LOADED, ModelReplicaState.AVAILABLE);
        for (ReplicaIndex index : indexes) {
            for (int step = 1; step < path.size(); step++) {
                cluster = cluster.updateModelState(id, new ServerReplicaId(SERVER, index),
                    Option.some(path.get(step - 1)), path.get(step), "", T0).get();
            }
        }
        return cluster;
    }
}
