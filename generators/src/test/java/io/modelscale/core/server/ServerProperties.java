package io.modelscale.core.server;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.generators.ClusterGenerators;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class ServerProperties {

    private static final Comparator<ServerReplica> MOST_FREE_FIRST = Comparator
        .comparingLong(ServerReplica::freeMemoryBytes).reversed()
        .thenComparing(ServerReplica::index);

    @Test
    void freeMemoryIndexAgreesWithAFullSortAfterEveryUpdate() {
        qt().forAll(ClusterGenerators.clusters()).checkAssert(cluster -> cluster.servers().values().forEach(server ->
            assertThat(server.replicasByFreeMemory().toList())
                .isEqualTo(server.replicas().values().toList().sorted(MOST_FREE_FIRST))));
    }

    @Test
    void serversBuiltFromTheirReplicasEqualTheIncrementallyUpdatedOnes() {
        qt().forAll(ClusterGenerators.clusters()).checkAssert(cluster -> cluster.servers().values().forEach(server -> {
            Server rebuilt = new Server(server.spec(), server.replicas());
            assertThat(rebuilt).isEqualTo(server).hasSameHashCodeAs(server);
            assertThat(rebuilt.replicasByFreeMemory().toList()).isEqualTo(server.replicasByFreeMemory().toList());
        }));
    }

    @Test
    void removingAReplicaDropsItFromTheIndex() {
        qt().forAll(ClusterGenerators.populatedClusters()).checkAssert(cluster -> {
            Server server = cluster.server(ServerName.of("server-0")).get();
            ReplicaIndex first = server.replicas().keySet().head();
            Server smaller = server.withoutReplica(first);
            assertThat(smaller.replicasByFreeMemory().map(ServerReplica::index).toList()).doesNotContain(first);
            assertThat(smaller.replicasByFreeMemory().size()).isEqualTo(server.replicas().size() - 1);
            assertThat(smaller.replicasByFreeMemory().toJavaList()).isSortedAccordingTo(MOST_FREE_FIRST);
        });
    }
}
