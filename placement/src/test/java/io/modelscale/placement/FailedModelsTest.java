package io.modelscale.placement;

import static io.modelscale.placement.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelStatus;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code cases-seldon.md} §6.2: {@code TestFailedModels}, {@code TestScheduleFailedModels} and
 * {@code TestLoadModel}.
 */
class FailedModelsTest {

    private static final ServerName SERVER1 = ServerName.of("server1");

    @Test
    void failedModels_smokeTest_selectsFailedAndUnderReplicatedModels() {
        Cluster cluster = Cluster.empty();
        cluster = withStatus(cluster, "m1", new ScalingSpec(1, 0, MaxReplicas.unbounded()), ModelState.SCHEDULE_FAILED, 0);
        cluster = withStatus(cluster, "m2", new ScalingSpec(1, 0, MaxReplicas.unbounded()), ModelState.FAILED, 0);
        cluster = withStatus(cluster, "m3", new ScalingSpec(1, 0, MaxReplicas.unbounded()), ModelState.AVAILABLE, 1);
        cluster = withStatus(cluster, "m4", new ScalingSpec(2, 1, MaxReplicas.of(2)), ModelState.AVAILABLE, 1);

        assertThat(Scheduler.failedModels(cluster).map(ModelName::value)).containsExactly("m1", "m2", "m4");
    }

    @Test
    void failedModels_onlyAvailableModel_selectsNothing() {
        Cluster cluster = withStatus(Cluster.empty(), "m3", ScalingSpec.fixed(1), ModelState.AVAILABLE, 1);
        assertThat(Scheduler.failedModels(cluster)).isEmpty();
    }

    @Test
    void scheduleFailedModels_singleFailedModel_isPlacedOnItsRequestedServer() {
        Cluster cluster = dedicatedServer().deployModel(requesting("m1", 1, 0), T0);
        cluster = cluster.failScheduling(ModelName.of("m1").version(1), "earlier failure", true, T0).get();

        Scheduler.Rescheduled result =
            Scheduler.spreading().scheduleFailedModels(cluster, T0, new SplittableRandom(1));

        assertThat(result.placed()).containsExactly(ModelName.of("m1"));
        ModelVersion version = result.cluster().model(ModelName.of("m1")).get().latest();
        assertThat(version.server()).contains(SERVER1);
        assertThat(version.replicas().keySet()).containsExactly(ReplicaIndex.of(0));
    }

    @Test
    void scheduleFailedModels_twoFailedModels_placesBoth() {
        Cluster cluster = dedicatedServer().deployModel(requesting("m1", 1, 0), T0)
            .deployModel(requesting("m2", 1, 0), T0);
        cluster = cluster.failScheduling(ModelName.of("m1").version(1), "earlier", true, T0)
            .flatMap(c -> c.failScheduling(ModelName.of("m2").version(1), "earlier", true, T0)).get();

        Scheduler.Rescheduled result =
            Scheduler.spreading().scheduleFailedModels(cluster, T0, new SplittableRandom(1));

        assertThat(result.placed()).containsExactlyInAnyOrder(ModelName.of("m1"), ModelName.of("m2"));
    }

    @Test
    void scheduleFailedModels_tooFewReplicasEvenForTheMinimum_failsAgainAndResets() {
        Cluster cluster = dedicatedServer().deployModel(requesting("m1", 3, 2), T0);
        cluster = cluster.failScheduling(ModelName.of("m1").version(1), "earlier", true, T0).get();

        Scheduler.Rescheduled result =
            Scheduler.spreading().scheduleFailedModels(cluster, T0.plusSeconds(1), new SplittableRandom(1));

        assertThat(result.placed()).isEmpty();
        ModelVersion version = result.cluster().model(ModelName.of("m1")).get().latest();
        assertThat(version.status().state()).isEqualTo(ModelState.SCHEDULE_FAILED);
        assertThat(version.status().reason())
            .isEqualTo("Failed to schedule model as no matching server had enough suitable replicas");
        assertThat(version.status().timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(version.server()).isEmpty();
    }

    @Test
    void loadModel_simple_isNotScheduleFailed() {
        assertThat(loadModel(Fixture.spec("model1", 1, 0, 0))).isNotEqualTo(ModelState.SCHEDULE_FAILED);
    }

    @Test
    void loadModel_tooManyReplicas_isScheduleFailed() {
        assertThat(loadModel(Fixture.spec("model1", 2, 0, 0))).isEqualTo(ModelState.SCHEDULE_FAILED);
    }

    @Test
    void loadModel_tooMuchMemory_isScheduleFailed() {
        assertThat(loadModel(Fixture.spec("model1", 1, 0, 0).withMemory(
            io.modelscale.core.memory.MemoryQuantity.ofBytes(2000)))).isEqualTo(ModelState.SCHEDULE_FAILED);
    }

    @Test
    void loadModel_failedRequirements_isScheduleFailed() {
        assertThat(loadModel(Fixture.spec("model1", 1, 0, 0).withRequirements(List.of("xgboost"))))
            .isEqualTo(ModelState.SCHEDULE_FAILED);
    }

    private static ModelState loadModel(ModelSpec spec) {
        Cluster cluster = Fixture.cluster().server("server1", 1000).build().deployModel(spec, T0);
        return Scheduler.spreading().schedule(cluster, spec.name(), T0, new SplittableRandom(1)).get()
            .cluster().model(spec.name()).get().latest().status().state();
    }

    /** server1: not shared, one replica with memory = available = reserved = 16000. */
    private static Cluster dedicatedServer() {
        ReplicaMemory memory = new ReplicaMemory(16_000, 0);
        return Cluster.empty()
            .withServer(ServerSpec.of(SERVER1, ScalingSpec.fixed(1)).withShared(false))
            .connectReplica(SERVER1, ServerReplica.builder().index(ReplicaIndex.of(0)).memory(memory)
                .availableMemoryBytes(16_000).reservedMemoryBytes(16_000).build()).get();
    }

    private static ModelSpec requesting(String name, int replicas, int min) {
        return ModelSpec.builder().name(ModelName.of(name)).requestedServer(Option.some(SERVER1))
            .scaling(new ScalingSpec(replicas, min, MaxReplicas.unbounded())).build();
    }

    private static Cluster withStatus(Cluster cluster, String name, ScalingSpec scaling, ModelState state,
                                      int available) {
        ModelSpec spec = ModelSpec.builder().name(ModelName.of(name)).scaling(scaling).build();
        Model model = cluster.deployModel(spec, T0).model(spec.name()).get();
        Model withStatus = model.withVersionStatus(1, new ModelStatus(state, "", available, 0, 0, T0));
        return new Cluster(cluster.servers(), cluster.models().put(withStatus.name(), withStatus));
    }
}
