package io.modelscale.placement;

import io.modelscale.core.arbitrary.Transitions;
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
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * Builds the clusters of {@code cases-seldon.md} §6: replicas written {@code idx:availableMemory} with nothing
 * reserved and capabilities {@code [sklearn]}; models needing 100 bytes and {@code [sklearn]}; shared servers whose
 * expected replica count is unknown.
 */
final class Fixture {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Cluster cluster = Cluster.empty();

    static Fixture cluster() {
        return new Fixture();
    }

    /** A server whose replica {@code i} has {@code available[i]} bytes free. */
    Fixture server(String name, long... available) {
        ServerName server = ServerName.of(name);
        cluster = cluster.withServer(ServerSpec.of(server, ScalingSpec.fixed(available.length)));
        for (int i = 0; i < available.length; i++) {
            cluster = cluster.connectReplica(server, ServerReplica.empty(ReplicaIndex.of(i), List.of("sklearn"),
                new ReplicaMemory(available[i], 0))).get();
        }
        return this;
    }

    Fixture expected(String name, int replicas) {
        ServerName server = ServerName.of(name);
        cluster = cluster.withServer(cluster.server(server).get().spec()
            .withExpectedReplicas(ExpectedReplicas.of(replicas)));
        return this;
    }

    Fixture model(String name, int replicas, int min, int max) {
        return model(spec(name, replicas, min, max));
    }

    Fixture model(ModelSpec spec) {
        cluster = cluster.deployModel(spec, T0);
        return this;
    }

    /** The model's latest version is on {@code server}, with no replicas. */
    Fixture on(String model, String server) {
        ModelVersionId id = latest(model);
        cluster = cluster.updateLoadedModels(id, Option.some(ServerName.of(server)), List.empty(), T0).get();
        return this;
    }

    /** The model's latest version is Loaded on these replicas of {@code server}. */
    Fixture loaded(String model, String server, int... indexes) {
        return advanced(model, server, ModelReplicaState.LOADED, indexes);
    }

    /** The model's latest version reaches {@code state} (Loading, Loaded or Available) on these replicas. */
    Fixture advanced(String model, String server, ModelReplicaState state, int... indexes) {
        cluster = Transitions.place(cluster, latest(model), ServerName.of(server), state, T0, indexes);
        return this;
    }

    Fixture deleted(String model) {
        cluster = cluster.deleteModel(ModelName.of(model)).get();
        return this;
    }

    Cluster build() {
        return cluster;
    }

    ModelVersionId latest(String model) {
        return cluster.model(ModelName.of(model)).get().latest().id();
    }

    static ModelSpec spec(String name, int replicas, int min, int max) {
        return ModelSpec.builder()
            .name(ModelName.of(name))
            .memory(MemoryQuantity.ofBytes(100))
            .requirements(List.of("sklearn"))
            .scaling(new ScalingSpec(replicas, min, max > 0 ? MaxReplicas.of(max) : MaxReplicas.unbounded()))
            .build();
    }
}
