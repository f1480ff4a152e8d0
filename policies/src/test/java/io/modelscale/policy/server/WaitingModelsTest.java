package io.modelscale.policy.server;

import static io.modelscale.policy.server.ServerFixture.S;
import static io.modelscale.policy.server.ServerFixture.T0;
import static io.modelscale.policy.server.ServerFixture.observe;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.packing.PackingItem;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * The memory-aware scale-up and the models no server holds: which it counts as waiting for room its server could
 * give, and the scale-up they get on a stats period. Each count worked out by hand from 100-byte replicas.
 */
class WaitingModelsTest {

    /** Server s: one replica of 100 bytes, up to 5, holding model a (100 bytes); the rest as each case adds. */
    private final Cluster one = ServerFixture.model(ServerFixture.server(1, 100, 1, 5, 1), "a", 1, 100, 0);

    private Cluster failed(Cluster cluster, ModelSpec spec) {
        Cluster placed = new Scheduler(io.modelscale.placement.SchedulerConfig.spreading())
            .schedule(cluster.deployModel(spec, T0), spec.name(), T0).get().cluster();
        assertThat(placed.model(spec.name()).get().latest().status().state()).isEqualTo(ModelState.SCHEDULE_FAILED);
        return placed;
    }

    private static ModelSpec.Builder model(String name, long bytes, int replicas) {
        return ModelSpec.builder().name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(bytes))
            .scaling(ScalingSpec.fixed(replicas));
    }

    @Test
    void aModelThatFitsAReplicaAndNeedsNothingElse_waits_theOthersDoNot() {
        Cluster cluster = failed(one, model("b", 100, 2).build());
        cluster = failed(cluster, model("big", 200, 1).build());                          // larger than a replica
        cluster = failed(cluster, model("tf", 50, 1).requirements(List.of("tensorflow")).build());
        cluster = failed(cluster, model("explain", 50, 1).explainer(true).build());        // no explainer capability
        cluster = failed(cluster, model("pinned", 50, 1).requestedServer(io.vavr.control.Option.some(
            ServerName.of("other"))).build());
        Cluster deleted = failed(cluster, model("gone", 50, 1).build()).deleteModel(ModelName.of("gone")).get();
        io.vavr.collection.Seq<PackingItem> waiting = MemoryAwareScaleUp.waiting(deleted, deleted.server(S).get(),
            100);
        assertThat(waiting.map(item -> item.version().model().value())).containsExactly("b");
        assertThat(MemoryAwareScaleUp.waiting(deleted, deleted.server(S).get(), 0)).isEmpty();
    }

    @Test
    void onAStatsPeriod_theServerScalesForTheWaitingModels_countingMemory_only() {
        Cluster cluster = failed(one, model("b", 100, 2).build());
        // a (1 x 100) and b (2 x 100) need 3 replicas of 100 bytes
        MemoryAwareScaleUp memoryAware = new MemoryAwareScaleUp();
        assertThat(memoryAware.actsOnTick(memoryAware.initialMemory(), observe(cluster, ServerTrigger.TICK,
            T0.plusSeconds(20)))).isTrue();
        ServerScalingDecision decision = memoryAware.decide(memoryAware.initialMemory(), observe(cluster,
            ServerTrigger.TICK, T0.plusSeconds(20))).decision();
        assertThat(decision).isInstanceOf(ServerScalingDecision.Scale.class);
        assertThat(((ServerScalingDecision.Scale) decision).to()).isEqualTo(3);
        // counting replicas alone it waits, as Seldon's scale-up does
        MemoryAwareScaleUp countOnly = MemoryAwareScaleUp.countOnly();
        assertThat(countOnly.actsOnTick(countOnly.initialMemory(), observe(cluster, ServerTrigger.TICK,
            T0.plusSeconds(20)))).isFalse();
        // nothing waiting: the stats period asks nothing of it
        assertThat(memoryAware.actsOnTick(memoryAware.initialMemory(), observe(one, ServerTrigger.TICK,
            T0.plusSeconds(20)))).isFalse();
    }
}
