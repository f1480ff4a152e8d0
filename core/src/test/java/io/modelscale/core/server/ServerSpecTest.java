package io.modelscale.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import org.junit.jupiter.api.Test;

class ServerSpecTest {

    /**
     * A server taken as already running at 3 replicas declares 3 and is expected to run 3, whatever the manifest said,
     * and keeps its range and sharing; changing only the scaling spec would leave the expected count at 6.
     */
    @Test
    void startingAt_movesTheDeclaredAndTheExpectedCountTogether() {
        ServerSpec manifest = ServerSpec.of(ServerName.of("mlserver"), new ScalingSpec(6, 1, MaxReplicas.of(10)))
            .withShared(false);
        ServerSpec started = manifest.startingAt(3);
        assertThat(started.scaling()).isEqualTo(new ScalingSpec(3, 1, MaxReplicas.of(10)));
        assertThat(started.expectedReplicas()).isEqualTo(ExpectedReplicas.of(3));
        assertThat(started.shared()).isFalse();
        assertThat(manifest.withScaling(manifest.scaling().withReplicas(3)).expectedReplicas())
            .isEqualTo(ExpectedReplicas.of(6));
    }
}
