package io.modelscale.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.vavr.collection.List;
import io.vavr.collection.TreeMap;
import org.junit.jupiter.api.Test;

/** A server's replicas by free memory, its identity, and the counts it is told to expect. */
class ServerTest {

    private static final ServerName NAME = ServerName.of("mlserver");

    @Test
    void replicasByFreeMemory_mostFreeFirst_thenLowestIndex_andFollowsChanges() {
        Server server = Server.of(ServerSpec.of(NAME, ScalingSpec.fixed(3)))
            .withReplica(replica(0, 500))
            .withReplica(replica(1, 900))
            .withReplica(replica(2, 900));
        assertThat(server.replicasByFreeMemory().map(r -> r.index().value()).toList()).containsExactly(1, 2, 0);
        Server changed = server.withReplica(replica(1, 100)).withoutReplica(ReplicaIndex.of(2));
        assertThat(changed.replicasByFreeMemory().map(r -> r.index().value()).toList()).containsExactly(0, 1);
        assertThat(changed.withoutReplica(ReplicaIndex.of(7))).isSameAs(changed);
    }

    @Test
    void aReplicaListedUnderAnotherIndex_orARename_isRefused() {
        ServerSpec spec = ServerSpec.of(NAME, ScalingSpec.fixed(1));
        assertThatIllegalArgumentException().isThrownBy(() ->
                new Server(spec, TreeMap.of(ReplicaIndex.of(1), replica(0, 10))))
            .withMessageContaining("lists replica 0 under index 1");
        assertThatIllegalArgumentException().isThrownBy(() ->
                Server.of(spec).withSpec(ServerSpec.of(ServerName.of("triton"), ScalingSpec.fixed(1))))
            .withMessageContaining("cannot rename server mlserver to triton");
    }

    @Test
    void equality_isBySpecAndReplicas() {
        Server a = Server.of(ServerSpec.of(NAME, ScalingSpec.fixed(1))).withReplica(replica(0, 10));
        Server same = Server.of(ServerSpec.of(NAME, ScalingSpec.fixed(1))).withReplica(replica(0, 10));
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a).isNotEqualTo(a.withReplica(replica(0, 20)));
        assertThat(a).isNotEqualTo(a.withSpec(ServerSpec.of(NAME, ScalingSpec.fixed(2))));
        assertThat(a).isNotEqualTo("mlserver");
        assertThat(a.withSpec(ServerSpec.of(NAME, ScalingSpec.fixed(2))).replicas()).isEqualTo(a.replicas());
    }

    @Test
    void expectedReplicas_unknownUntilTold_andZeroMeansBeingDeleted() {
        assertThat(ExpectedReplicas.unknown().count()).isEmpty();
        assertThat(ExpectedReplicas.unknown().beingDeleted()).isFalse();
        assertThat(ExpectedReplicas.unknown()).hasToString("unknown");
        assertThat(ExpectedReplicas.of(3).count()).contains(3);
        assertThat(ExpectedReplicas.of(3).beingDeleted()).isFalse();
        assertThat(ExpectedReplicas.of(0).beingDeleted()).isTrue();
        assertThat(ExpectedReplicas.of(3)).hasToString("3");
    }

    @Test
    void maxReplicas_clampsOnlyWhenBounded() {
        assertThat(MaxReplicas.of(3).clamp(5)).isEqualTo(3);
        assertThat(MaxReplicas.of(3).clamp(2)).isEqualTo(2);
        assertThat(MaxReplicas.unbounded().clamp(500)).isEqualTo(500);
        assertThat(MaxReplicas.of(3)).hasToString("3");
        assertThat(MaxReplicas.unbounded().toString()).isNotEqualTo("3").isNotEmpty();
    }

    @Test
    void aReplicasMemory_isItsCapacityPlusOvercommit() {
        ServerReplica replica = ServerReplica.empty(ReplicaIndex.of(0), List.empty(), new ReplicaMemory(1000, 20));
        assertThat(replica.totalMemoryBytes()).isEqualTo(1000);
        assertThat(replica.overcommitPercentage()).isEqualTo(20);
        assertThat(replica.memory().overcommitBytes()).isEqualTo(200);
        assertThat(replica.memory().capacityBytes()).isEqualTo(1200);
        assertThat(replica.freeMemoryBytes()).isEqualTo(1200);
        assertThat(replica.isEmpty()).isTrue();
        assertThat(replica.withReservedMemoryBytes(300).freeMemoryBytes()).isEqualTo(900);
        assertThat(replica.withReservedMemoryBytes(5000).freeMemoryBytes()).isZero();
        assertThat(new ReplicaMemory(150, 10).overcommitBytes()).as("floor(150 x 10 / 100)").isEqualTo(15);
    }

    private static ServerReplica replica(int index, long bytes) {
        return ServerReplica.empty(ReplicaIndex.of(index), List.of("sklearn"), new ReplicaMemory(bytes, 0));
    }
}
