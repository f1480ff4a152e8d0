package io.modelscale.core;

import static io.modelscale.core.model.ModelReplicaState.LOADING;
import static io.modelscale.core.model.ModelReplicaState.LOAD_REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.assertion.ReadmeExamples;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelStatus;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The example in the core README compiles, runs, and says what it does; the README shows this very code. */
class ReadmeExampleTest {

    private static final Path README = Path.of("README.md");
    private static final Path SELF = Path.of("src", "test", "java", "io", "modelscale", "core",
        "ReadmeExampleTest.java");

    @Test
    void readmeExample_placesAModelAndKeepsEveryInvariant() {
        // README example start
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        ServerName triton = ServerName.of("triton");
        ServerReplicaId replica0 = new ServerReplicaId(triton, ReplicaIndex.of(0));
        ModelSpec tfsimple = ModelSpec.builder()
            .name(ModelName.of("tfsimple"))
            .memory(MemoryQuantity.parse("100Ki").get())
            .requirements(List.of("tensorflow"))
            .scaling(ScalingSpec.validate(Option.some(1), Option.some(1), Option.none()).get())
            .build();
        Cluster cluster = Cluster.empty()
            .withServer(ServerSpec.of(triton, ScalingSpec.validate(1, 1, 4).get()))
            .connectReplica(triton, ServerReplica.empty(replica0.index(), List.of("tensorflow"),
                new ReplicaMemory(1L << 30, 10))).get()
            .deployModel(tfsimple, now)
            .updateLoadedModels(tfsimple.name().version(1), Option.some(triton), List.of(replica0.index()), now).get()
            .updateModelState(tfsimple.name().version(1), replica0, Option.some(LOAD_REQUESTED), LOADING, "", now).get();
        ModelStatus status = cluster.version(tfsimple.name().version(1)).get().status();
        // status.state() is PROGRESSING until the replica is Available; cluster.checkInvariants() is empty.
        // README example end

        assertThat(status.state()).isEqualTo(ModelState.PROGRESSING);
        assertThat(status.unavailableReplicas()).isEqualTo(1);
        assertThat(cluster.replica(replica0).get().loadingModels()).containsExactly(tfsimple.name().version(1));
        assertThat(cluster.replica(replica0).get().availableMemoryBytes())
            .isEqualTo((1L << 30) + (1L << 30) / 10 - 102_400);
        assertThat(cluster.checkInvariants()).isEmpty();
    }

    @Test
    void readme_showsExactlyTheTestedExample() throws IOException {
        ReadmeExamples.assertShowsTheTestedExample(README, SELF);
    }
}
