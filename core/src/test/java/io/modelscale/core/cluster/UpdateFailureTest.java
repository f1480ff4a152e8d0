package io.modelscale.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every update a {@link Cluster} refuses names what was wrong. A refusal returns no snapshot, so the caller keeps the
 * one it had: nothing is half-applied.
 */
class UpdateFailureTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerName S = ServerName.of("s");
    private static final ModelName IRIS = ModelName.of("iris");
    private static final ServerReplicaId R0 = new ServerReplicaId(S, ReplicaIndex.of(0));
    private static final ServerReplicaId R5 = new ServerReplicaId(S, ReplicaIndex.of(5));

    private static Cluster cluster() {
        Cluster cluster = Cluster.empty().withServer(new ServerSpec(S, ScalingSpec.fixed(2), true,
            ExpectedReplicas.of(2)));
        for (int i = 0; i < 2; i++) {
            cluster = cluster.connectReplica(S, ServerReplica.empty(ReplicaIndex.of(i), List.empty(),
                new ReplicaMemory(1 << 20, 0))).get();
        }
        ModelSpec iris = ModelSpec.builder().name(IRIS).memory(MemoryQuantity.ofBytes(1024))
            .scaling(ScalingSpec.fixed(1)).build();
        Cluster deployed = cluster.deployModel(iris, T0);
        return deployed.updateLoadedModels(IRIS.version(1), Option.some(S), List.of(ReplicaIndex.of(0)), T0).get();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            row("unknown model", c -> c.deleteModel(ModelName.of("ghost")), "model ghost does not exist"),
            row("unknown version", c -> c.unloadVersion(IRIS.version(7), T0), "model iris has no version 7"),
            row("unknown server", c -> c.updateLoadedModels(IRIS.version(1), Option.some(ServerName.of("other")),
                List.empty(), T0), "server other does not exist"),
            row("replica not connected", c -> c.drainReplica(R5, T0), "server replica s/5 is not connected"),
            row("replica already connected", c -> c.connectReplica(S, ServerReplica.empty(ReplicaIndex.of(0),
                List.empty(), new ReplicaMemory(1, 0))), "server replica s/0 is already connected"),
            row("replica chosen twice", c -> c.updateLoadedModels(IRIS.version(1), Option.some(S),
                List.of(ReplicaIndex.of(1), ReplicaIndex.of(1)), T0), "server replica s/1 was chosen twice"),
            row("not placed there", c -> c.updateModelState(IRIS.version(1), new ServerReplicaId(ServerName.of("t"),
                ReplicaIndex.of(0)), Option.none(), ModelReplicaState.LOADING, "", T0), "model iris:1 is not placed"
                + " on server t"),
            row("state changed meanwhile", c -> c.updateModelState(IRIS.version(1), R0,
                Option.some(ModelReplicaState.LOADING), ModelReplicaState.LOADED, "", T0),
                "model iris:1 on s/0 is LOAD_REQUESTED, expected LOADING"));
    }

    private static Arguments row(String name, Function<Cluster, Either<UpdateFailure, Cluster>> update,
                                 String message) {
        return Arguments.of(name, update, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusedUpdateNamesTheProblem(String name,
                                                         Function<Cluster, Either<UpdateFailure, Cluster>> update,
                                                         String message) {
        Cluster before = cluster();
        Either<UpdateFailure, Cluster> result = update.apply(before);

        assertThat(result.isLeft()).as("refused").isTrue();
        assertThat(result.getLeft().describe()).startsWith(message);
    }
}
