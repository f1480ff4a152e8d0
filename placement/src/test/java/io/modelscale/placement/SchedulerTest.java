package io.modelscale.placement;

import static io.modelscale.placement.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import java.util.random.RandomGenerator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code cases-seldon.md} §6.1, {@code TestScheduler}: the whole placement with Seldon's default rules. */
class SchedulerTest {

    private static final ModelName MODEL = ModelName.of("model1");
    private final Scheduler scheduler = Scheduler.spreading();
    private final RandomGenerator random = new SplittableRandom(1);

    @Test
    void schedule_smokeTest_placesOnTheOnlyReplica() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).model("model1", 1, 0, 1).build());

        assertPlaced(result, "server1", 0);
        assertThat(result.serverScaleUp()).isEmpty();
    }

    @Test
    void schedule_replicasTwo_takesTheServerWithTwoReplicas() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).server("server2", 200, 200)
            .model("model1", 2, 0, 2).build());

        assertPlaced(result, "server2", 0, 1);
    }

    @Test
    void schedule_notEnoughReplicas_failsNamingEveryRejection() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).server("server2", 200, 0)
            .model("model1", 2, 0, 2).build());

        assertThat(result.outcome()).isInstanceOf(ScheduleOutcome.Failed.class);
        ScheduleFailure failure = ((ScheduleOutcome.Failed) result.outcome()).failure();
        assertThat(failure.message())
            .isEqualTo("Failed to schedule model as no matching server had enough suitable replicas");
        assertThat(((ScheduleFailure.NotEnoughReplicas) failure).tried()).containsExactly(
            new ServerShortfall(ServerName.of("server1"), 1, io.vavr.collection.Vector.empty()),
            new ServerShortfall(ServerName.of("server2"), 1, io.vavr.collection.Vector.of(new ReplicaRejection(
                ReplicaIndex.of(1), "AvailableMemoryReplicaFilter",
                "free memory 0 bytes (available 0 - reserved 0) < 100 bytes required"))));
        assertThat(result.cluster().model(MODEL).get().latest().status().state())
            .isEqualTo(ModelState.SCHEDULE_FAILED);
        assertThat(result.serverScaleUp()).isEmpty();
    }

    @Test
    void schedule_notEnoughReplicasWithMinimum_placesPartiallyAndAsksForScaleUp() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).server("server2", 200, 200)
            .model("model1", 3, 2, 3).on("model1", "server2").build());

        assertPlaced(result, "server2", 0, 1);
        assertThat(((ScheduleOutcome.Placed) result.outcome()).partial()).isTrue();
        assertThat(result.serverScaleUp()).contains(ServerName.of("server2"));
    }

    @Test
    void schedule_memoryOnOneServerOnly_takesThatServer() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 50).server("server2", 200)
            .model("model1", 1, 0, 1).build());

        assertPlaced(result, "server2", 0);
    }

    @Test
    void schedule_modelLoadedOnOneReplica_keepsItAndAddsTheOther() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 50).server("server2", 200, 200)
            .model("model1", 2, 0, 2).loaded("model1", "server2", 1).build());

        assertPlaced(result, "server2", 1, 0);
        assertThat(result.cluster().state(MODEL.version(1), replica("server2", 1))).isEqualTo(ModelReplicaState.LOADED);
    }

    @Test
    void schedule_deletedModel_unloadsEverywhereWithoutEvents() {
        ScheduleResult result = schedule(Fixture.cluster().server("server2", 200, 200).model("model1", 2, 0, 2)
            .loaded("model1", "server2", 1).deleted("model1").build());

        assertThat(result.outcome()).isEqualTo(new ScheduleOutcome.Unloaded(MODEL));
        assertThat(result.cluster().state(MODEL.version(1), replica("server2", 1)).unloadingOrUnloaded()).isTrue();
        assertThat(result.cluster().version(MODEL.version(1)).get().server()).contains(ServerName.of("server2"));
        assertThat(result.serverScaleUp()).isEmpty();
    }

    @Test
    void schedule_serverBeingDeleted_isSkipped() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).expected("server1", 0)
            .server("server2", 200, 200).model("model1", 1, 0, 1).build());

        assertPlaced(result, "server2", 0);
    }

    @Test
    void schedule_currentServerBeingDeleted_movesToAnotherServerWithoutEvents() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).server("server2", 200, 200)
            .model("model1", 1, 0, 1).loaded("model1", "server1", 0).expected("server1", 0).build());

        assertThat(result.outcome()).isInstanceOf(ScheduleOutcome.Placed.class);
        ScheduleOutcome.Placed placed = (ScheduleOutcome.Placed) result.outcome();
        assertThat(placed.server()).isEqualTo(ServerName.of("server2"));
        assertThat(placed.replicas()).containsExactly(ReplicaIndex.of(0));
        assertThat(placed.version()).isEqualTo(MODEL.version(2));
        assertThat(result.cluster().state(MODEL.version(1), replica("server1", 0))).isEqualTo(ModelReplicaState.LOADED);
        assertThat(result.serverScaleUp()).isEmpty();
    }

    @Test
    void schedule_noServers_failsWithNoMatchingServers() {
        ScheduleResult result = schedule(Fixture.cluster().model("model1", 1, 0, 1).build());

        assertThat(result.outcome()).isEqualTo(new ScheduleOutcome.Failed(MODEL.version(1),
            new ScheduleFailure.NoMatchingServers(io.vavr.collection.Vector.empty())));
        assertThat(result.cluster().model(MODEL).get().latest().status().reason())
            .isEqualTo("Failed to schedule model as no matching servers are available");
    }

    @Test
    void schedule_zeroReplicasWanted_succeedsOnTheFirstServerAndUnloads() {
        Cluster cluster = Fixture.cluster().server("server1", 200).model("model1", 1, 0, 0)
            .loaded("model1", "server1", 0).build()
            .deployModel(Fixture.spec("model1", 0, 0, 0), T0);

        ScheduleResult result = schedule(cluster);

        assertPlaced(result, "server1");
        assertThat(result.cluster().state(MODEL.version(1), replica("server1", 0)))
            .isEqualTo(ModelReplicaState.UNLOAD_ENVOY_REQUESTED);
    }

    @Test
    void describe_failedPlacement_namesEachRejectedServerAndReplica() {
        ScheduleResult result = schedule(Fixture.cluster().server("server1", 200).expected("server1", 0)
            .server("server2", 50).model("model1", 1, 0, 1).build());

        assertThat(result.describe()).isEqualTo("could not place model1:1: Failed to schedule model as no matching"
            + " server had enough suitable replicas (wanted 1): server2: 0 eligible; replica 0:"
            + " AvailableMemoryReplicaFilter: free memory 50 bytes (available 50 - reserved 0) < 100 bytes required;"
            + " server1: DeletedServerFilter: server is being deleted (expected replicas 0)");
    }

    @Test
    void schedule_unknownModel_isAFailureValue() {
        assertThat(scheduler.schedule(Cluster.empty(), MODEL, T0, random).getLeft().describe())
            .isEqualTo("model model1 does not exist");
    }

    private ScheduleResult schedule(Cluster cluster) {
        ScheduleResult result = scheduler.schedule(cluster, MODEL, T0, random).get();
        assertThat(result.cluster().checkInvariants()).isEmpty();
        return result;
    }

    private static void assertPlaced(ScheduleResult result, String server, int... replicas) {
        assertThat(result.outcome()).isInstanceOf(ScheduleOutcome.Placed.class);
        ScheduleOutcome.Placed placed = (ScheduleOutcome.Placed) result.outcome();
        assertThat(placed.server()).isEqualTo(ServerName.of(server));
        assertThat(placed.replicas()).containsExactly(io.vavr.collection.List.ofAll(replicas).map(ReplicaIndex::of)
            .toJavaArray(ReplicaIndex[]::new));
    }

    private static ServerReplicaId replica(String server, int index) {
        return new ServerReplicaId(ServerName.of(server), ReplicaIndex.of(index));
    }
}
