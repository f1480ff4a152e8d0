package io.modelscale.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.Problem;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.vavr.collection.Seq;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterBuilderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void build_serversAndModelsAlreadyRunning_areAvailableWhereTheyWereSaidToBe() {
        Cluster cluster = ClusterBuilder.at(NOW)
            .server("mlserver", s -> s.replicas(2).scaling(1, 4).memory("16Gi").overcommit(10)
                .capabilities("sklearn", "mlserver"))
            .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).requirements("sklearn").loadedOn("mlserver", 0, 1))
            .model("idle", m -> m.memory("2Gi"))
            .build().get();

        Server mlserver = cluster.server(ServerName.of("mlserver")).get();
        assertThat(mlserver.replicas()).hasSize(2);
        assertThat(mlserver.spec().expectedReplicas().count()).contains(2);
        assertThat(mlserver.spec().scaling().maxReplicas().bound()).contains(4);
        assertThat(mlserver.replica(ReplicaIndex.of(0)).get().capabilities()).containsExactly("sklearn", "mlserver");
        ModelVersion iris = cluster.model(ModelName.of("iris")).get().latest();
        assertThat(iris.status().state()).isEqualTo(ModelState.AVAILABLE);
        assertThat(iris.status().timestamp()).isEqualTo(NOW);
        assertThat(cluster.state(iris.id(), new ServerReplicaId(ServerName.of("mlserver"), ReplicaIndex.of(1))))
            .isEqualTo(ModelReplicaState.AVAILABLE);
        assertThat(mlserver.replica(ReplicaIndex.of(0)).get().availableMemoryBytes())
            .isEqualTo((long) (16L * 1.1 * (1L << 30)) - (1L << 30));
        assertThat(cluster.model(ModelName.of("idle")).get().latest().server()).isEmpty();
        assertThat(cluster.checkInvariants()).isEmpty();
    }

    @Test
    void build_everyProblemAtOnce_namingTheServerOrModelAndTheField() {
        Seq<Problem> problems = ClusterBuilder.at(NOW)
            .server("Bad Name", s -> s)
            .server("mlserver", s -> s.replicas(2).memory("lots").scaling(3, 1))
            .model("iris", m -> m.memory("1Gi").loadedOn("triton", 0))
            .model("chat", m -> m.scaling(1, 2, 0))
            .build().getError();
        assertThat(problems.map(Problem::field)).containsExactly("server Bad Name.name", "server mlserver.memory",
            "server mlserver.replicas", "model iris.loadedOn", "model chat.replicas");
        assertThat(problems.get(1).describe()).contains("lots");
        assertThat(problems.get(3).message()).isEqualTo("no server of that name was described before the model");
    }

    @Test
    void buildOrThrow_givesTheSnapshot_orThrowsWithEveryProblemInItsMessage() {
        ClusterBuilder good = ClusterBuilder.at(NOW).server("mlserver", s -> s.replicas(1).memory("4Gi"));
        assertThat(good.buildOrThrow()).isEqualTo(good.build().get());
        ClusterBuilder bad = ClusterBuilder.at(NOW).server("mlserver", s -> s.replicas(2).memory("lots"))
            .model("chat", m -> m.scaling(1, 2, 0));
        String expected = bad.build().getError().map(p -> p.field() + ": " + p.message()).mkString("; ");
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::buildOrThrow)
            .isInstanceOf(IllegalArgumentException.class).hasMessage(expected)
            .hasMessageContaining("server mlserver.memory").hasMessageContaining("lots")
            .hasMessageContaining("model chat.replicas");
        Problem one = Problem.of("spec.memory", "4Gx", "expected a quantity such as 4Gi");
        assertThat(one.toException()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("spec.memory: expected a quantity such as 4Gi");
    }

    @Test
    void loadedOnWithoutAnIndex_orANullDraft_isNamed() {
        Seq<Problem> none = ClusterBuilder.at(NOW).server("s", d -> d.replicas(1).memory("1Gi"))
            .model("iris", m -> m.memory("1Mi").loadedOn("s")).build().getError();
        assertThat(none.map(Problem::describe)).containsExactly("model iris.loadedOn: no replica index given: expected"
            + " the indexes of the server's replicas the model is loaded on");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterBuilder.at(NOW).server("s", d -> null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("the draft of server s returned null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterBuilder.at(NOW).model("m", null))
            .isInstanceOf(NullPointerException.class).hasMessage("the draft of model m");
    }

    @Test
    void build_replicasThatDoNotExistOrRepeat_areRefused() {
        Seq<Problem> problems = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(2).memory("1Gi"))
            .model("a", m -> m.loadedOn("s", 2))
            .model("b", m -> m.loadedOn("s", 1, 1))
            .build().getError();
        assertThat(problems.map(Problem::describe)).containsExactly(
            "model a.loadedOn: server s has no replica 2: expected 0 to 1",
            "model b.loadedOn: a model has at most one replica per server replica");
    }

    @Test
    void build_twoOfOneName_orMoreMemoryThanAReplicaHas_areProblems() {
        assertThat(ClusterBuilder.at(NOW).server("s", s -> s).server("s", s -> s).build().getError()
            .map(Problem::describe)).containsExactly("server s: two servers are called s");
        Seq<Problem> overfull = ClusterBuilder.at(NOW)
            .server("s", s -> s.memory("1Gi"))
            .model("a", m -> m.memory("800Mi").loadedOn("s", 0))
            .model("b", m -> m.memory("800Mi").loadedOn("s", 0))
            .build().getError();
        assertThat(overfull).hasSize(1);
        assertThat(overfull.head().field()).isEqualTo("cluster");
        assertThat(overfull.head().message()).contains("above its capacity");
    }

    @Test
    void builder_isAValue_eachCallReturnsANewOne() {
        ClusterBuilder empty = ClusterBuilder.at(NOW);
        ClusterBuilder one = empty.server("s", s -> s);
        assertThat(empty.build().get().servers()).isEmpty();
        assertThat(one.build().get().servers()).hasSize(1);
    }
}
