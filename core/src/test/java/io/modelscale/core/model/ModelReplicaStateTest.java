package io.modelscale.core.model;

import static io.modelscale.core.model.ModelReplicaState.AVAILABLE;
import static io.modelscale.core.model.ModelReplicaState.DRAINING;
import static io.modelscale.core.model.ModelReplicaState.LOADED;
import static io.modelscale.core.model.ModelReplicaState.LOADED_UNAVAILABLE;
import static io.modelscale.core.model.ModelReplicaState.LOADING;
import static io.modelscale.core.model.ModelReplicaState.LOAD_FAILED;
import static io.modelscale.core.model.ModelReplicaState.LOAD_REQUESTED;
import static io.modelscale.core.model.ModelReplicaState.UNKNOWN;
import static io.modelscale.core.model.ModelReplicaState.UNLOADED;
import static io.modelscale.core.model.ModelReplicaState.UNLOADING;
import static io.modelscale.core.model.ModelReplicaState.UNLOAD_ENVOY_REQUESTED;
import static io.modelscale.core.model.ModelReplicaState.UNLOAD_FAILED;
import static io.modelscale.core.model.ModelReplicaState.UNLOAD_REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The predicates of {@code seldon-core-2.md} §1.2, compared as exact sets. */
class ModelReplicaStateTest {

    @Test
    void ordinals_followSeldon() {
        assertThat(UNKNOWN.ordinal()).isZero();
        assertThat(AVAILABLE.ordinal()).isEqualTo(10);
        assertThat(DRAINING.ordinal()).isEqualTo(12);
        assertThat(ModelState.SCHEDULE_FAILED.ordinal()).isEqualTo(7);
        assertThat(ModelState.TERMINATE.ordinal()).isEqualTo(10);
    }

    @Test
    void canReceiveTraffic_isLoadedAvailableLoadedUnavailableDraining() {
        assertThat(holding(ModelReplicaState::canReceiveTraffic))
            .isEqualTo(EnumSet.of(LOADED, AVAILABLE, LOADED_UNAVAILABLE, DRAINING));
    }

    @Test
    void alreadyLoadingOrLoaded_excludesLoadRequested() {
        assertThat(holding(ModelReplicaState::alreadyLoadingOrLoaded))
            .isEqualTo(EnumSet.of(LOADING, LOADED, AVAILABLE, LOADED_UNAVAILABLE));
    }

    @Test
    void isLoadingOrLoaded_includesLoadRequested() {
        assertThat(holding(ModelReplicaState::isLoadingOrLoaded))
            .isEqualTo(EnumSet.of(LOAD_REQUESTED, LOADING, LOADED, AVAILABLE, LOADED_UNAVAILABLE));
    }

    @Test
    void unloadingOrUnloaded_includesUnknown() {
        assertThat(holding(ModelReplicaState::unloadingOrUnloaded))
            .isEqualTo(EnumSet.of(UNLOAD_ENVOY_REQUESTED, UNLOAD_REQUESTED, UNLOADING, UNLOADED, UNKNOWN));
    }

    @Test
    void inactive_isUnloadedUnloadFailedUnknownLoadFailed() {
        assertThat(holding(ModelReplicaState::inactive))
            .isEqualTo(EnumSet.of(UNLOADED, UNLOAD_FAILED, UNKNOWN, LOAD_FAILED));
    }

    @Test
    void holdsMemory_isEverythingButUnknownLoadFailedUnloaded() {
        assertThat(holding(s -> !s.holdsMemory())).isEqualTo(EnumSet.of(UNKNOWN, LOAD_FAILED, UNLOADED));
    }

    @Test
    void membership_listsLoadingAndLoadedStatesInTheirSets() {
        assertThat(holding(s -> s.membership() == ModelReplicaState.ReplicaMembership.LOADING))
            .isEqualTo(EnumSet.of(LOADING));
        assertThat(holding(s -> s.membership() == ModelReplicaState.ReplicaMembership.NONE))
            .isEqualTo(EnumSet.of(UNKNOWN, LOAD_FAILED, UNLOADED));
        assertThat(holding(s -> s.membership() == ModelReplicaState.ReplicaMembership.AT_MOST_ONE))
            .isEqualTo(EnumSet.of(LOAD_REQUESTED, UNLOAD_ENVOY_REQUESTED, UNLOAD_REQUESTED, UNLOADING, UNLOAD_FAILED));
        assertThat(UNLOADING.membership().agreesWith(false, false)).isTrue();
        assertThat(UNLOADING.membership().agreesWith(true, true)).isFalse();
        assertThat(DRAINING.membership().agreesWith(true, false)).isTrue();
        assertThat(DRAINING.membership().agreesWith(false, true)).isTrue();
        assertThat(DRAINING.membership().agreesWith(true, true)).isFalse();
        assertThat(DRAINING.membership().agreesWith(false, false)).isFalse();
    }

    private static EnumSet<ModelReplicaState> holding(Predicate<ModelReplicaState> predicate) {
        return Stream.of(ModelReplicaState.values()).filter(predicate)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(ModelReplicaState.class)));
    }
}
