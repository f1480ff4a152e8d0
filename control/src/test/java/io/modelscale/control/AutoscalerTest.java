package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.ClusterBuilder;
import io.modelscale.core.cluster.UpdateFailure;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.policy.Named;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerScalingPolicy;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The control step on each kind of trigger, and what it refuses of a policy. */
class AutoscalerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ServerName S = ServerName.of("s");
    private static final ModelName IRIS = ModelName.of("iris");

    private final Cluster cluster = ClusterBuilder.at(NOW)
        .server("s", s -> s.replicas(3).scaling(1, 4).memory("4Gi"))
        .model("iris", m -> m.memory("1Gi").scaling(2, 1, 3).loadedOn("s", 0, 1))
        .build().get();

    @Test
    void modelDeployed_isPlacedWithItsLoadCommands() {
        ModelSpec spec = ModelSpec.builder().name(ModelName.of("new")).memory(MemoryQuantity.ofBytes(1 << 20))
            .scaling(new ScalingSpec(2, 1, MaxReplicas.of(2))).build();
        ControlResult result = step(Presets.documented(), new Trigger.ModelDeployed(spec));
        assertThat(result.placements().map(p -> p.describe())).containsExactly("placed new:1 on s replicas [2, 0]");
        assertThat(result.commands().map(AgentCommand::describe)).containsExactly("load new:1 on s/0",
            "load new:1 on s/2");
        assertThat(result.cluster().state(ModelVersionId.of("new", 1), replica(2)))
            .isEqualTo(ModelReplicaState.LOAD_REQUESTED);
    }

    @Test
    void modelDeleted_unloadsEveryReplica_andAnUnknownOneIsRefusedLeavingEverythingAsItWas() {
        ControlResult deleted = step(Presets.documented(), new Trigger.ModelDeleted(IRIS));
        assertThat(deleted.commands().map(AgentCommand::describe)).containsExactly("unload iris:1 from s/0",
            "unload iris:1 from s/1");
        ControlMemory memory = step(Presets.documented(), Trigger.tick(Signals.none())).memory();
        ControlResult unknown = Autoscaler.of(Presets.documented()).step(memory, cluster,
            new Trigger.ModelDeleted(ModelName.of("ghost")), NOW, new SplittableRandom(1));
        assertThat(unknown.refused()).contains(new UpdateFailure.UnknownModel(ModelName.of("ghost")));
        assertThat(unknown.cluster()).isSameAs(cluster);
        assertThat(unknown.memory()).isSameAs(memory);
        assertThat(unknown.decisions()).isEmpty();
        assertThat(unknown.describe()).containsExactly("refused: " + unknown.refused().get().describe());
    }

    @Test
    void stateReport_mismatchIsRefused_unloadedAsksTheServerPolicy_availableCleansOldVersions() {
        Trigger wrong = new Trigger.ModelReplicaReported(IRIS.version(1), replica(0),
            Option.some(ModelReplicaState.LOADING), ModelReplicaState.LOADED, "");
        assertThat(step(Presets.documented(), wrong).refused().get())
            .isInstanceOf(UpdateFailure.StateMismatch.class);

        Cluster unloading = step(Presets.documented(), new Trigger.ModelDeleted(IRIS)).cluster();
        ControlResult unloaded = Autoscaler.of(Presets.documented()).step(ControlMemory.initial(), unloading,
            new Trigger.ModelReplicaReported(IRIS.version(1), replica(1), Option.none(), ModelReplicaState.UNLOADED,
                ""), NOW, new SplittableRandom(1));
        assertThat(unloaded.serverDecisions().map(ServerScalingDecision::describe))
            .containsExactly("scale server s from 3 to 1: 2 empty replicas");

        ModelSpec moved = cluster.model(IRIS).get().latest().spec().withMemory(MemoryQuantity.ofBytes(2L << 30));
        ControlResult redeployed = step(Presets.documented(), new Trigger.ModelDeployed(moved));
        Cluster newVersion = redeployed.cluster();
        java.util.List<String> cleaned = new java.util.ArrayList<>();
        for (AgentCommand command : redeployed.commands()) {
            for (ModelReplicaState state : java.util.List.of(ModelReplicaState.LOADING, ModelReplicaState.LOADED,
                ModelReplicaState.AVAILABLE)) {
                ControlResult reported = Autoscaler.of(Presets.documented()).step(ControlMemory.initial(), newVersion,
                    new Trigger.ModelReplicaReported(command.placement().version(), command.placement().replica(),
                        Option.none(), state, ""), NOW, new SplittableRandom(1));
                newVersion = reported.cluster();
                reported.decisions().forEach(d -> cleaned.add(d.describe()));
            }
        }
        assertThat(redeployed.commands()).hasSize(2);
        assertThat(cleaned).containsExactly("unload the versions of iris that version 2 replaced");
        assertThat(newVersion.version(IRIS.version(1)).get().replicas().values().map(r -> r.state()))
            .containsOnly(ModelReplicaState.UNLOAD_REQUESTED);
    }

    @Test
    void modelPolicyOutOfRangeOrForAnotherVersionOrAtTheCurrentCount_isRefusedWithItsReason() {
        assertThat(hold(o -> ModelScalingDecision.scale(o, 9, new ModelScaleReason.Other("nine"))))
            .isEqualTo(HoldReason.OUT_OF_RANGE);
        assertThat(hold(o -> ModelScalingDecision.scale(o, 0, new ModelScaleReason.Other("none"))))
            .isEqualTo(HoldReason.OUT_OF_RANGE);
        assertThat(hold(o -> new ModelScalingDecision.Scale(IRIS.version(5), 2, 3, new ModelScaleReason.Other("x"))))
            .isEqualTo(HoldReason.VERSION_MISMATCH);
        assertThat(hold(o -> ModelScalingDecision.scale(o, 2, new ModelScaleReason.Other("same"))))
            .isEqualTo(HoldReason.AT_RECOMMENDATION);
    }

    @Test
    void aPolicyThatThrowsReturnsNothingOrDecidesForAnotherModel_failsTheStepNamingItsPolicyModelAndTime() {
        ModelScalingPolicy<NoMemory> throwing = ModelScalingPolicy.stateless(o -> {
            throw new IllegalStateException("boom");
        });
        assertThat(policyFailure(throwing)).isInstanceOf(PolicyFailure.class)
            .hasMessage("model policy test.bad failed on model iris at " + NOW + ": IllegalStateException: boom")
            .hasCauseInstanceOf(IllegalStateException.class);
        ModelScalingPolicy<NoMemory> noStep = new ModelScalingPolicy<>() {
            @Override
            public NoMemory initialMemory(io.modelscale.policy.model.ModelObservation first) {
                return NoMemory.INSTANCE;
            }

            @Override
            public Step<NoMemory, ModelScalingDecision> decide(NoMemory memory,
                                                               io.modelscale.policy.model.ModelObservation o) {
                return null;
            }
        };
        assertThat(policyFailure(noStep)).hasMessageEndingWith("IllegalStateException: the policy returned no step"
            + " (null)");
        ModelScalingPolicy<NoMemory> ghost = ModelScalingPolicy.stateless(o -> new ModelScalingDecision.Hold(
            ModelName.of("ghost").version(1), HoldReason.OTHER, "not iris"));
        PolicyFailure other = policyFailure(ghost);
        assertThat(other).hasMessage("model policy test.bad failed on model iris at " + NOW + ": it decided for"
            + " model ghost instead: hold ghost:1: the policy holds (not iris)");
        assertThat(other.policy()).isEqualTo("test.bad");
        assertThat(other.subject()).isEqualTo("iris");
        assertThat(other.at()).isEqualTo(NOW);
    }

    @Test
    void aServerPolicyThatThrowsOrDecidesForAnotherServer_failsTheStepNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serverStep(o -> {
            throw new IllegalArgumentException("bad");
        })).isInstanceOf(PolicyFailure.class)
            .hasMessage("server policy test failed on server s at " + NOW + ": IllegalArgumentException: bad");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serverStep(o -> new ServerScalingDecision.Hold(
            ServerName.of("t"), new ServerHoldReason.NoChange(3), Option.none(), Option.none())))
            .isInstanceOf(PolicyFailure.class).hasMessageEndingWith("it decided for server t instead");
    }

    @Test
    void aModelOrServerWhoseScalingContradictsItself_isRefusedNamingTheField_leavingEverythingAsItWas() {
        ModelSpec nine = ModelSpec.builder().name(ModelName.of("new")).memory(MemoryQuantity.ofBytes(1 << 20))
            .scaling(new ScalingSpec(9, 0, MaxReplicas.of(3))).build();
        ControlMemory memory = step(Presets.documented(), Trigger.tick(Signals.none())).memory();
        ControlResult deployed = Autoscaler.of(Presets.documented()).step(memory, cluster,
            new Trigger.ModelDeployed(nine), NOW, new SplittableRandom(1));
        assertThat(deployed.refused().get().describe()).isEqualTo("model new: replicas: scaling spec is invalid:"
            + " number of replicas 9 must be <= max replicas 3");
        assertThat(deployed.cluster()).isSameAs(cluster);
        assertThat(deployed.memory()).isSameAs(memory);
        ControlResult server = Autoscaler.of(Presets.documented()).step(memory, cluster, new Trigger.ServerUpdated(
            cluster.server(S).get().spec().withScaling(new ScalingSpec(3, 5, MaxReplicas.of(4)))), NOW,
            new SplittableRandom(1));
        assertThat(server.refused().get()).isInstanceOf(UpdateFailure.InvalidScaling.class);
        assertThat(server.refused().get().describe()).startsWith("server s: replicas: scaling spec is invalid:"
            + " number of replicas 3 must be >= min replicas 5");
        assertThat(server.cluster()).isSameAs(cluster);
        assertThat(cluster.checkInvariants()).isEmpty();
    }

    /**
     * A cold start: one 1 GiB server replica (up to 4) and three more 1 GiB models, which fail to be placed and so ask
     * no server to grow. Under consolidating the next stats period scales the server to the four replicas the models
     * need; Seldon's servers wait (their scale-up counts only the models placed on them).
     */
    @Test
    void modelsThatCouldNotBePlaced_getTheServerReplicasTheyNeed_underConsolidating() {
        Cluster one = ClusterBuilder.at(NOW).server("s", d -> d.replicas(1).scaling(1, 4).memory("1Gi"))
            .model("a", m -> m.memory("1Gi").scaling(1, 1, 1).loadedOn("s", 0)).buildOrThrow();
        for (Preset preset : java.util.List.of(Presets.consolidating(), Presets.seldonCore())) {
            Autoscaler autoscaler = Autoscaler.of(preset);
            ControlMemory memory = ControlMemory.initial();
            Cluster cluster = one;
            for (String name : java.util.List.of("b", "c", "d")) {
                ControlResult deployed = autoscaler.step(memory, cluster, new Trigger.ModelDeployed(ModelSpec.builder()
                    .name(ModelName.of(name)).memory(MemoryQuantity.ofBytes(1L << 30))
                    .scaling(new ScalingSpec(1, 1, MaxReplicas.of(1))).build()), NOW, new SplittableRandom(1));
                memory = deployed.memory();
                cluster = deployed.cluster();
                assertThat(cluster.model(ModelName.of(name)).get().latest().status().state())
                    .isEqualTo(io.modelscale.core.model.ModelState.SCHEDULE_FAILED);
            }
            ControlResult tick = autoscaler.step(memory, cluster, Trigger.tick(Signals.none()), NOW.plusSeconds(20),
                new SplittableRandom(1));
            if (preset.name().equals("consolidating")) {
                assertThat(tick.serverScales().map(ServerScalingDecision.Scale::to)).containsExactly(4);
            } else {
                assertThat(tick.serverScales()).isEmpty();
            }
        }
    }

    @Test
    void signalsOfAModelTheClusterLacks_areSaidToBeIgnored() {
        Signals typo = Signals.none().with(ModelName.of("iris-v2"), io.modelscale.policy.model.ModelSignals.of(40, 25,
            5)).with(IRIS, io.modelscale.policy.model.ModelSignals.of(1, 0, 1));
        ControlResult result = step(Presets.documented(), Trigger.tick(typo));
        assertThat(result.decisions().filter(d -> d instanceof Decision.SignalsIgnored).map(Decision::describe))
            .containsExactly("signals ignored: no model iris-v2 in the cluster");
        assertThat(result.changes()).anyMatch(d -> d instanceof Decision.SignalsIgnored);
        assertThat(step(Presets.documented(), Trigger.tick(Signals.none().with(IRIS,
            io.modelscale.policy.model.ModelSignals.of(1, 0, 1)))).decisions())
            .noneMatch(d -> d instanceof Decision.SignalsIgnored);
    }

    @Test
    void modelPolicyOfItsOwn_isUsedForThatModel_andTheScaleIsRememberedAndApplied() {
        ModelScalingPolicy<NoMemory> three = ModelScalingPolicy.stateless(o ->
            ModelScalingDecision.scale(o, 3, new ModelScaleReason.Other("three")));
        Autoscaler autoscaler = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("test.three",
            three));
        assertThat(autoscaler.modelPolicy(IRIS).name()).isEqualTo("test.three");
        assertThat(autoscaler.modelPolicy(ModelName.of("other")).name()).isEqualTo("model.inferenceLag");
        ControlResult result = autoscaler.step(ControlMemory.initial(), cluster, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1));
        assertThat(result.cluster().model(IRIS).get().latest().spec().scaling().replicas()).isEqualTo(3);
        assertThat(result.memory().lastScaled(IRIS)).contains(NOW);
        assertThat(result.memory().modelPolicyMemory(IRIS)).contains(NoMemory.INSTANCE);
        assertThat(result.commands().map(AgentCommand::describe)).containsExactly("load iris:1 on s/2");
    }

    @Test
    void serverPolicyOfItsOwn_outOfRangeOrNoChange_isRefused_andAScaleDownDrainsTheHighestOrdinals() {
        ControlResult nine = serverStep(o -> ServerScalingDecision.scale(o, 9, new ServerScaleReason.Other("9")));
        assertThat(((ServerScalingDecision.Hold) nine.serverDecisions().head()).reason())
            .isEqualTo(new ServerHoldReason.OutOfRange(9, cluster.server(S).get().spec().scaling()));
        assertThat(nine.cluster()).isSameAs(cluster);
        ControlResult down = serverStep(o -> ServerScalingDecision.scale(o, 2, new ServerScaleReason.Other("two")));
        assertThat(down.serverScales().map(ServerScalingDecision.Scale::to)).containsExactly(2);
        assertThat(down.cluster().replica(replica(2)).get().draining()).isTrue();
        assertThat(down.memory().lastScaled(S)).contains(NOW);
        ControlResult same = serverStep(o -> ServerScalingDecision.scale(o, 3, new ServerScaleReason.Other("3")));
        assertThat(((ServerScalingDecision.Hold) same.serverDecisions().head()).reason())
            .isEqualTo(new ServerHoldReason.NoChange(3));
    }

    @Test
    void drainCheck_releasesADrainingReplicaWhoseModelsAreServedElsewhere() {
        Cluster lowered = cluster.withServer(cluster.server(S).get().spec()
            .withExpectedReplicas(io.modelscale.core.server.ExpectedReplicas.of(2)))
            .drainReplica(replica(2), NOW).get();
        assertThat(step(Presets.documented(), lowered, new Trigger.DrainCheck(S)).released())
            .containsExactly(replica(2));
        assertThat(step(Presets.documented(), lowered, new Trigger.DrainCheck(ServerName.of("ghost"))).refused())
            .isNotEmpty();
    }

    /**
     * The model the replica held is placed again, then once more among the models short of replicas (its new replica
     * is only requested), as Seldon's scheduler does; both attempts give the same placement and one load.
     */
    @Test
    void serverReplicaDisconnected_placesItsModelsAgain() {
        ControlResult gone = step(Presets.documented(), new Trigger.ServerReplicaDisconnected(replica(0)));
        assertThat(gone.placements().map(p -> p.describe()))
            .containsExactly("placed iris:1 on s replicas [1, 2]", "placed iris:1 on s replicas [1, 2]");
        assertThat(gone.commands().map(AgentCommand::describe)).containsExactly("load iris:1 on s/2");
    }

    @Test
    void serverReplicaConnected_placesTheModelsThatFailedToSchedule() {
        Cluster full = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(1).scaling(1, 3).memory("1Gi"))
            .model("a", m -> m.memory("800Mi").loadedOn("s", 0))
            .build().get();
        ModelSpec b = ModelSpec.builder().name(ModelName.of("b")).memory(MemoryQuantity.ofBytes(800L << 20)).build();
        Cluster failed = step(Presets.documented(), full, new Trigger.ModelDeployed(b)).cluster();
        assertThat(failed.model(ModelName.of("b")).get().latest().status().state())
            .isEqualTo(io.modelscale.core.model.ModelState.SCHEDULE_FAILED);
        ControlResult connected = step(Presets.documented(), failed, new Trigger.ServerReplicaConnected(S,
            io.modelscale.core.server.ServerReplica.empty(ReplicaIndex.of(1), io.vavr.collection.List.empty(),
                new io.modelscale.core.memory.ReplicaMemory(1L << 30, 0))));
        assertThat(connected.placements().map(p -> p.describe())).containsExactly("placed b:1 on s replicas [1]");
        assertThat(connected.commands().map(AgentCommand::describe)).containsExactly("load b:1 on s/1");
        assertThat(step(Presets.documented(), failed, new Trigger.ServerReplicaConnected(S,
            io.modelscale.core.server.ServerReplica.empty(ReplicaIndex.of(0), io.vavr.collection.List.empty(),
                new io.modelscale.core.memory.ReplicaMemory(1L << 30, 0)))).refused()).isNotEmpty();
    }

    @Test
    void consolidatingPreset_placesAModelThatFailedToScheduleOnTheRoomAnUnloadFrees_seldonWaitsForAServerReplica() {
        Cluster full = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(1).scaling(1, 1).memory("1Gi"))
            .model("a", m -> m.memory("800Mi").loadedOn("s", 0))
            .build().get();
        ModelName a = ModelName.of("a");
        ModelName b = ModelName.of("b");
        ModelSpec spec = ModelSpec.builder().name(b).memory(MemoryQuantity.ofBytes(800L << 20)).build();
        Trigger unloaded = unloaded(a, 0);
        java.util.Map<String, java.util.List<String>> loads = new java.util.TreeMap<>();
        for (Preset preset : java.util.List.of(Presets.consolidating(),
            Presets.consolidating().withRetryWhenRoomFrees(false).named("consolidating without"),
            Presets.documented(), Presets.seldonCore())) {
            Cluster failed = step(preset, full, new Trigger.ModelDeployed(spec)).cluster();
            assertThat(failed.model(b).get().latest().status().state())
                .isEqualTo(io.modelscale.core.model.ModelState.SCHEDULE_FAILED);
            Cluster unloading = step(preset, failed, new Trigger.ModelDeleted(a)).cluster();
            ControlResult freed = step(preset, unloading, unloaded);
            loads.put(preset.name(), freed.commands().map(AgentCommand::describe).toJavaList());
            assertThat(freed.cluster().model(b).get().latest().status().state())
                .isEqualTo(preset.retryWhenRoomFrees() ? io.modelscale.core.model.ModelState.PROGRESSING
                    : io.modelscale.core.model.ModelState.SCHEDULE_FAILED);
        }
        assertThat(step(Presets.consolidating(), step(Presets.consolidating(), step(Presets.consolidating(), full,
            new Trigger.ModelDeployed(spec)).cluster(), new Trigger.ModelDeleted(a)).cluster(), unloaded).placements()
            .map(p -> p.describe())).containsExactly("placed b:1 on s replicas [0]");
        assertThat(loads).containsEntry("consolidating", java.util.List.of("load b:1 on s/0"))
            .containsEntry("consolidating without", java.util.List.of())
            .containsEntry("documented", java.util.List.of()).containsEntry("seldonCore", java.util.List.of());
    }

    /**
     * 400Mi free on s/1 after the unload, short of c's 800Mi: c, needing two replicas at least, fails to place; or,
     * needing one, is placed on the replica it has. Either attempt is dropped: no decision, no command, c as it was.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "minReplicas {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void consolidatingPreset_roomTooSmallForAShortModel_leavesItAsItWas(int minReplicas) {
        Cluster tight = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(2).scaling(2, 2).memory("1Gi"))
            .model("c", m -> m.memory("800Mi").scaling(2, minReplicas, 2).loadedOn("s", 0))
            .model("a", m -> m.memory("300Mi").loadedOn("s", 1))
            .model("b", m -> m.memory("600Mi").loadedOn("s", 1))
            .build().get();
        ModelName a = ModelName.of("a");
        ModelName c = ModelName.of("c");
        Cluster unloading = step(Presets.consolidating(), tight, new Trigger.ModelDeleted(a)).cluster();
        ControlResult freed = step(Presets.consolidating(), unloading, unloaded(a, 1));
        assertThat(freed.placements()).isEmpty();
        assertThat(freed.commands()).isEmpty();
        assertThat(freed.cluster().model(c)).isEqualTo(unloading.model(c));
        assertThat(freed.cluster().model(c).get().latest().status().state())
            .isNotEqualTo(io.modelscale.core.model.ModelState.SCHEDULE_FAILED);
    }

    @Test
    void consolidatingPreset_aShortModelWhoseLoadIsOnlyRequested_isNotLoadedTwice() {
        Cluster full = aOnFirstOfTwo();
        ModelName a = ModelName.of("a");
        ModelName c = ModelName.of("c");
        ModelSpec spec = twoOf800Mi(c);
        ControlResult deployed = step(Presets.consolidating(), full, new Trigger.ModelDeployed(spec));
        assertThat(deployed.commands().map(AgentCommand::describe)).containsExactly("load c:1 on s/1");
        Cluster unloading = step(Presets.consolidating(), deployed.cluster(), new Trigger.ModelDeleted(a)).cluster();
        long reserved = unloading.replica(replica(1)).get().reservedMemoryBytes();
        Trigger unloaded = unloaded(a, 0);

        // c's load on s/1 is only requested: placing it again would ask for that load (and its memory) twice
        ControlResult requested = step(Presets.consolidating(), unloading, unloaded);
        assertThat(requested.commands()).isEmpty();
        assertThat(requested.cluster().replica(replica(1)).get().reservedMemoryBytes()).isEqualTo(reserved);

        // once that load is under way, the room on s/0 goes to c's second replica, and s/1 is left alone
        Cluster loading = step(Presets.consolidating(), unloading, new Trigger.ModelReplicaReported(c.version(1),
            replica(1), Option.none(), ModelReplicaState.LOADING, "")).cluster();
        ControlResult underWay = step(Presets.consolidating(), loading, unloaded);
        assertThat(underWay.commands().map(AgentCommand::describe)).containsExactly("load c:1 on s/0");
        assertThat(underWay.cluster().replica(replica(1)).get().reservedMemoryBytes())
            .isEqualTo(loading.replica(replica(1)).get().reservedMemoryBytes());
    }

    @Test
    void consolidatingPreset_aModelWhoseLoadFailed_isNotLoadedAgainWhenRoomFrees() {
        Cluster full = aOnFirstOfTwo();
        ModelName a = ModelName.of("a");
        ModelName c = ModelName.of("c");
        ModelSpec spec = twoOf800Mi(c);
        Cluster deployed = step(Presets.consolidating(), full, new Trigger.ModelDeployed(spec)).cluster();
        Cluster failed = step(Presets.consolidating(), deployed, new Trigger.ModelReplicaReported(c.version(1),
            replica(1), Option.none(), ModelReplicaState.LOAD_FAILED, "broken artifact")).cluster();
        assertThat(failed.model(c).get().latest().status().state())
            .isEqualTo(io.modelscale.core.model.ModelState.FAILED);
        Cluster unloading = step(Presets.consolidating(), failed, new Trigger.ModelDeleted(a)).cluster();
        ControlResult freed = step(Presets.consolidating(), unloading, unloaded(a, 0));
        assertThat(freed.commands()).isEmpty();
        assertThat(freed.cluster().model(c)).isEqualTo(unloading.model(c));
    }

    /** Server s of two 1Gi replicas, model a (800Mi) loaded on s/0 and nothing on s/1. */
    private static Cluster aOnFirstOfTwo() {
        return ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(2).scaling(2, 2).memory("1Gi"))
            .model("a", m -> m.memory("800Mi").loadedOn("s", 0))
            .build().get();
    }

    /** A model of 800Mi that wants two replicas and makes do with one. */
    private static ModelSpec twoOf800Mi(ModelName name) {
        return ModelSpec.builder().name(name).memory(MemoryQuantity.ofBytes(800L << 20))
            .scaling(new ScalingSpec(2, 1, MaxReplicas.of(2))).build();
    }

    /** The agent of s/{@code index} reports version 1 of {@code model} Unloaded there. */
    private static Trigger unloaded(ModelName model, int index) {
        return new Trigger.ModelReplicaReported(model.version(1), replica(index), Option.none(),
            ModelReplicaState.UNLOADED, "");
    }

    @Test
    void serverUpdated_beingDeleted_movesItsModelsAway() {
        Cluster two = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(1).memory("4Gi"))
            .server("t", s -> s.replicas(1).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").loadedOn("s", 0))
            .build().get();
        ControlResult deleted = step(Presets.documented(), two, new Trigger.ServerUpdated(two.server(S).get().spec()
            .withExpectedReplicas(io.modelscale.core.server.ExpectedReplicas.of(0))));
        assertThat(deleted.placements().map(p -> p.describe())).containsExactly("placed iris:2 on t replicas [0]");
        ControlResult changed = step(Presets.documented(), two, new Trigger.ServerUpdated(two.server(S).get().spec()
            .withShared(false)));
        assertThat(changed.placements()).isEmpty();
        assertThat(changed.cluster().server(S).get().spec().shared()).isFalse();
    }

    @Test
    void placementShort_asksTheServersScaleUpPolicy_andAnUnknownServerIsRefused() {
        Cluster wanting = cluster.deployModel(cluster.model(IRIS).get().latest().spec()
            .withScaling(new ScalingSpec(4, 1, MaxReplicas.of(4))), NOW);
        assertThat(step(Presets.documented(), wanting, new Trigger.PlacementShort(S)).serverScales()
            .map(ServerScalingDecision::describe)).containsExactly("scale server s from 3 to 4: the largest model"
                + " wants 4 replicas");
        assertThat(step(Presets.documented(), wanting, new Trigger.PlacementShort(ServerName.of("x"))).refused())
            .isNotEmpty();
    }

    @Test
    void serverReplicaDraining_movesItsModelsMakeBeforeBreak_andADrainCheckReleasesItOnceTheyAreServed() {
        Cluster alone = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(2).scaling(1, 4).memory("4Gi"))
            .model("iris", m -> m.memory("1Gi").loadedOn("s", 0))
            .build().get();
        ControlResult draining = step(Presets.documented(), alone, new Trigger.ServerReplicaDraining(replica(0)));
        assertThat(draining.cluster().replica(replica(0)).get().draining()).isTrue();
        assertThat(draining.cluster().state(IRIS.version(1), replica(0))).isEqualTo(ModelReplicaState.DRAINING);
        assertThat(draining.commands().map(AgentCommand::describe)).containsExactly("load iris:1 on s/1");
        assertThat(step(Presets.documented(), draining.cluster(), new Trigger.DrainCheck(S)).released()).isEmpty();
        Cluster moved = draining.cluster();
        for (ModelReplicaState state : java.util.List.of(ModelReplicaState.LOADING, ModelReplicaState.LOADED,
            ModelReplicaState.AVAILABLE)) {
            moved = step(Presets.documented(), moved, new Trigger.ModelReplicaReported(IRIS.version(1), replica(1),
                Option.none(), state, "")).cluster();
        }
        assertThat(step(Presets.documented(), moved, new Trigger.DrainCheck(S)).released())
            .containsExactly(replica(0));
        assertThat(step(Presets.documented(), new Trigger.ServerReplicaDraining(replica(7))).refused()).isNotEmpty();
    }

    @Test
    void consolidatingPreset_refusesAScaleDownThatLeavesAModelUnplaceable() {
        Cluster tight = ClusterBuilder.at(NOW)
            .server("s", s -> s.replicas(3).scaling(1, 4).memory("100"))
            .model("a", m -> m.memory("40").scaling(2, 1, 2).loadedOn("s", 0, 1))
            .model("b", m -> m.memory("40").scaling(2, 1, 2).loadedOn("s", 0, 1))
            .model("c", m -> m.memory("70").scaling(1, 1, 1).loadedOn("s", 2))
            .build().get();
        ServerScalingPolicy<NoMemory> two = new ServerScalingPolicy<>() {
            @Override
            public NoMemory initialMemory() {
                return NoMemory.INSTANCE;
            }

            @Override
            public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation observation) {
                return Step.of(memory, ServerScalingDecision.scale(observation, 2, new ServerScaleReason.Other("2")));
            }
        };
        ControlResult result = Autoscaler.of(Presets.consolidating()).withServerPolicy(S, new Named<>("test", two))
            .step(ControlMemory.initial(), tight, Trigger.tick(Signals.none()), NOW, new SplittableRandom(1));
        assertThat(((ServerScalingDecision.Hold) result.serverDecisions().head()).reason())
            .isInstanceOf(ServerHoldReason.Refused.class);
        assertThat(result.cluster().server(S).get().spec().expectedReplicas().count()).contains(3);
        assertThat(result.memory().lastScaled(S)).isEmpty();
    }

    private HoldReason hold(Function<io.modelscale.policy.model.ModelObservation, ModelScalingDecision> decide) {
        Autoscaler autoscaler = Autoscaler.of(Presets.documented().withModelPolicy(new Named<>("test",
            ModelScalingPolicy.stateless(decide::apply))));
        ControlResult result = autoscaler.step(ControlMemory.initial(), cluster, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1));
        assertThat(result.cluster().model(IRIS).get().latest().spec().scaling().replicas()).isEqualTo(2);
        return ((ModelScalingDecision.Hold) result.modelDecisions().head()).reason();
    }

    private PolicyFailure policyFailure(ModelScalingPolicy<NoMemory> policy) {
        Autoscaler autoscaler = Autoscaler.of(Presets.documented()).withModelPolicy(IRIS, new Named<>("test.bad",
            policy));
        try {
            autoscaler.step(ControlMemory.initial(), cluster, Trigger.tick(Signals.none()), NOW,
                new SplittableRandom(1));
        } catch (PolicyFailure failure) {
            return failure;
        }
        throw new AssertionError("the step did not fail");
    }

    private ControlResult serverStep(Function<ServerObservation, ServerScalingDecision> decide) {
        ServerScalingPolicy<NoMemory> policy = new ServerScalingPolicy<>() {
            @Override
            public NoMemory initialMemory() {
                return NoMemory.INSTANCE;
            }

            @Override
            public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation observation) {
                return Step.of(memory, decide.apply(observation));
            }
        };
        Autoscaler autoscaler = Autoscaler.of(Presets.documented()).withServerPolicy(S, new Named<>("test", policy));
        return autoscaler.step(ControlMemory.initial(), cluster, Trigger.tick(Signals.none()), NOW,
            new SplittableRandom(1));
    }

    private ControlResult step(Preset preset, Trigger trigger) {
        return step(preset, cluster, trigger);
    }

    private static ControlResult step(Preset preset, Cluster on, Trigger trigger) {
        return Autoscaler.of(preset).step(ControlMemory.initial(), on, trigger, NOW, new SplittableRandom(1));
    }

    private static ServerReplicaId replica(int index) {
        return new ServerReplicaId(S, ReplicaIndex.of(index));
    }
}
