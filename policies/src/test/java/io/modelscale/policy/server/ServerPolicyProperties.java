package io.modelscale.policy.server;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.generators.ClusterGenerators;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.Signals;
import io.vavr.collection.List;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** Every preset's server policies, with its scale-down check, on generated clusters. */
class ServerPolicyProperties {

    private static final Instant NOW = ClusterGenerators.START.plusSeconds(7_200);
    private static final List<Preset> PRESETS = List.of(Presets.documented(), Presets.seldonCore(),
        Presets.consolidating(), Presets.documented().named("packing")
            .withServerScaleDown(new io.modelscale.policy.Named<>(LightlyLoadedScaleDown.NAME,
                new LightlyLoadedScaleDown(new PackingChance.Percentage(100)))),
        Presets.consolidating().named("consolidating[memoryScaleUp=false]").withServerScaleUp(
            new io.modelscale.policy.Named<>(MemoryAwareScaleUp.COUNT_ONLY_NAME, MemoryAwareScaleUp.countOnly())));

    @Test
    void everyTargetLiesWithinMaxOfMinAndOneAndMax() {
        qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999)).checkAssert((cluster, seed) -> {
            for (Preset preset : PRESETS) {
                for (Server server : cluster.servers().values()) {
                    for (ServerTrigger trigger : ServerTrigger.values()) {
                        ServerScalingDecision decision = decide(preset, cluster, server.name(), trigger, NOW, seed);
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

    /**
     * The safety check itself. The generator must reach both sides of it: scale-downs the check lets through and
     * scale-downs it refuses (426 and 162 of 588 proposed at the default example count); at least 10 % of each is
     * required, so that a generator that stopped producing unsafe scale-downs fails here.
     */
    @Test
    void noRefusingCheckEverPassesAScaleDownWhoseModelsCannotBePlacedElsewhere() {
        int[] counts = new int[3];
        qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999)).checkAssert((cluster, seed) ->
            counts(assertSafe(cluster, seed, true), counts));
        assertThat(counts[0]).as("proposed scale-downs").isPositive();
        assertThat((double) counts[1] / counts[0]).as("%d refused of %d proposed", counts[1], counts[0])
            .isGreaterThanOrEqualTo(0.10);
        assertThat((double) counts[2] / counts[0]).as("%d passed of %d proposed", counts[2], counts[0])
            .isGreaterThanOrEqualTo(0.10);
    }

    private static void counts(int[] found, int[] total) {
        for (int i = 0; i < total.length; i++) {
            total[i] += found[i];
        }
    }

    /** The planted fault the property catches: a check that refuses nothing lets such a scale-down through. */
    @Test
    void aCheckThatRefusesNothingIsCaught() {
        assertThatThrownBy(() -> qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999))
            .checkAssert((cluster, seed) -> assertSafe(cluster, seed, false)))
            .isInstanceOf(AssertionError.class).hasMessageContaining("re-placing");
    }

    /** Checks every preset's scale-downs; returns the scale-downs proposed, refused by the check and let through. */
    private static int[] assertSafe(Cluster cluster, int seed, boolean refuse) {
        int[] counts = new int[3];
        for (Preset preset : PRESETS) {
            ScaleDownCheck check = new ScaleDownCheck(refuse, preset.scaleDownCheck().placement());
            for (Server server : cluster.servers().values()) {
                for (ServerTrigger trigger : List.of(ServerTrigger.MODEL_REPLICA_UNLOADED, ServerTrigger.TICK)) {
                    Instant later = NOW.plus(Duration.ofHours(1));
                    ServerScalingDecision proposed = decideOnce(preset.serverPolicy(), cluster, server.name(),
                        trigger, later, seed);
                    if (!(proposed instanceof ServerScalingDecision.Scale down && down.to() < down.from())) {
                        continue;
                    }
                    counts[0]++;
                    ServerScalingDecision decision = check.apply(proposed, cluster, later);
                    if (decision instanceof ServerScalingDecision.Scale scale && scale.to() < scale.from()) {
                        counts[2]++;
                        assertRemovedModelsFitElsewhere(cluster, server.name(), scale.to(),
                            new Scheduler(check.placement()));
                    } else {
                        counts[1]++;
                    }
                }
            }
        }
        return counts;
    }

    /**
     * A determinism check, not a property of correctness: the same cluster, trigger, time and seed give the same
     * decision, so a policy that read a clock or global randomness would fail here.
     */
    @Test
    @org.junit.jupiter.api.Tag("determinism")
    void determinism_theSameInputsAndRandomnessGiveTheSameDecision() {
        qt().forAll(ClusterGenerators.clusters(), Generate.range(0, 999)).checkAssert((cluster, seed) -> {
            for (Preset preset : PRESETS) {
                for (Server server : cluster.servers().values()) {
                    assertThat(decide(preset, cluster, server.name(), ServerTrigger.MODEL_REPLICA_UNLOADED, NOW, seed))
                        .isEqualTo(decide(preset, cluster, server.name(), ServerTrigger.MODEL_REPLICA_UNLOADED, NOW,
                            seed));
                }
            }
        });
    }

    private static ServerScalingDecision decide(Preset preset, Cluster cluster, ServerName server,
                                                ServerTrigger trigger, Instant now, int seed) {
        return preset.scaleDownCheck().apply(decideOnce(preset.serverPolicy(), cluster, server, trigger, now, seed),
            cluster, now);
    }

    private static <M> ServerScalingDecision decideOnce(ServerScalingPolicy<M> policy, Cluster cluster,
                                                       ServerName server, ServerTrigger trigger, Instant now,
                                                       int seed) {
        return policy.decide(policy.initialMemory(), new ServerObservation(now, trigger, cluster.server(server).get(),
            cluster, Signals.none(), Option.none(), new SplittableRandom(seed))).decision();
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
}
