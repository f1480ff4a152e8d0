package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.Named;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ScaleDownCheck;
import io.vavr.collection.List;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The consolidating preset's placement at a server's memory floor: nine models of 1 GiB on three replicas of 4 GiB
 * (within the requests, the floor is three replicas) leave 3 GiB free, and where that room is decides whether a hot
 * model's third replica (one per server replica) needs a fourth server replica.
 */
class ConsolidatingPlacementTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ServerName S = ServerName.of("s");
    private static final ModelName HOT = ModelName.of("m0");

    /** Scales the hot model to three replicas and holds every other model. */
    private static final Named<ModelScalingPolicy<?>> HOT_TO_THREE = new Named<>("model.hotToThree",
        ModelScalingPolicy.stateless(o -> o.name().equals(HOT) && o.scaling().replicas() < 3
            ? ModelScalingDecision.scale(o, 3, new ModelScaleReason.Other("hot"))
            : ModelScalingDecision.hold(o, ModelScalingDecision.HoldReason.OTHER, "cold")));

    /**
     * Spread, each replica holds three models and has 1 GiB free (worked by hand: most free memory first, lowest
     * index on ties, gives replicas 0, 1, 2, 0, 1, 2, ...), so the hot model, on replica 0, gets replicas 1 and 2,
     * which then hold four models each, and the server keeps its three replicas.
     */
    @Test
    void spread_theHotModelsThirdReplicaFitsOnTheReplicasThereAre() {
        ControlResult result = deployNineThenScaleHot(Presets.consolidating(), List.of(3, 3, 3));

        assertThat(result.serverScales()).isEmpty();
        assertThat(liveReplicas(result.cluster(), HOT)).containsExactly(0, 1, 2);
        assertThat(modelsPerReplica(result.cluster())).containsExactly(3, 4, 4);
    }

    /**
     * The planted fault, packed placement: replicas 0 and 1 fill (four models each) and replica 2 holds one, so the
     * hot model finds room for one replica besides replica 0's and cannot have three; the memory-aware scale-up asks
     * for a fourth server replica.
     */
    @Test
    void packed_theSameThirdReplicaNeedsAFourthServerReplica() {
        SchedulerConfig packing = SchedulerConfig.packing().withinMemoryRequests();
        ControlResult result = deployNineThenScaleHot(Presets.consolidating().withPlacement(packing)
            .withScaleDownCheck(ScaleDownCheck.refusing(packing)), List.of(4, 4, 1));

        assertThat(result.serverScales()).extracting(s -> s.to()).containsExactly(4);
        assertThat(liveReplicas(result.cluster(), HOT).size()).isLessThan(3);
    }

    private static ControlResult deployNineThenScaleHot(Preset preset, List<Integer> layout) {
        Autoscaler autoscaler = Autoscaler.of(preset.withModelPolicy(HOT_TO_THREE));
        Cluster cluster = ClusterBuilder.at(NOW).server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
            .build().get();
        ControlMemory memory = ControlMemory.initial();
        for (int i = 0; i < 9; i++) {
            ControlResult deployed = autoscaler.step(memory, cluster, new Trigger.ModelDeployed(ModelSpec.of(
                ModelName.of("m" + i), MemoryQuantity.parse("1Gi").get(), new ScalingSpec(1, 1, MaxReplicas.of(3)))),
                NOW, new SplittableRandom(1));
            memory = deployed.memory();
            cluster = deployed.cluster();
        }
        assertThat(liveReplicas(cluster, HOT)).containsExactly(0);
        assertThat(modelsPerReplica(cluster)).isEqualTo(layout);
        return autoscaler.step(memory, cluster, Trigger.tick(Signals.none()), NOW.plusSeconds(20),
            new SplittableRandom(1));
    }

    /** The replica indexes the model's latest version is requested, loading or loaded on, in order. */
    private static List<Integer> liveReplicas(Cluster cluster, ModelName model) {
        ModelVersionId version = cluster.model(model).get().latest().id();
        return List.range(0, 4)
            .filter(i -> cluster.state(version, new ServerReplicaId(S, ReplicaIndex.of(i))).isLoadingOrLoaded());
    }

    /** How many model replicas each of the server's first three replicas holds. */
    private static List<Integer> modelsPerReplica(Cluster cluster) {
        return List.range(0, 3).map(i -> List.range(0, 9).count(m -> liveReplicas(cluster, ModelName.of("m" + m))
            .contains(i)));
    }
}
