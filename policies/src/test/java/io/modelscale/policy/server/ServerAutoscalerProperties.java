package io.modelscale.policy.server;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.arbitrary.ClusterGenerators;
import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.Presets;
import io.modelscale.policy.server.ServerAutoscaler.Trigger;
import io.vavr.collection.List;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class ServerAutoscalerProperties {

    private static final Instant NOW = ClusterGenerators.START.plusSeconds(7_200);
    private static final List<ServerAutoscaler.Config> CONFIGS = List.of(
        Presets.documented().servers(), Presets.seldonCore().servers(), Presets.consolidating().servers(),
        new ServerAutoscaler.Config(true, ServerAutoscaler.ScaleUp.MODEL_REPLICA_COUNT,
            new ServerAutoscaler.ScaleDown.Seldon(new PackingChance.Percentage(100)), true,
            SchedulerConfig.spreading()));

    @Test
    void everyTargetLiesWithinMaxOfMinAndOneAndMax() {
        qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999)).checkAssert((cluster, draw) -> {
            for (ServerAutoscaler.Config config : CONFIGS) {
                ServerAutoscaler autoscaler = new ServerAutoscaler(config);
                for (Server server : cluster.servers().values()) {
                    for (Trigger trigger : Trigger.values()) {
                        ServerScalingDecision decision = autoscaler.step(ServerAutoscaler.Memory.initial(), cluster,
                            server.name(), trigger, NOW, draw / 1000.0).decision();
                        if (decision instanceof ServerScalingDecision.Scale scale) {
                            assertThat(server.spec().scaling().autoscalingFloor() <= scale.to()
                                && server.spec().scaling().maxReplicas().admits(scale.to()))
                                .as(decision.describe()).isTrue();
                        }
                    }
                }
            }
        });
    }

    @Test
    void noSafeScaleDownEverRemovesAReplicaWhoseModelsCannotBePlacedElsewhere() {
        qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999)).checkAssert((cluster, draw) -> {
            for (ServerAutoscaler.Config config : CONFIGS.filter(ServerAutoscaler.Config::safeScaleDown)) {
                ServerAutoscaler autoscaler = new ServerAutoscaler(config);
                for (Server server : cluster.servers().values()) {
                    ServerAutoscaler.Step step = autoscaler.step(ServerAutoscaler.Memory.initial(), cluster,
                        server.name(), Trigger.SCALE_DOWN, NOW, draw / 1000.0);
                    step = autoscaler.step(step.memory(), cluster, server.name(), Trigger.TICK,
                        NOW.plus(Duration.ofHours(1)), draw / 1000.0);
                    if (step.decision() instanceof ServerScalingDecision.Scale scale && scale.to() < scale.from()) {
                        assertRemovedModelsFitElsewhere(cluster, server.name(), scale.to(),
                            new Scheduler(config.placement()));
                    }
                }
            }
        });
    }

    @Test
    void underConstantLoadTheConsolidatingPolicyNeverReversesWithinItsWindow() {
        ServerAutoscaler autoscaler = new ServerAutoscaler(Presets.consolidating().servers());
        Duration window = ConsolidatingPolicy.Config.defaults().window();
        qt().forAll(ClusterGenerators.populatedClusters()).checkAssert(start -> {
            ServerName name = ServerName.of("server-0");
            Cluster cluster = withExpected(start, name);
            ServerAutoscaler.Memory memory = ServerAutoscaler.Memory.initial();
            java.util.List<long[]> changes = new ArrayList<>();
            for (int tick = 0; tick < 30; tick++) {
                Instant now = NOW.plusSeconds(60L * tick);
                for (Trigger trigger : List.of(Trigger.SCALE_UP, Trigger.TICK)) {
                    ServerAutoscaler.Step step = autoscaler.step(memory, cluster, name, trigger, now, 0.5);
                    memory = step.memory();
                    if (step.decision() instanceof ServerScalingDecision.Scale scale) {
                        int direction = Integer.signum(scale.to() - scale.from());
                        for (long[] earlier : changes) {
                            if (earlier[1] != direction) {
                                assertThat(now.getEpochSecond() - earlier[0]).as("reversal after %s", now)
                                    .isGreaterThanOrEqualTo(window.getSeconds());
                            }
                        }
                        changes.add(new long[] {now.getEpochSecond(), direction});
                        cluster = apply(cluster, name, scale, new Scheduler(Presets.consolidating().placement()), now);
                    }
                }
            }
        });
    }

    @Test
    void theSameInputsAndDrawGiveTheSameDecision() {
        qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999)).checkAssert((cluster, draw) -> {
            for (ServerAutoscaler.Config config : CONFIGS) {
                for (Server server : cluster.servers().values()) {
                    ServerAutoscaler.Step first = new ServerAutoscaler(config).step(ServerAutoscaler.Memory.initial(),
                        cluster, server.name(), Trigger.SCALE_DOWN, NOW, draw / 1000.0);
                    assertThat(new ServerAutoscaler(config).step(ServerAutoscaler.Memory.initial(), cluster,
                        server.name(), Trigger.SCALE_DOWN, NOW, draw / 1000.0)).isEqualTo(first);
                }
            }
        });
    }

    /** Drains the removed replicas, re-places their models with the scheduler, and checks each got all its replicas. */
    private static void assertRemovedModelsFitElsewhere(Cluster cluster, ServerName server, int target,
                                                        Scheduler scheduler) {
        Cluster simulated = cluster;
        SortedSet<ModelName> affected = TreeSet.empty();
        for (ReplicaIndex index : cluster.server(server).get().replicas().keySet()) {
            if (index.value() >= target) {
                ServerReplicaId id = new ServerReplicaId(server, index);
                simulated = simulated.drainReplica(id, NOW).get();
                affected = affected.addAll(cluster.placements().filter(p -> p.replica().equals(id)
                    && (p.status().state().canReceiveTraffic() || p.status().state().isLoadingOrLoaded())
                    && cluster.model(p.version().model()).exists(m -> !m.deleted()
                    && m.isLatest(p.version().version()))).map(p -> p.version().model()));
            }
        }
        for (ModelName model : affected) {
            ScheduleResult result = scheduler.schedule(simulated, model, NOW).get();
            assertThat(result.outcome()).as("re-placing %s", model).isInstanceOf(ScheduleOutcome.Placed.class);
            assertThat(((ScheduleOutcome.Placed) result.outcome()).partial()).isFalse();
            simulated = result.cluster();
        }
    }

    private static Cluster withExpected(Cluster cluster, ServerName name) {
        Server server = cluster.server(name).get();
        return cluster.withServer(server.spec().withExpectedReplicas(ExpectedReplicas.of(server.replicas().size())));
    }

    /** What the control plane does with a decision: replicas join, or drain, move their models and leave. */
    private static Cluster apply(Cluster cluster, ServerName name, ServerScalingDecision.Scale scale,
                                 Scheduler scheduler, Instant now) {
        Server server = cluster.server(name).get();
        Cluster result = cluster.withServer(server.spec().withExpectedReplicas(ExpectedReplicas.of(scale.to())));
        if (scale.to() > scale.from()) {
            ServerReplica template = server.replicas().values().head();
            for (int i = server.replicas().size(); i < scale.to(); i++) {
                result = result.connectReplica(name, ServerReplica.empty(ReplicaIndex.of(i), template.capabilities(),
                    template.memory())).get();
            }
            return result;
        }
        SortedSet<ReplicaIndex> removed = TreeSet.ofAll(server.replicas().keySet().filter(i -> i.value() >= scale.to()));
        for (ReplicaIndex index : removed) {
            result = result.drainReplica(new ServerReplicaId(name, index), now).get();
        }
        for (ModelName model : result.models().keySet()) {
            if (result.model(model).get().latest().server().contains(name)) {
                result = scheduler.schedule(result, model, now).get().cluster();
            }
        }
        result = Transitions.settle(result, now);
        for (ReplicaIndex index : removed) {
            result = result.disconnectReplica(new ServerReplicaId(name, index), now).get();
        }
        return result;
    }

}
