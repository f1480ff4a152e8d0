package io.modelscale.core.cluster;

import static io.modelscale.core.assertion.ModelscaleAssertions.assertThat;
import static io.modelscale.core.model.ModelReplicaState.AVAILABLE;
import static io.modelscale.core.model.ModelReplicaState.DRAINING;
import static io.modelscale.core.model.ModelReplicaState.LOADED;
import static io.modelscale.core.model.ModelReplicaState.LOADING;
import static io.modelscale.core.model.ModelReplicaState.LOAD_FAILED;
import static io.modelscale.core.model.ModelReplicaState.LOAD_REQUESTED;
import static io.modelscale.core.model.ModelReplicaState.UNKNOWN;
import static io.modelscale.core.model.ModelReplicaState.UNLOADED;
import static io.modelscale.core.model.ModelReplicaState.UNLOADING;
import static io.modelscale.core.model.ModelReplicaState.UNLOAD_ENVOY_REQUESTED;
import static io.modelscale.core.model.ModelReplicaState.UNLOAD_REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code cases-seldon.md} §6.7: {@code TestUpdateLoadedModels} and {@code TestUpdateModelState} (a 1-byte model on
 * replicas 0 and 1 of {@code server}), and the other cluster operations.
 */
class ClusterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerName SERVER = ServerName.of("server");
    private static final ServerName OTHER = ServerName.of("server2");
    private static final ModelName MODEL = ModelName.of("model");
    private static final ModelVersionId V1 = MODEL.version(1);
    private static final ModelVersionId V2 = MODEL.version(2);
    private static final ServerReplicaId R0 = new ServerReplicaId(SERVER, ReplicaIndex.of(0));
    private static final ServerReplicaId R1 = new ServerReplicaId(SERVER, ReplicaIndex.of(1));

    // --- TestUpdateLoadedModels ---------------------------------------------------------------------------------

    @Test
    void updateLoadedModels_versionNotLatest_failsAndChangesNothing() {
        Cluster cluster = deployed().deployModel(spec(2), T0);
        assertThat(cluster.model(MODEL).get().latest().version()).isEqualTo(2);

        Either<UpdateFailure, Cluster> result = cluster.updateLoadedModels(V1, Option.some(SERVER), indexes(0, 1), T0);

        assertThat(result.getLeft()).isEqualTo(new UpdateFailure.VersionNotLatest(V1, 2));
    }

    @Test
    void updateLoadedModels_noReplicasYet_requestsLoadsAndReservesMemory() {
        Cluster cluster = deployed().updateLoadedModels(V1, Option.some(SERVER), indexes(0, 1), T0).get();

        assertThat(cluster.state(V1, R0)).isEqualTo(LOAD_REQUESTED);
        assertThat(cluster.state(V1, R1)).isEqualTo(LOAD_REQUESTED);
        assertThat(cluster.replica(R0).get().reservedMemoryBytes()).isEqualTo(1);
        assertThat(cluster.replica(R1).get().reservedMemoryBytes()).isEqualTo(1);
        assertThat(cluster.version(V1).get().server()).contains(SERVER);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void updateLoadedModels_alreadyLoadedOnOne_requestsOnlyTheOther() {
        Cluster cluster = loadedOn(deployed(), 0).updateLoadedModels(V1, Option.some(SERVER), indexes(0, 1), T0).get();

        assertThat(cluster.state(V1, R0)).isEqualTo(LOADED);
        assertThat(cluster.replica(R0).get().reservedMemoryBytes()).isZero();
        assertThat(cluster.state(V1, R1)).isEqualTo(LOAD_REQUESTED);
        assertThat(cluster.replica(R1).get().reservedMemoryBytes()).isEqualTo(1);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void updateLoadedModels_replicaNotChosenAnyMore_isAskedToUnload() {
        Cluster cluster = loadedOn(deployed(), 0).updateLoadedModels(V1, Option.some(SERVER), indexes(1), T0).get();

        assertThat(cluster.state(V1, R0)).isEqualTo(UNLOAD_ENVOY_REQUESTED);
        assertThat(cluster.state(V1, R1)).isEqualTo(LOAD_REQUESTED);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void updateLoadedModels_replicaChosenAgainWhileUnloading_staysRegisteredAndIsCountedOnce() {
        Cluster cluster = loadedOn(deployed(), 0)
            .updateLoadedModels(V1, Option.some(SERVER), indexes(1), T0)
            .flatMap(c -> c.updateLoadedModels(V1, Option.some(SERVER), indexes(0, 1), T0))
            .get();

        assertThat(cluster.state(V1, R0)).isEqualTo(LOAD_REQUESTED);
        assertThat(cluster.replica(R0).get().loadedModels()).contains(V1);
        assertThat(cluster).satisfiesInvariants();
        Cluster loading = cluster.updateModelState(V1, R0, Option.some(LOAD_REQUESTED), LOADING, "", T0).get();
        assertThat(loading.replica(R0).get().loadingModels()).containsExactly(V1);
        assertThat(loading.replica(R0).get().loadedModels()).isEmpty();
        assertThat(loading).satisfiesInvariants();
    }

    @Test
    void failScheduling_resetWhileAReplicaUnloads_theUnloadStillCompletes() {
        Cluster cluster = loadedOn(deployed(), 0)
            .updateLoadedModels(V1, Option.some(SERVER), indexes(1), T0)
            .flatMap(c -> c.updateModelState(V1, R1, Option.some(LOAD_REQUESTED), LOAD_FAILED, "", T0))
            .flatMap(c -> c.failScheduling(V1, "no room", true, T0))
            .get();

        assertThat(cluster.version(V1).get().server()).isEmpty();
        assertThat(cluster.state(V1, R0)).isEqualTo(UNLOAD_ENVOY_REQUESTED);
        assertThat(cluster.state(V1, R1)).isEqualTo(UNKNOWN);
        assertThat(cluster).satisfiesInvariants();
        Cluster unloaded = cluster.updateModelState(V1, R0, Option.none(), UNLOADED, "", T0).get();
        assertThat(unloaded.replica(R0).get().loadedModels()).isEmpty();
        assertThat(unloaded).satisfiesInvariants();
        assertThat(cluster.updateModelState(V1, R1, Option.none(), UNLOADED, "", T0).getLeft())
            .isEqualTo(new UpdateFailure.NotPlacedThere(V1, R1));
    }

    @Test
    void updateLoadedModels_deletedModel_unloadsEveryReplica() {
        Cluster cluster = loadedOn(deployed(), 0)
            .updateLoadedModels(V1, Option.some(SERVER), indexes(0, 1), T0)
            .flatMap(c -> c.updateModelState(V1, R1, Option.some(LOAD_REQUESTED), LOADING, "", T0))
            .flatMap(c -> c.deleteModel(MODEL))
            .flatMap(c -> c.updateLoadedModels(V1, Option.some(SERVER), List.empty(), T0))
            .get();

        assertThat(cluster.state(V1, R0)).isEqualTo(UNLOAD_ENVOY_REQUESTED);
        assertThat(cluster.state(V1, R1)).isEqualTo(UNLOAD_ENVOY_REQUESTED);
        assertThat(cluster.version(V1).get().status().state()).isEqualTo(ModelState.TERMINATING);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void updateLoadedModels_deletedModelAlreadyUnloaded_staysUnloaded() {
        Cluster cluster = loadedOn(deployed(), 0)
            .updateModelState(V1, R0, Option.none(), UNLOADED, "", T0)
            .flatMap(c -> c.deleteModel(MODEL))
            .flatMap(c -> c.updateLoadedModels(V1, Option.some(SERVER), List.empty(), T0))
            .get();

        assertThat(cluster.state(V1, R0)).isEqualTo(UNLOADED);
        assertThat(cluster.version(V1).get().status().state()).isEqualTo(ModelState.TERMINATED);
    }

    @Test
    void updateLoadedModels_otherServer_addsAVersionThereAndKeepsTheOldOneServing() {
        Cluster cluster = loadedOn(deployed(), 0)
            .updateModelState(V1, R0, Option.some(LOADED), AVAILABLE, "", T0)
            .flatMap(c -> c.updateLoadedModels(V1, Option.some(OTHER), indexes(0), T0))
            .get();

        assertThat(cluster.model(MODEL).get().versions()).hasSize(2);
        assertThat(cluster.version(V2).get().server()).contains(OTHER);
        assertThat(cluster.state(V2, new ServerReplicaId(OTHER, ReplicaIndex.of(0)))).isEqualTo(LOAD_REQUESTED);
        assertThat(cluster.state(V1, R0)).isEqualTo(AVAILABLE);
        assertThat(cluster.version(V1).get().status().state()).isEqualTo(ModelState.AVAILABLE);
        assertThat(cluster.version(V2).get().status().state()).isEqualTo(ModelState.PROGRESSING);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void unloadReplacedVersions_newVersionAvailable_unloadsTheOldOne() {
        ServerReplicaId other = new ServerReplicaId(OTHER, ReplicaIndex.of(0));
        Cluster moving = loadedOn(deployed(), 0)
            .updateModelState(V1, R0, Option.some(LOADED), AVAILABLE, "", T0)
            .flatMap(c -> c.updateLoadedModels(V1, Option.some(OTHER), indexes(0), T0))
            .get();

        assertThat(moving.unloadReplacedVersions(MODEL, T0)).isEqualTo(moving);

        Cluster moved = moving.updateModelState(V2, other, Option.none(), LOADED, "", T0)
            .flatMap(c -> c.updateModelState(V2, other, Option.none(), AVAILABLE, "", T0))
            .get()
            .unloadReplacedVersions(MODEL, T0);
        assertThat(moved.state(V1, R0)).isEqualTo(UNLOAD_REQUESTED);
        assertThat(moved.state(V2, other)).isEqualTo(AVAILABLE);
        assertThat(moved).satisfiesInvariants();
    }

    @Test
    void canLeave_onlyWhenEveryModelHeldIsServedByAReplicaThatStaysOrGivenUp() {
        Cluster onlyOnR1 = deployed().updateLoadedModels(V1, Option.some(SERVER), indexes(1), T0)
            .flatMap(c -> c.updateModelState(V1, R1, Option.none(), LOADED, "", T0))
            .flatMap(c -> c.updateModelState(V1, R1, Option.none(), AVAILABLE, "", T0))
            .get();

        assertThat(onlyOnR1.canLeave(R0, 1)).as("holds nothing").isTrue();
        assertThat(onlyOnR1.canLeave(R1, 1)).as("the only Available replica").isFalse();
        assertThat(onlyOnR1.canLeave(R1, 2)).as("R1 is kept, so the model stays served").isTrue();
        assertThat(onlyOnR1.failScheduling(V1, "no room", false, T0).get().canLeave(R1, 1)).as("given up").isTrue();
        assertThat(onlyOnR1.deleteModel(MODEL).get().canLeave(R1, 1)).as("deleted").isTrue();
        assertThat(onlyOnR1.canLeave(new ServerReplicaId(SERVER, ReplicaIndex.of(9)), 1)).as("unknown").isTrue();
    }

    @Test
    void canLeave_anOlderVersionServingThere_waitsUntilItsReplacementIsAvailable() {
        Cluster v2Loading = deployed().updateLoadedModels(V1, Option.some(SERVER), indexes(1), T0)
            .flatMap(c -> c.updateModelState(V1, R1, Option.none(), LOADED, "", T0))
            .flatMap(c -> c.updateModelState(V1, R1, Option.none(), AVAILABLE, "", T0))
            .map(c -> c.deployModel(spec(2), T0))
            .flatMap(c -> c.updateLoadedModels(V2, Option.some(SERVER), indexes(0), T0))
            .get();

        assertThat(v2Loading.canLeave(R1, 1)).as("version 1 serves only on R1; version 2 still loads").isFalse();
        Cluster v2Available = v2Loading.updateModelState(V2, R0, Option.none(), LOADED, "", T0)
            .flatMap(c -> c.updateModelState(V2, R0, Option.none(), AVAILABLE, "", T0)).get();
        assertThat(v2Available.canLeave(R1, 1)).as("version 2 serves on R0, which stays").isTrue();
        assertThat(v2Available.canLeave(R1, 0)).as("R0 is leaving too").isFalse();
        assertThat(v2Loading.failScheduling(V2, "no room", false, T0).get().canLeave(R1, 1))
            .as("version 2 given up on").isTrue();
    }

    @Test
    void updateLoadedModels_noServer_changesNothing() {
        Cluster cluster = deployed();
        assertThat(cluster.updateLoadedModels(V1, Option.none(), indexes(0), T0).get()).isEqualTo(cluster);
    }

    @Test
    void updateLoadedModels_badChoices_failWithTheirReason() {
        Cluster cluster = deployed();
        assertThat(cluster.updateLoadedModels(V1, Option.some(SERVER), indexes(0, 0), T0).getLeft())
            .isEqualTo(new UpdateFailure.ReplicaChosenTwice(R0));
        assertThat(cluster.updateLoadedModels(V1, Option.some(SERVER), indexes(7), T0).getLeft())
            .isEqualTo(new UpdateFailure.UnknownReplica(new ServerReplicaId(SERVER, ReplicaIndex.of(7))));
        assertThat(cluster.updateLoadedModels(V1, Option.some(ServerName.of("nowhere")), indexes(0), T0).getLeft())
            .isEqualTo(new UpdateFailure.UnknownServer(ServerName.of("nowhere")));
        assertThat(cluster.updateLoadedModels(ModelName.of("ghost").version(1), Option.some(SERVER), indexes(0), T0)
            .getLeft()).isEqualTo(new UpdateFailure.UnknownModel(ModelName.of("ghost")));
        assertThat(cluster.updateLoadedModels(MODEL.version(9), Option.some(SERVER), indexes(0), T0).getLeft())
            .isEqualTo(new UpdateFailure.UnknownVersion(MODEL.version(9)));
    }

    // --- TestUpdateModelState -----------------------------------------------------------------------------------

    @Test
    void updateModelState_unknownToLoaded_listsTheModelAndReleasesTheReservation() {
        Cluster cluster = placedWithoutReplicas(reservedOne())
            .updateModelState(V1, R0, Option.some(UNKNOWN), LOADED, "", T0).get();

        ServerReplica replica = cluster.replica(R0).get();
        assertThat(replica.loadedModels()).containsExactly(V1);
        assertThat(replica.uniqueLoadedModels()).hasSize(1);
        assertThat(replica.reservedMemoryBytes()).isZero();
    }

    @Test
    void updateModelState_unknownToUnloaded_keepsTheReservation() {
        Cluster cluster = placedWithoutReplicas(reservedOne())
            .updateModelState(V1, R0, Option.some(UNKNOWN), UNLOADED, "", T0).get();

        ServerReplica replica = cluster.replica(R0).get();
        assertThat(replica.loadedModels()).isEmpty();
        assertThat(replica.reservedMemoryBytes()).isEqualTo(1);
    }

    @Test
    void updateModelState_expectedStateDiffers_failsAndChangesNothing() {
        Cluster cluster = deployed().updateLoadedModels(V1, Option.some(SERVER), indexes(0), T0).get();

        Either<UpdateFailure, Cluster> result =
            cluster.updateModelState(V1, R0, Option.some(UNLOADING), UNLOADED, "", T0);

        assertThat(result.getLeft()).isEqualTo(new UpdateFailure.StateMismatch(V1, R0, UNLOADING, LOAD_REQUESTED));
        assertThat(cluster.state(V1, R0)).isEqualTo(LOAD_REQUESTED);
    }

    @Test
    void updateModelState_deletedModelUnloaded_isTerminated() {
        Cluster cluster = placedWithoutReplicas(reservedOne()).deleteModel(MODEL)
            .flatMap(c -> c.updateModelState(V1, R0, Option.some(UNKNOWN), UNLOADED, "", T0)).get();

        assertThat(cluster.version(V1).get().status().state()).isEqualTo(ModelState.TERMINATED);
    }

    @Test
    void updateModelState_oldVersionUnloadedWhileNewOneLoaded_keepsOneUniqueModel() {
        Cluster cluster = loadedOn(deployed(), 0).deployModel(spec(2), T0)
            .updateLoadedModels(V2, Option.some(SERVER), indexes(0), T0)
            .flatMap(c -> step(c, V2, R0, LOAD_REQUESTED, LOADING))
            .flatMap(c -> step(c, V2, R0, LOADING, LOADED))
            .flatMap(c -> step(c, V1, R0, LOADED, UNLOAD_REQUESTED))
            .flatMap(c -> step(c, V1, R0, UNLOAD_REQUESTED, UNLOADING))
            .flatMap(c -> step(c, V1, R0, UNLOADING, UNLOADED))
            .get();

        ServerReplica replica = cluster.replica(R0).get();
        assertThat(replica.loadedModels()).containsExactly(V2);
        assertThat(replica.uniqueLoadedModels()).containsExactly(MODEL);
        assertThat(replica.availableMemoryBytes()).isEqualTo(1000 - 2);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void updateModelState_unloadFromAnOvercommittedReplica_givesBackOnlyWhatIsFreed() {
        ModelVersionId a = ModelName.of("a").version(1);
        ModelVersionId b = ModelName.of("b").version(1);
        Cluster cluster = servers(0)
            .deployModel(ModelSpec.builder().name(a.model()).memory(MemoryQuantity.ofBytes(700)).build(), T0)
            .deployModel(ModelSpec.builder().name(b.model()).memory(MemoryQuantity.ofBytes(700)).build(), T0)
            .updateLoadedModels(a, Option.some(SERVER), indexes(0), T0)
            .flatMap(c -> step(c, a, R0, LOAD_REQUESTED, LOADING))
            .flatMap(c -> step(c, a, R0, LOADING, LOADED))
            .get();
        assertThat(cluster.replica(R0).get().availableMemoryBytes()).isEqualTo(1000 - 700);

        Cluster overcommitted = cluster.updateLoadedModels(b, Option.some(SERVER), indexes(0), T0)
            .flatMap(c -> step(c, b, R0, LOAD_REQUESTED, LOADING))
            .get();
        assertThat(overcommitted.replica(R0).get().availableMemoryBytes()).isZero();

        Cluster unloaded = step(overcommitted, a, R0, LOADED, UNLOAD_REQUESTED)
            .flatMap(c -> step(c, a, R0, UNLOAD_REQUESTED, UNLOADING))
            .flatMap(c -> step(c, a, R0, UNLOADING, UNLOADED))
            .get();
        // 1,400 bytes registered on 1,000 became 700: 300 free, not the 0 + 700 a running difference would give.
        assertThat(unloaded.replica(R0).get().availableMemoryBytes()).isEqualTo(300);
        Cluster empty = step(unloaded, b, R0, LOADING, LOADED)
            .flatMap(c -> step(c, b, R0, LOADED, UNLOAD_REQUESTED))
            .flatMap(c -> step(c, b, R0, UNLOAD_REQUESTED, UNLOADING))
            .flatMap(c -> step(c, b, R0, UNLOADING, UNLOADED))
            .get();
        assertThat(empty.replica(R0).get().availableMemoryBytes()).isEqualTo(1000);
    }

    @Test
    void updateModelState_anAgentsOwnFigure_movesByTheModelsMemory() {
        // the agent reported 600 of 1,000 free with nothing registered: 400 used by something else
        Cluster reported = withReplica(servers(0), servers(0).replica(R0).get().withAvailableMemoryBytes(600))
            .deployModel(spec(100), T0);
        Cluster loading = reported.updateLoadedModels(V1, Option.some(SERVER), indexes(0), T0)
            .flatMap(c -> step(c, V1, R0, LOAD_REQUESTED, LOADING)).get();
        assertThat(loading.replica(R0).get().availableMemoryBytes()).isEqualTo(500);
        Cluster unloaded = step(loading, V1, R0, LOADING, LOADED)
            .flatMap(c -> step(c, V1, R0, LOADED, UNLOAD_REQUESTED))
            .flatMap(c -> step(c, V1, R0, UNLOAD_REQUESTED, UNLOADING))
            .flatMap(c -> step(c, V1, R0, UNLOADING, UNLOADED)).get();
        assertThat(unloaded.replica(R0).get().availableMemoryBytes()).isEqualTo(600);
    }

    @Test
    void updateModelState_versionOnAnotherServer_failsWithTheReason() {
        Cluster cluster = deployed().updateLoadedModels(V1, Option.some(SERVER), indexes(0), T0).get();
        ServerReplicaId elsewhere = new ServerReplicaId(OTHER, ReplicaIndex.of(0));

        assertThat(cluster.updateModelState(V1, elsewhere, Option.none(), LOADED, "", T0).getLeft())
            .isEqualTo(new UpdateFailure.NotPlacedThere(V1, elsewhere));
    }

    // --- draining, disconnecting, failing to schedule ----------------------------------------------------------

    @Test
    void drainReplica_loadedModel_becomesDrainingAndKeepsServing() {
        Cluster cluster = loadedOn(deployed(), 0).drainReplica(R0, T0).get();

        assertThat(cluster.replica(R0).get().draining()).isTrue();
        assertThat(cluster.state(V1, R0)).isEqualTo(DRAINING);
        assertThat(DRAINING.canReceiveTraffic()).isTrue();
        assertThat(cluster.version(V1).get().loadedElseDrainingReplicas()).containsExactly(ReplicaIndex.of(0));
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void updateLoadedModels_drainingReplicaNotChosen_keepsServing() {
        Cluster cluster = loadedOn(deployed(), 0).drainReplica(R0, T0)
            .flatMap(c -> c.updateLoadedModels(V1, Option.some(SERVER), indexes(1), T0)).get();

        assertThat(cluster.state(V1, R0)).isEqualTo(DRAINING);
        assertThat(cluster.state(V1, R1)).isEqualTo(LOAD_REQUESTED);
    }

    @Test
    void disconnectReplica_latestVersion_forgetsTheReplicaSoItIsPlacedAgain() {
        Cluster cluster = loadedOn(deployed(), 0).disconnectReplica(R0, T0).get();

        assertThat(cluster.replica(R0)).isEmpty();
        assertThat(cluster.version(V1).get().replicas()).isEmpty();
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void disconnectReplica_deletedModel_marksItUnloaded() {
        Cluster cluster = loadedOn(deployed(), 0).deleteModel(MODEL)
            .flatMap(c -> c.disconnectReplica(R0, T0)).get();

        assertThat(cluster.version(V1).get().state(ReplicaIndex.of(0))).isEqualTo(UNLOADED);
        assertThat(cluster.version(V1).get().status().state()).isEqualTo(ModelState.TERMINATED);
        assertThat(cluster).satisfiesInvariants();
    }

    @Test
    void failScheduling_withLiveReplica_isScheduleFailedAndKeepsServing() {
        Cluster cluster = loadedOn(deployed(), 0)
            .failScheduling(V1, "Failed to schedule model as no matching server had enough suitable replicas",
                false, T0.plusSeconds(5)).get();

        var status = cluster.version(V1).get().status();
        assertThat(status.state()).isEqualTo(ModelState.SCHEDULE_FAILED);
        assertThat(status.availableReplicas()).isEqualTo(1);
        assertThat(status.unavailableReplicas()).isZero();
        assertThat(status.timestamp()).isEqualTo(T0.plusSeconds(5));
        assertThat(cluster.state(V1, R0)).isEqualTo(LOADED);
        assertThat(cluster.version(V1).get().server()).contains(SERVER);
    }

    @Test
    void failScheduling_withReset_forgetsTheServer() {
        Cluster cluster = deployed().failScheduling(V1, "no matching servers", true, T0).get();

        assertThat(cluster.version(V1).get().server()).isEmpty();
        assertThat(cluster.version(V1).get().status().unavailableReplicas()).isEqualTo(1);
    }

    @Test
    void connectReplica_takenIndexOrUnknownServer_fails() {
        Cluster cluster = deployed();
        ServerReplica again = ServerReplica.empty(ReplicaIndex.of(0), List.empty(), new ReplicaMemory(10, 0));
        assertThat(cluster.connectReplica(SERVER, again).getLeft()).isEqualTo(new UpdateFailure.ReplicaExists(R0));
        assertThat(cluster.connectReplica(ServerName.of("nowhere"), again).getLeft())
            .isEqualTo(new UpdateFailure.UnknownServer(ServerName.of("nowhere")));
    }

    @Test
    void deployModel_scalingChangeOnly_updatesTheLatestVersionInPlace() {
        Cluster cluster = deployed().deployModel(spec(1).withScaling(ScalingSpec.fixed(3)), T0);

        assertThat(cluster.model(MODEL).get().versions()).hasSize(1);
        assertThat(cluster.version(V1).get().spec().scaling().replicas()).isEqualTo(3);
    }

    @Test
    void deployModel_sameSpec_changesNothing() {
        Cluster cluster = deployed();
        assertThat(cluster.deployModel(spec(1), T0.plusSeconds(1))).isSameAs(cluster);
    }

    @Test
    void placements_listEveryPlacedReplica() {
        Cluster cluster = deployed().updateLoadedModels(V1, Option.some(SERVER), indexes(0, 1), T0).get();
        assertThat(cluster.placements().map(Placement::replica)).containsExactly(R0, R1);
    }

    // --- updates that fail leave nothing changed -----------------------------------------------------------------

    @Test
    void connectReplica_unknownServer_takenIndex_orAReplicaWithModels_isRefused() {
        Cluster cluster = deployed();
        ServerReplica fresh = ServerReplica.empty(ReplicaIndex.of(2), List.of("sklearn"), new ReplicaMemory(1000, 0));
        assertThat(cluster.connectReplica(ServerName.of("ghost"), fresh).getLeft())
            .isEqualTo(new UpdateFailure.UnknownServer(ServerName.of("ghost")));
        assertThat(cluster.connectReplica(SERVER, fresh.withIndex(ReplicaIndex.of(1))).getLeft())
            .isEqualTo(new UpdateFailure.ReplicaExists(R1));
        assertThat(cluster.connectReplica(SERVER, fresh.withLoadedModels(io.vavr.collection.TreeSet.of(V1)))
            .getLeft()).isEqualTo(new UpdateFailure.ReplicaNotEmpty(new ServerReplicaId(SERVER, ReplicaIndex.of(2))));
        assertThat(cluster.connectReplica(SERVER, fresh).get().server(SERVER).get().replicas()).hasSize(3);
    }

    @Test
    void disconnectOrDrainAnUnknownReplica_andFailSchedulingAnUnknownModel_areRefused() {
        Cluster cluster = deployed();
        ServerReplicaId ghost = new ServerReplicaId(SERVER, ReplicaIndex.of(9));
        assertThat(cluster.disconnectReplica(ghost, T0).getLeft()).isEqualTo(new UpdateFailure.UnknownReplica(ghost));
        assertThat(cluster.disconnectReplica(new ServerReplicaId(ServerName.of("ghost"), ReplicaIndex.of(0)), T0)
            .isLeft()).isTrue();
        assertThat(cluster.drainReplica(ghost, T0).getLeft()).isEqualTo(new UpdateFailure.UnknownReplica(ghost));
        assertThat(cluster.failScheduling(ModelName.of("ghost").version(1), "no room", false, T0).getLeft())
            .isEqualTo(new UpdateFailure.UnknownModel(ModelName.of("ghost")));
    }

    @Test
    void aVersionIsLoadingOrLoaded_fromItsLoadRequest_andLive_onlyOnceItCanServe() {
        Cluster deployed = deployed();
        assertThat(deployed.model(MODEL).get().latest().isLoadingOrLoaded()).isFalse();
        Cluster requested = deployed.updateLoadedModels(V1, Option.some(SERVER), indexes(0), T0).get();
        assertThat(requested.model(MODEL).get().latest().isLoadingOrLoaded()).isTrue();
        assertThat(requested.model(MODEL).get().latest().hasLiveReplicas()).isFalse();
        Cluster loaded = loadedOn(deployed, 0);
        assertThat(loaded.model(MODEL).get().latest().hasLiveReplicas()).isTrue();
        assertThat(loaded.model(MODEL).get().latest().loadedElseDrainingReplicas()).containsExactly(ReplicaIndex.of(0));
    }

    // --- the invariant check catches each planted corruption ----------------------------------------------------

    @Test
    void checkInvariants_aHealthyLoadedCluster_hasNoViolation() {
        assertThat(loadedOn(deployed(), 0).checkInvariants()).isEmpty();
    }

    @Test
    void checkInvariants_aReplicaListingAModelAsLoadedAndLoading_isCaught() {
        Cluster loaded = loadedOn(deployed(), 0);
        ServerReplica twice = loaded.replica(R0).get().withLoadingModels(io.vavr.collection.TreeSet.of(V1));
        assertThat(withReplica(loaded, twice).checkInvariants())
            .contains(new Violation.DuplicateModelReplica(R0, V1));
    }

    @Test
    void checkInvariants_moreRegisteredMemoryThanCapacity_isCaught() {
        Cluster loaded = loadedOn(deployed(), 0);
        ServerReplica small = loaded.replica(R0).get().withMemory(new ReplicaMemory(0, 0));
        assertThat(withReplica(loaded, small).checkInvariants().map(Violation::getClass).toList())
            .contains(Violation.OvercommittedReplica.class);
    }

    @Test
    void checkInvariants_aModelStateTheReplicaDoesNotList_isCaught() {
        Cluster loaded = loadedOn(deployed(), 0);
        ServerReplica forgot = loaded.replica(R0).get().withLoadedModels(io.vavr.collection.TreeSet.empty());
        io.vavr.collection.Seq<Violation> found = withReplica(loaded, forgot).checkInvariants();
        assertThat(found).contains(new Violation.InconsistentReplicaState(R0, V1, LOADED, false, false));
        assertThat(found.head().describe()).contains("model:1", "LOADED", "server/0");
    }

    @Test
    void checkInvariants_aReplicaOnAMissingServerReplica_orOnNoServer_isCaught() {
        Cluster loaded = loadedOn(deployed(), 0);
        Cluster gone = new Cluster(loaded.servers().put(SERVER, loaded.server(SERVER).get()
            .withoutReplica(ReplicaIndex.of(0))), loaded.models());
        assertThat(gone.checkInvariants()).contains(new Violation.MissingServerReplica(R0, V1, LOADED));
        var model = loaded.model(MODEL).get();
        Cluster unplaced = new Cluster(loaded.servers(), loaded.models().put(MODEL,
            model.withVersion(model.latest().withServer(Option.none()))));
        assertThat(unplaced.checkInvariants()).contains(new Violation.ReplicasWithoutServer(V1));
    }

    @Test
    void checkInvariants_anInvalidScalingSpec_andAMisfiledEntry_areCaught() {
        Cluster cluster = deployed();
        Cluster invalid = cluster.withServer(ServerSpec.of(SERVER, new ScalingSpec(1, 2,
            io.modelscale.core.scaling.MaxReplicas.of(3))));
        assertThat(invalid.checkInvariants().map(Violation::describe).toList())
            .anyMatch(text -> text.startsWith("server server: "));
        Cluster misfiled = new Cluster(cluster.servers().put(ServerName.of("elsewhere"), cluster.server(SERVER).get()),
            cluster.models());
        assertThat(misfiled.checkInvariants()).contains(new Violation.MisfiledEntry("server", "elsewhere", "server"));
    }

    private static Cluster withReplica(Cluster cluster, ServerReplica replica) {
        return new Cluster(cluster.servers().put(SERVER, cluster.server(SERVER).get().withReplica(replica)),
            cluster.models());
    }

    // --- fixtures -----------------------------------------------------------------------------------------------

    private static ModelSpec spec(long memoryBytes) {
        return ModelSpec.builder().name(MODEL).memory(MemoryQuantity.ofBytes(memoryBytes)).build();
    }

    private static Cluster servers(long reservedBytes) {
        Cluster cluster = Cluster.empty()
            .withServer(ServerSpec.of(SERVER, ScalingSpec.fixed(2)))
            .withServer(ServerSpec.of(OTHER, ScalingSpec.fixed(1)));
        for (int i = 0; i < 2; i++) {
            cluster = cluster.connectReplica(SERVER, ServerReplica.empty(ReplicaIndex.of(i), List.of("sklearn"),
                new ReplicaMemory(1000, 0))).get();
        }
        cluster = cluster.connectReplica(OTHER, ServerReplica.empty(ReplicaIndex.of(0), List.of("sklearn"),
            new ReplicaMemory(1000, 0))).get();
        if (reservedBytes > 0) {
            for (ServerReplicaId id : List.of(R0, R1)) {
                ServerReplica replica = cluster.replica(id).get().withReservedMemoryBytes(reservedBytes);
                cluster = new Cluster(cluster.servers().put(SERVER, cluster.server(SERVER).get().withReplica(replica)),
                    cluster.models());
            }
        }
        return cluster;
    }

    private static Cluster deployed() {
        return servers(0).deployModel(spec(1), T0);
    }

    private static Cluster reservedOne() {
        return servers(1).deployModel(spec(1), T0);
    }

    private static Cluster placedWithoutReplicas(Cluster cluster) {
        return cluster.updateLoadedModels(V1, Option.some(SERVER), List.empty(), T0).get();
    }

    private static Cluster loadedOn(Cluster cluster, int index) {
        ServerReplicaId at = new ServerReplicaId(SERVER, ReplicaIndex.of(index));
        return cluster.updateLoadedModels(V1, Option.some(SERVER), indexes(index), T0)
            .flatMap(c -> step(c, V1, at, LOAD_REQUESTED, LOADING))
            .flatMap(c -> step(c, V1, at, LOADING, LOADED))
            .get();
    }

    private static Either<UpdateFailure, Cluster> step(
        Cluster cluster, ModelVersionId id, ServerReplicaId at, ModelReplicaState from, ModelReplicaState to) {
        return cluster.updateModelState(id, at, Option.some(from), to, "", T0);
    }

    private static List<ReplicaIndex> indexes(int... values) {
        return List.ofAll(values).map(ReplicaIndex::of);
    }
}
