package io.modelscale.policy.model;

import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
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
        return Transitions.place(cluster, IRIS.version(1), SERVER, ModelReplicaState.AVAILABLE, T0,
            List.range(0, scaling.replicas()).toJavaStream().mapToInt(Integer::intValue).toArray());
    }
}
