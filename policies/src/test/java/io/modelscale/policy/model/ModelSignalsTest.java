package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerReplicaId;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The serving signals a model policy reads, and what an observation derives from the cluster. */
class ModelSignalsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void of_outstandingIsInFlightPlusQueued_andTheFewestIsTheCurrentCount() {
        ModelSignals signals = ModelSignals.of(3, 4, 2.5);
        assertThat(signals.outstanding()).isEqualTo(7);
        assertThat(signals.fewestOutstanding()).isEqualTo(7);
        assertThat(signals.concurrencyPerReplica()).isEqualTo(1);
        assertThat(signals.lastRequest()).isEmpty();
        assertThat(signals.withLastRequest(NOW).lastRequest()).contains(NOW);
        assertThat(signals.withConcurrencyPerReplica(8).concurrencyPerReplica()).isEqualTo(8);
        assertThat(signals.withMeanServiceTime(Duration.ofMillis(40)).meanServiceTime())
            .contains(Duration.ofMillis(40));
        assertThat(signals.withFewestOutstanding(2).fewestOutstanding()).isEqualTo(2);
        assertThat(ModelSignals.idle()).isEqualTo(new ModelSignals(0, 0, 0, 0, Option.none(), Option.none(), 1));
    }

    @Test
    void badValues_areRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> ModelSignals.of(-1, 0, 0)).hasMessage("inFlight and queued must not be negative,"
            + " got -1 and 0");
        assertThatThrownBy(() -> ModelSignals.of(0, -2, 0)).hasMessageContaining("got 0 and -2");
        assertThatThrownBy(() -> ModelSignals.of(2, 1, 0).withFewestOutstanding(4))
            .hasMessage("fewestOutstanding must be in [0, inFlight + queued = 3], got 4");
        assertThatThrownBy(() -> ModelSignals.of(2, 1, 0).withFewestOutstanding(-1))
            .hasMessageContaining("got -1");
        assertThatThrownBy(() -> ModelSignals.of(0, 0, -0.5)).hasMessageContaining("arrivalsPerSecond");
        assertThatThrownBy(() -> ModelSignals.of(0, 0, Double.NaN)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> ModelSignals.of(0, 0, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> ModelSignals.idle().withMeanServiceTime(Duration.ofSeconds(-1)))
            .hasMessageContaining("meanServiceTime must not be negative");
        assertThatThrownBy(() -> ModelSignals.idle().withConcurrencyPerReplica(0))
            .hasMessage("concurrencyPerReplica must be at least 1, got 0");
        assertThat(ModelSignals.of(0, 0, 0).withFewestOutstanding(0).fewestOutstanding()).isZero();
        assertThatThrownBy(() -> ModelSignals.of(Long.MAX_VALUE, 1, 0)).hasMessage("inFlight + queued must fit a"
            + " long (at most 9223372036854775807), got 9223372036854775807 and 1");
        assertThat(ModelSignals.of(Long.MAX_VALUE - 1, 1, 0).outstanding()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void signals_unreportedModelsAreIdle_andWithReplacesOne() {
        ModelName a = ModelName.of("a");
        ModelName b = ModelName.of("b");
        Signals reported = Signals.none().with(a, ModelSignals.of(1, 0, 1));
        assertThat(reported.of(a).inFlight()).isEqualTo(1);
        assertThat(reported.of(b)).isEqualTo(ModelSignals.idle());
        assertThat(reported).isEqualTo(Signals.of(TreeMap.of(a, ModelSignals.of(1, 0, 1))));
        Signals lookedUp = model -> ModelSignals.of(5, 0, 0);
        Signals changed = lookedUp.with(a, ModelSignals.idle());
        assertThat(changed.of(a)).isEqualTo(ModelSignals.idle());
        assertThat(changed.of(b).inFlight()).isEqualTo(5);
    }

    @Test
    void readyReplicas_countWhatRequestsReach_onPlacedVersionsOnly() {
        Cluster cluster = PolicyFixture.available(PolicyFixture.scaling(3, 1, 4), 4, 4);
        Cluster unavailable = cluster.updateModelState(PolicyFixture.IRIS.version(1),
            new ServerReplicaId(PolicyFixture.SERVER, ReplicaIndex.of(1)), Option.none(),
            ModelReplicaState.LOADED_UNAVAILABLE, "", NOW).get();
        Cluster draining = unavailable.drainReplica(new ServerReplicaId(PolicyFixture.SERVER, ReplicaIndex.of(2)), NOW)
            .get();
        ModelObservation observation = Observations.of(draining, PolicyFixture.IRIS, ModelSignals.idle(), NOW);
        assertThat(observation.readyReplicas()).isEqualTo(2);
        assertThat(observation.name()).isEqualTo(PolicyFixture.IRIS);
        assertThat(observation.own()).isEqualTo(ModelSignals.idle());
        Cluster reset = cluster.failScheduling(PolicyFixture.IRIS.version(1), "gone", true, NOW).get();
        assertThat(Observations.of(reset, PolicyFixture.IRIS, ModelSignals.idle(), NOW).readyReplicas()).isZero();
    }
}
