package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.policy.Named;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScalingPolicy;
import io.modelscale.policy.NoMemory;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How the control step keeps policy memory, corrects what a policy reports, and which models each trigger places. */
class ControlStepTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ServerName S = ServerName.of("s");
    private static final ServerName T = ServerName.of("t");
    private static final ModelName IRIS = ModelName.of("iris");

    private final Cluster cluster = ClusterBuilder.at(NOW)
        .server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
        .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("s", 0, 1))
        .build().get();

    /** Holds every time and counts in its memory how often it was asked; equal when the labels are. */
    record Counting(String label) implements ModelScalingPolicy<Integer> {
        @Override
        public Integer initialMemory(ModelObservation first) {
            return 0;
        }

        @Override
        public Step<Integer, ModelScalingDecision> decide(Integer asked, ModelObservation observation) {
            return Step.of(asked + 1, ModelScalingDecision.hold(observation, ModelScalingDecision.HoldReason.OTHER,
                label + " asked " + (asked + 1) + " times"));
        }
    }

    /** The server counterpart of {@link Counting}. */
    record CountingServer(String label) implements ServerScalingPolicy<Integer> {
        @Override
        public Integer initialMemory() {
            return 0;
        }

        @Override
        public Step<Integer, ServerScalingDecision> decide(Integer asked, ServerObservation observation) {
            return Step.of(asked + 1, ServerScalingDecision.hold(observation,
                new ServerHoldReason.NoChange(observation.expectedReplicas())));
        }
    }

    @Test
    void policyMemory_isCarriedFromStepToStep_andStartsAgainWhenThePolicyChanges() {
        Autoscaler a = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("a", new Counting("a")))
            .withServerPolicy(S, new Named<>("a", new CountingServer("a")));
        ControlMemory memory = ControlMemory.initial();
        for (int i = 0; i < 3; i++) {
            memory = a.step(memory, cluster, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1)).memory();
        }
        assertThat(memory.modelPolicyMemory(IRIS)).contains(3);
        assertThat(memory.serverPolicyMemory(S)).contains(3);

        Autoscaler sameAgain = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("a",
            new Counting("a")));
        assertThat(sameAgain.step(memory, cluster, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1))
            .memory().modelPolicyMemory(IRIS)).as("an equal policy keeps the memory").contains(4);

        Autoscaler b = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("b", new Counting("b")))
            .withServerPolicy(S, new Named<>("b", new CountingServer("b")));
        ControlResult switched = b.step(memory, cluster, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1));
        assertThat(switched.modelDecisions().map(ModelScalingDecision::describe))
            .containsExactly("hold iris:1: the policy holds (b asked 1 times)");
        assertThat(switched.memory().modelPolicyMemory(IRIS)).contains(1);
        assertThat(switched.memory().serverPolicyMemory(S)).contains(1);
        assertThat(b.serverPolicy(S).name()).isEqualTo("b");
        assertThat(a.toString()).contains("documented");
    }

    @Test
    void memory_isAValue_andForgetsModelsAndServersThatAreGone() {
        Cluster two = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(1).memory("4Gi"))
            .server("t", s -> s.replicas(1).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").loadedOn("s", 0))
            .model("rose", m -> m.memory("1Gi").loadedOn("t", 0))
            .build().get();
        Autoscaler autoscaler = Autoscaler.of(Presets.documented());
        ControlMemory first = autoscaler.step(ControlMemory.initial(), two, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1)).memory();
        ControlMemory again = autoscaler.step(ControlMemory.initial(), two, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1)).memory();
        assertThat(again).isEqualTo(first).hasSameHashCodeAs(first).isNotEqualTo(ControlMemory.initial());
        assertThat(first.toString()).contains("iris", "rose", "t");
        assertThat(first.modelPolicyMemory(ModelName.of("rose"))).isNotEmpty();
        assertThat(first.serverPolicyMemory(T)).isNotEmpty();

        Cluster roseDeleted = two.deleteModel(ModelName.of("rose")).get();
        ControlMemory afterDelete = autoscaler.step(first, roseDeleted, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1)).memory();
        assertThat(afterDelete.modelPolicyMemory(ModelName.of("rose"))).isEmpty();
        assertThat(afterDelete.modelPolicyMemory(IRIS)).isNotEmpty();
        // the delete trigger drops the model's entry at once, keeping the others', whichever end it is at
        for (String gone : List.of("iris", "rose")) {
            ControlMemory deleted = autoscaler.step(first, two, new Trigger.ModelDeleted(ModelName.of(gone)), NOW,
                new SplittableRandom(1)).memory();
            String kept = gone.equals("iris") ? "rose" : "iris";
            assertThat(deleted.modelPolicyMemory(ModelName.of(gone))).as(gone).isEmpty();
            assertThat(deleted.modelPolicyMemory(ModelName.of(kept))).as(kept)
                .isEqualTo(first.modelPolicyMemory(ModelName.of(kept)));
            assertThat(deleted).isNotEqualTo(first);
            assertThat(deleted.toString()).contains(kept + "=").doesNotContain(gone + "=");
        }

        Cluster withoutT = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(1).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").loadedOn("s", 0))
            .build().get();
        ControlMemory afterRemoval = autoscaler.step(first, withoutT, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1)).memory();
        assertThat(afterRemoval.serverPolicyMemory(T)).isEmpty();
        assertThat(afterRemoval.serverPolicyMemory(S)).isNotEmpty();
    }

    @Test
    void eachModelGetsItsOwnMemory_whenModelsAppearAndDisappearBetweenAndAroundIt() {
        Autoscaler counting = Autoscaler.of(Presets.documented());
        for (String name : List.of("aster", "iris", "moss", "zinnia")) {
            counting = counting.withModelPolicy(ModelName.of(name), new Named<>("count", new Counting("count")));
        }
        java.util.function.Function<List<String>, Cluster> with = names -> {
            ClusterBuilder builder = ClusterBuilder.at(NOW).server("s", s -> s.replicas(1).memory("8Gi"));
            for (String name : names) {
                builder = builder.model(name, m -> m.memory("1Gi").loadedOn("s", 0));
            }
            return builder.build().get();
        };
        ControlMemory first = counting.step(ControlMemory.initial(), with.apply(List.of("iris", "zinnia")),
            Trigger.tick(Signals.none()), NOW, new SplittableRandom(1)).memory();
        ControlMemory memory = counting.step(first, with.apply(List.of("aster", "iris", "moss", "zinnia")),
            Trigger.tick(Signals.none()), NOW, new SplittableRandom(1)).memory();
        assertThat(List.of("aster", "iris", "moss", "zinnia").map(n -> memory(n, memoryOf(memory, n))))
            .as("models new before, between and after remembered ones start at one; the others count on")
            .containsExactly("aster=1", "iris=2", "moss=1", "zinnia=2");

        Cluster asterGone = with.apply(List.of("iris", "moss", "zinnia")).deleteModel(ModelName.of("moss")).get();
        ControlMemory after = counting.step(memory, asterGone, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1)).memory();
        assertThat(List.of("aster", "iris", "moss", "zinnia").map(n -> memory(n, memoryOf(after, n))))
            .as("a model gone from the snapshot and a deleted one are forgotten; the rest count on")
            .containsExactly("aster=none", "iris=3", "moss=none", "zinnia=3");

        Cluster natural = with.apply(List.of("aster", "iris", "moss", "zinnia"));
        Cluster reversed = new Cluster(natural.servers(), io.vavr.collection.TreeMap.ofEntries(
            java.util.Comparator.<ModelName>reverseOrder(), natural.models()));
        ControlMemory again = counting.step(memory, reversed, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1)).memory();
        assertThat(List.of("aster", "iris", "moss", "zinnia").map(n -> memory(n, memoryOf(again, n))))
            .as("a snapshot ordered otherwise still gives each model its own memory")
            .containsExactly("aster=2", "iris=3", "moss=2", "zinnia=3");
    }

    private static Option<Object> memoryOf(ControlMemory memory, String model) {
        return memory.modelPolicyMemory(ModelName.of(model));
    }

    private static String memory(String model, Option<Object> memory) {
        return model + "=" + memory.map(String::valueOf).getOrElse("none");
    }

    @Test
    void aScaleToTheFloor_isCarriedOut_andAWrongFromIsCorrectedToTheCurrentCount() {
        ModelScalingPolicy<io.modelscale.policy.NoMemory> toFloor = ModelScalingPolicy.stateless(o ->
            new ModelScalingDecision.Scale(o.latest().id(), 7, 1, new ModelScaleReason.Other("floor")));
        ControlResult result = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("floor", toFloor))
            .step(ControlMemory.initial(), cluster, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1));
        ModelScalingDecision.Scale scale = (ModelScalingDecision.Scale) result.modelDecisions().head();
        assertThat(scale.from()).isEqualTo(2);
        assertThat(scale.to()).isEqualTo(1);
        assertThat(result.cluster().model(IRIS).get().latest().spec().scaling().replicas()).isEqualTo(1);
    }

    @Test
    void aServerScaleWithAWrongFrom_isCorrected_andAScaleDownPlacesTheModelsOfTheDrainedReplicasAgain() {
        Cluster onTheTop = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").loadedOn("s", 2))
            .build().get();
        ServerScalingPolicy<io.modelscale.policy.NoMemory> down = new ServerScalingPolicy<>() {
            @Override
            public io.modelscale.policy.NoMemory initialMemory() {
                return io.modelscale.policy.NoMemory.INSTANCE;
            }

            @Override
            public Step<io.modelscale.policy.NoMemory, ServerScalingDecision> decide(
                io.modelscale.policy.NoMemory memory, ServerObservation observation) {
                return Step.of(memory, new ServerScalingDecision.Scale(S, 9, 2, new ServerScaleReason.Other("two"),
                    List.empty(), Option.none(), Option.none()));
            }
        };
        ControlResult result = Autoscaler.of(Presets.documented()).withServerPolicy(S, new Named<>("down", down))
            .step(ControlMemory.initial(), onTheTop, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1));
        assertThat(result.serverScales().map(s -> s.from() + "->" + s.to())).containsExactly("3->2");
        assertThat(result.placements().map(p -> p.describe())).containsExactly("placed iris:1 on s replicas [0]");
        assertThat(result.commands().map(AgentCommand::describe)).containsExactly("load iris:1 on s/0");
    }

    @Test
    void aPlacementThatFallsShort_asksTheServersScaleUpPolicyInTheSameStep() {
        Cluster small = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(2).scaling(1, 4).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("s", 0, 1))
            .build().get();
        ModelScalingPolicy<io.modelscale.policy.NoMemory> three = ModelScalingPolicy.stateless(o ->
            ModelScalingDecision.scale(o, 3, new ModelScaleReason.Other("three")));
        ControlResult result = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("three", three))
            .step(ControlMemory.initial(), small, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1));
        assertThat(result.serverScales().map(ServerScalingDecision::describe))
            .containsExactly("scale server s from 2 to 3: the largest model wants 3 replicas");
    }

    /**
     * As Seldon's scheduler does when an agent disconnects: each model that had a replica there is placed again
     * (tulip), then every model that failed or is short of replicas (rose, and tulip again, whose new replica is only
     * requested); a model served elsewhere on the same server (iris) and a full one (lily) are left alone. Planted
     * fault caught: placing again every model on the replica's server (iris would be placed).
     */
    @Test
    void aDisconnectedReplica_placesTheModelsItHeld_thenThoseFailedOrShort_notOthersOnItsServer() {
        Cluster two = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(2).memory("4Gi"))
            .server("t", s -> s.replicas(2).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").loadedOn("s", 0))
            .model("tulip", m -> m.memory("1Gi").loadedOn("s", 1))
            .model("rose", m -> m.memory("1Gi").scaling(2, 1, 2).loadedOn("t", 0))
            .model("lily", m -> m.memory("1Gi").loadedOn("t", 1))
            .build().get();
        ControlResult result = Autoscaler.of(Presets.documented()).step(ControlMemory.initial(), two,
            new Trigger.ServerReplicaDisconnected(new ServerReplicaId(S, ReplicaIndex.of(1))), NOW,
            new SplittableRandom(1));
        assertThat(result.placements().map(p -> p.outcome().describe())).containsExactly(
            "placed tulip:1 on s replicas [0]", "placed rose:1 on t replicas [0, 1]", "placed tulip:1 on s replicas [0]");
        assertThat(result.cluster().model(ModelName.of("iris"))).isEqualTo(two.model(ModelName.of("iris")));
    }

    @Test
    void aDrainingReplica_placesItsLiveModels_notTheDeletedOnesItStillHolds() {
        Cluster deleted = Autoscaler.of(Presets.documented()).step(ControlMemory.initial(), cluster,
            new Trigger.ModelDeleted(IRIS), NOW, new SplittableRandom(1)).cluster();
        ControlResult draining = Autoscaler.of(Presets.documented()).step(ControlMemory.initial(), deleted,
            new Trigger.ServerReplicaDraining(new ServerReplicaId(S, ReplicaIndex.of(0))), NOW,
            new SplittableRandom(1));
        assertThat(draining.refused()).isEmpty();
        assertThat(draining.placements()).isEmpty();
    }

    @Test
    void theVersionCleaner_runsWhenAReplicaOfTheNewVersionBecomesAvailable_notBefore() {
        ModelSpec moved = cluster.model(IRIS).get().latest().spec().withMemory(MemoryQuantity.ofBytes(2L << 30));
        Autoscaler autoscaler = Autoscaler.of(Presets.documented());
        ControlResult redeployed = autoscaler.step(ControlMemory.initial(), cluster, new Trigger.ModelDeployed(moved),
            NOW, new SplittableRandom(1));
        Cluster next = redeployed.cluster();
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (AgentCommand command : redeployed.commands()) {
            for (ModelReplicaState state : java.util.List.of(ModelReplicaState.LOADING, ModelReplicaState.LOADED,
                ModelReplicaState.AVAILABLE)) {
                ControlResult reported = autoscaler.step(ControlMemory.initial(), next,
                    new Trigger.ModelReplicaReported(command.placement().version(), command.placement().replica(),
                        Option.none(), state, ""), NOW, new SplittableRandom(1));
                next = reported.cluster();
                reported.decisions().filter(d -> d instanceof Decision.ReplacedVersionsUnloaded)
                    .forEach(d -> seen.add(command.placement().replica() + " " + state + ": " + d.describe()));
            }
        }
        assertThat(seen).containsExactly(redeployed.commands().head().placement().replica()
            + " AVAILABLE: unload the versions of iris that version 2 replaced");
    }

    @Test
    void everyTriggerAndReleaseDescribesItself() {
        ServerReplicaId r0 = new ServerReplicaId(S, ReplicaIndex.of(0));
        ModelSpec spec = cluster.model(IRIS).get().latest().spec();
        assertThat(List.of(
            Trigger.tick(Signals.none()),
            new Trigger.ModelDeployed(spec),
            new Trigger.ModelDeleted(IRIS),
            new Trigger.ModelReplicaReported(IRIS.version(1), r0, Option.none(), ModelReplicaState.LOAD_FAILED,
                "out of memory"),
            new Trigger.ModelReplicaReported(IRIS.version(1), r0, Option.none(), ModelReplicaState.LOADED, ""),
            new Trigger.ServerReplicaConnected(S, ServerReplica.empty(ReplicaIndex.of(3), List.empty(),
                new ReplicaMemory(1, 0))),
            new Trigger.ServerReplicaDisconnected(r0),
            new Trigger.ServerReplicaDraining(r0),
            new Trigger.ServerUpdated(cluster.server(S).get().spec()),
            new Trigger.DrainCheck(S),
            new Trigger.PlacementShort(S)).map(Trigger::describe)).containsExactly(
                "stats period",
                "model iris deployed",
                "model iris deleted",
                "iris:1 on s/0 reported LOAD_FAILED (out of memory)",
                "iris:1 on s/0 reported LOADED",
                "server replica s/3 connected",
                "server replica s/0 disconnected",
                "server replica s/0 draining",
                "server s updated (expected replicas 3)",
                "drain check of server s",
                "a placement on server s fell short");
        assertThat(new Decision.ReplicaReleased(r0).describe())
            .isEqualTo("server replica s/0 may stop: its models are served elsewhere");
    }

    /** Lowers its server to one replica on every stats period. */
    record ToOne() implements ServerScaleDownPolicy<NoMemory> {
        @Override
        public NoMemory initialMemory() {
            return NoMemory.INSTANCE;
        }

        @Override
        public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation observation) {
            return Step.of(memory, observation.expectedReplicas() > 1
                ? ServerScalingDecision.scale(observation, 1, new ServerScaleReason.Other("to one"))
                : ServerScalingDecision.hold(observation, new ServerHoldReason.Other("at one")));
        }
    }

    /**
     * A scale-down places again only what was on the replicas that drain: a model whose load is only requested on a
     * replica that stays keeps it (placed again, its own reservation would count against it and fail it).
     */
    @Test
    void aScaleDownLeavesAloneAModelWhoseLoadIsOnlyRequestedOnAReplicaThatStays() {
        Cluster empty = ClusterBuilder.at(NOW).server("s", s -> s.replicas(2).scaling(1, 2).memory("2Gi"))
            .build().get();
        Autoscaler autoscaler = Autoscaler.of(Presets.consolidating()
            .withServerScaleDown(new Named<>("server.toOne", new ToOne())));
        ModelName big = ModelName.of("big");
        ControlResult deployed = autoscaler.step(ControlMemory.initial(), empty, new Trigger.ModelDeployed(
            ModelSpec.of(big, MemoryQuantity.parse("1536Mi").get(), new ScalingSpec(1, 1, MaxReplicas.of(1)))),
            NOW, new SplittableRandom(1));
        ServerReplicaId s0 = new ServerReplicaId(S, ReplicaIndex.of(0));
        ModelVersionId version = deployed.cluster().model(big).get().latest().id();
        assertThat(deployed.cluster().state(version, s0)).isEqualTo(ModelReplicaState.LOAD_REQUESTED);

        ControlResult scaled = autoscaler.step(deployed.memory(), deployed.cluster(), Trigger.tick(Signals.none()),
            NOW.plusSeconds(1), new SplittableRandom(1));

        assertThat(scaled.serverScales()).extracting(ServerScalingDecision.Scale::to).containsExactly(1);
        assertThat(scaled.cluster().model(big).get().latest().status().state())
            .isNotEqualTo(ModelState.SCHEDULE_FAILED);
        assertThat(scaled.cluster().state(version, s0)).isEqualTo(ModelReplicaState.LOAD_REQUESTED);
        assertThat(scaled.placements()).isEmpty();
    }
}
