package io.modelscale.core.model;

import static io.modelscale.core.model.ModelReplicaState.AVAILABLE;
import static io.modelscale.core.model.ModelReplicaState.LOADED;
import static io.modelscale.core.model.ModelReplicaState.LOADING;
import static io.modelscale.core.model.ModelReplicaState.LOAD_FAILED;
import static io.modelscale.core.model.ModelReplicaState.UNLOADED;
import static io.modelscale.core.model.ModelReplicaState.UNLOADING;
import static io.modelscale.core.model.ModelReplicaState.UNLOAD_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.vavr.collection.List;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code cases-seldon.md} §6.7: {@code TestUpdateModelStatus} (one latest version) and {@code TestUpdateStatus}
 * (with a previous available version), plus the terminating branch of §4.8.
 */
class ModelStatusTest {

    private static final Instant D0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant D1 = Instant.parse("2026-01-01T00:01:00Z");
    private static final Instant D2 = Instant.parse("2026-01-01T00:02:00Z");

    @Test
    void derive_oneReplicaAvailable_isAvailable() {
        ModelStatus status = latest(ScalingSpec.fixed(1), replica(0, AVAILABLE, "", D1));
        assertThat(status).isEqualTo(new ModelStatus(ModelState.AVAILABLE, "", 1, 0, 0, D1));
    }

    @Test
    void derive_zeroReplicasWanted_isScaledDown() {
        ModelStatus status = latest(ScalingSpec.fixed(0), replica(0, UNLOADED, "", D1));
        assertThat(status.state()).isEqualTo(ModelState.SCALED_DOWN);
        assertThat(status.availableReplicas()).isZero();
        assertThat(status.timestamp()).isEqualTo(D1);
    }

    @Test
    void derive_oneOfTwoAvailable_isProgressing() {
        ModelStatus status = latest(ScalingSpec.fixed(2), replica(0, AVAILABLE, "", D1), replica(1, LOADING, "", D1));
        assertThat(status.state()).isEqualTo(ModelState.PROGRESSING);
        assertThat(status.availableReplicas()).isEqualTo(1);
        assertThat(status.unavailableReplicas()).isEqualTo(1);
    }

    @Test
    void derive_loadFailed_isFailedWithTheReason() {
        ModelStatus status = latest(ScalingSpec.fixed(1), replica(0, LOAD_FAILED, "r1", D1));
        assertThat(status).isEqualTo(new ModelStatus(ModelState.FAILED, "r1", 0, 1, 0, D1));
    }

    @Test
    void derive_loadedAndFailed_isFailedAtTheFailureTime() {
        ModelStatus status = latest(ScalingSpec.fixed(2), replica(0, LOADED, "", D1), replica(1, LOAD_FAILED, "r1", D2));
        assertThat(status.state()).isEqualTo(ModelState.FAILED);
        assertThat(status.reason()).isEqualTo("r1");
        assertThat(status.availableReplicas()).isZero();
        assertThat(status.timestamp()).isEqualTo(D2);
    }

    @Test
    void derive_twoFailed_takesTheNewestFailure() {
        ModelStatus status =
            latest(ScalingSpec.fixed(2), replica(0, LOAD_FAILED, "r1", D1), replica(1, LOAD_FAILED, "r2", D2));
        assertThat(status.state()).isEqualTo(ModelState.FAILED);
        assertThat(status.reason()).isEqualTo("r2");
        assertThat(status.timestamp()).isEqualTo(D2);
    }

    @Test
    void derive_twoFailedInReverseIndexOrder_stillTakesTheNewestFailure() {
        ModelStatus status =
            latest(ScalingSpec.fixed(2), replica(0, LOAD_FAILED, "r2", D2), replica(1, LOAD_FAILED, "r1", D1));
        assertThat(status.reason()).isEqualTo("r2");
        assertThat(status.timestamp()).isEqualTo(D2);
    }

    @Test
    void derive_versionTwoWithOneReplicaAvailable_isAvailable() {
        ModelStatus status = latest(ScalingSpec.fixed(1), replica(0, AVAILABLE, "", D1));
        assertThat(status.state()).isEqualTo(ModelState.AVAILABLE);
    }

    @Test
    void derive_minReplicasAvailable_isAvailableThroughPartialScheduling() {
        ModelStatus status = latest(new ScalingSpec(2, 1, MaxReplicas.unbounded()), replica(0, AVAILABLE, "", D1));
        assertThat(status.state()).isEqualTo(ModelState.AVAILABLE);
    }

    @Test
    void derive_notEnoughReplicasButPreviousVersionAvailable_isAvailable() {
        ModelStatus status = ModelStatus.derive(ScalingSpec.fixed(2), replicas(replica(0, AVAILABLE, "", D1)),
            false, true, D0);
        assertThat(status.state()).isEqualTo(ModelState.AVAILABLE);
    }

    @Test
    void derive_notEnoughReplicasAndNoOtherVersion_isProgressing() {
        ModelStatus status = latest(ScalingSpec.fixed(2), replica(0, AVAILABLE, "", D1));
        assertThat(status.state()).isEqualTo(ModelState.PROGRESSING);
    }

    @Test
    void derive_terminatingWithUnloadFailure_isTerminateFailed() {
        ModelStatus status = ModelStatus.derive(ScalingSpec.fixed(2),
            replicas(replica(0, UNLOADING, "", D1), replica(1, UNLOAD_FAILED, "stuck", D2)), true, false, D0);
        assertThat(status).isEqualTo(new ModelStatus(ModelState.TERMINATE_FAILED, "stuck", 0, 0, 0, D2));
    }

    @Test
    void derive_terminatingWhileUnloading_isTerminating() {
        ModelStatus status = ModelStatus.derive(ScalingSpec.fixed(1), replicas(replica(0, UNLOADING, "", D1)),
            true, false, D0);
        assertThat(status.state()).isEqualTo(ModelState.TERMINATING);
    }

    @Test
    void derive_terminatingWithEverythingUnloaded_isTerminated() {
        ModelStatus status = ModelStatus.derive(ScalingSpec.fixed(1), replicas(replica(0, UNLOADED, "", D1)),
            true, false, D0);
        assertThat(status.state()).isEqualTo(ModelState.TERMINATED);
        assertThat(status.timestamp()).isEqualTo(D1);
    }

    @Test
    void derive_noReplicas_keepsTheGivenTimestamp() {
        ModelStatus status = ModelStatus.derive(ScalingSpec.fixed(1), TreeMap.empty(), false, false, D0);
        assertThat(status).isEqualTo(new ModelStatus(ModelState.PROGRESSING, "", 0, 0, 0, D0));
    }

    @Test
    void model_versionTwoPartlyUpWhileVersionOneAvailable_isAvailable() {
        ModelSpec spec = ModelSpec.builder().name(ModelName.of("iris")).scaling(ScalingSpec.fixed(2)).build();
        ModelVersion v1 = ModelVersion.initial(1, spec, D0).withReplicas(replicas(replica(0, AVAILABLE, "", D1),
            replica(1, AVAILABLE, "", D1)));
        Model model = new Model(spec.name(), List.of(v1), false).withVersion(v1);
        assertThat(model.latest().status().state()).isEqualTo(ModelState.AVAILABLE);

        Model upgrading = model.appendVersion(spec, D1);
        ModelVersion v2 = upgrading.latest().withReplicas(replicas(replica(2, AVAILABLE, "", D2)));
        Model result = upgrading.withVersion(v2);

        assertThat(result.latest().version()).isEqualTo(2);
        assertThat(result.latest().status().state()).isEqualTo(ModelState.AVAILABLE);
        assertThat(result.version(1).get().status().state()).isEqualTo(ModelState.AVAILABLE);

        ModelVersion oldVersion = result.version(1).get();
        Model cleaning = result.withVersion(oldVersion.withReplicas(oldVersion.replicas()
            .put(ReplicaIndex.of(0), new ReplicaStatus(UNLOADING, "", D2))));
        assertThat(cleaning.version(1).get().status().state()).isEqualTo(ModelState.TERMINATING);
    }

    private static ModelStatus latest(ScalingSpec scaling, ReplicaEntry... entries) {
        return ModelStatus.derive(scaling, replicas(entries), false, false, D0);
    }

    private static SortedMap<ReplicaIndex, ReplicaStatus> replicas(ReplicaEntry... entries) {
        SortedMap<ReplicaIndex, ReplicaStatus> map = TreeMap.empty();
        for (ReplicaEntry entry : entries) {
            map = map.put(entry.index, entry.status);
        }
        return map;
    }

    private static ReplicaEntry replica(int index, ModelReplicaState state, String reason, Instant at) {
        return new ReplicaEntry(ReplicaIndex.of(index), new ReplicaStatus(state, reason, at));
    }

    private record ReplicaEntry(ReplicaIndex index, ReplicaStatus status) {
    }
}
