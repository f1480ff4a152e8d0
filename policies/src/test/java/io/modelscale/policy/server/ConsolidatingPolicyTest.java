package io.modelscale.policy.server;

import static io.modelscale.policy.server.ServerFixture.T0;
import static io.modelscale.policy.server.ServerFixture.model;
import static io.modelscale.policy.server.ServerFixture.observe;
import static io.modelscale.policy.server.ServerFixture.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.placement.packing.RepackPlanner;
import io.modelscale.policy.Step;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link ConsolidatingPolicy#decide} on its own: each reason to hold, and the window after a server grows. */
class ConsolidatingPolicyTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(1));
    private final ConsolidatingPolicy policy = new ConsolidatingPolicy(ConsolidatingPolicy.Config.defaults(),
        new RepackPlanner());

    @Test
    void config_isTheOneGiven() {
        assertThat(policy.config()).isEqualTo(ConsolidatingPolicy.Config.defaults());
        assertThat(policy.initialMemory()).isEqualTo(ConsolidatingPolicy.Memory.initial());
    }

    @Test
    void modelsLackingReplicas_holdUntilTheyAreServed() {
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 2, 100, 0);
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> step = decide(ConsolidatingPolicy.Memory.initial(),
            cluster);
        assertThat(step.decision().describe()).isEqualTo("keep server s: its models lack 1 replicas");
        assertThat(step.memory().lastSeenReplicas()).contains(4);
    }

    @Test
    void boundsEqualToTheReplicas_holdWithoutSearchingForAPacking() {
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 4, 100, 0, 1, 2, 3);
        assertThat(decide(ConsolidatingPolicy.Memory.initial(), cluster).decision().describe())
            .isEqualTo("keep server s: its 4 replicas are all needed (at least 4 replicas (largest model 4, memory 1,"
                + " large items 0))");
    }

    @Test
    void modelsThatFitNoReplica_holdNamingWhy() {
        ModelSpec gpu = ModelSpec.builder().name(ModelName.of("g")).memory(MemoryQuantity.ofBytes(100))
            .requirements(List.of("gpu")).scaling(ScalingSpec.fixed(1)).build();
        Cluster cluster = Transitions.place(server(4, 1_000, 1, 4, 4).deployModel(gpu, T0), gpu.name().version(1),
            ServerFixture.S, ModelReplicaState.AVAILABLE, T0, 0);
        ServerScalingDecision decision = decide(ConsolidatingPolicy.Memory.initial(), cluster).decision();
        assertThat(decision.describe()).startsWith("keep server s: its models cannot be packed onto its replicas: ");
        assertThat(((ServerScalingDecision.Hold) decision).reason()).isInstanceOf(ServerHoldReason.CannotPack.class);
        assertThat(decision.bounds()).isNotEmpty();
    }

    @Test
    void overProvisionedLongEnough_scalesDown() {
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0);
        ConsolidatingPolicy.Memory memory = overProvisionedTenMinutes(4);
        assertThat(decide(memory, cluster).decision()).isInstanceOf(ServerScalingDecision.Scale.class);
    }

    @Test
    void serverThatGrew_restartsItsWindow() {
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0);
        ConsolidatingPolicy.Memory memory = overProvisionedTenMinutes(2);
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> step = decide(memory, cluster);
        assertThat(step.decision()).isInstanceOf(ServerScalingDecision.Hold.class);
        assertThat(step.decision().describe()).endsWith("could act at " + NOW.plus(Duration.ofMinutes(5)));
        assertThat(step.memory().overProvisionedSince()).contains(NOW);
        assertThat(step.memory().lastStep()).contains(NOW);
    }

    /**
     * Another policy grew the server 2 minutes ago, unseen by this one (its memory already counts 4 replicas): with
     * a 1 minute window it still waits for the 5 minute reversal guard, counted from that change. Without the guard
     * taken from {@code lastScaled} it would step down now, 2 minutes after the scale-up.
     */
    @Test
    void scaledByAnotherPolicy_waitsTheReversalGuardFromThatChange() {
        ConsolidatingPolicy oneMinute = new ConsolidatingPolicy(
            new ConsolidatingPolicy.Config(Duration.ofMinutes(1), 1), new RepackPlanner());
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0);
        ConsolidatingPolicy.Memory memory = new ConsolidatingPolicy.Memory(
            Option.some(NOW.minus(Duration.ofMinutes(10))), Option.some(NOW.minus(Duration.ofMinutes(10))),
            Option.some(4));
        Instant grown = NOW.minus(Duration.ofMinutes(2));
        ServerObservation observation = new ServerObservation(NOW, ServerTrigger.TICK, cluster.server(ServerFixture.S)
            .get(), cluster, io.modelscale.policy.model.Signals.none(), Option.some(grown),
            new java.util.SplittableRandom(7));
        ServerScalingDecision held = oneMinute.decide(memory, observation).decision();
        assertThat(held).isInstanceOf(ServerScalingDecision.Hold.class);
        assertThat(held.describe()).endsWith("could act at " + grown.plus(Duration.ofMinutes(5)));
        ServerObservation later = new ServerObservation(grown.plus(Duration.ofMinutes(5)), ServerTrigger.TICK,
            cluster.server(ServerFixture.S).get(), cluster, io.modelscale.policy.model.Signals.none(),
            Option.some(grown), new java.util.SplittableRandom(7));
        assertThat(oneMinute.decide(memory, later).decision()).isInstanceOf(ServerScalingDecision.Scale.class);
    }

    /**
     * A step remembers the count it saw, not the one it asked for: a step the control loop refuses is not read as the
     * server growing (a growth by another policy is seen through {@code lastScaled}).
     */
    @Test
    void scaleDown_remembersTheCountItSaw() {
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0);
        ConsolidatingPolicy.Memory memory = overProvisionedTenMinutes(4);
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> step = decide(memory, cluster);
        assertThat(((ServerScalingDecision.Scale) step.decision()).to()).isEqualTo(3);
        assertThat(step.memory().lastSeenReplicas()).contains(4);
    }

    /**
     * What a decision worked out from the server's packing problem is remembered and reused only while the problem
     * is the same: decided again on the same cluster, the remembered sizing is the one used and the decision is the
     * same; on a cluster whose model grew to 4 replicas, it packs again and decides as a memory without the sizing
     * does (all 4 replicas needed). The planted fault this catches: reusing the remembered sizing unchecked would keep
     * its fewest count of 1 and step down.
     */
    @Test
    void aRememberedSizing_isReusedOnlyForTheSameProblem() {
        Cluster cluster = model(server(4, 1_000, 1, 4, 4), "a", 1, 100, 0);
        ConsolidatingPolicy.Memory waited = overProvisionedTenMinutes(4);
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> first = decide(waited, cluster);
        assertThat(first.decision()).isInstanceOf(ServerScalingDecision.Scale.class);
        ConsolidatingPolicy.Sizing sizing = first.memory().sizing().get();
        assertThat(sizing.fewestReplicas().get()).isEqualTo(1);
        ConsolidatingPolicy.Memory remembering = new ConsolidatingPolicy.Memory(waited.overProvisionedSince(),
            waited.lastStep(), waited.lastSeenReplicas(), Option.some(sizing));

        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> again = decide(remembering, cluster);
        assertThat(again.memory().sizing().get()).isSameAs(sizing);
        assertThat(again.decision()).isEqualTo(first.decision());

        Cluster grown = model(server(4, 1_000, 1, 4, 4), "a", 4, 100, 0, 1, 2, 3);
        Step<ConsolidatingPolicy.Memory, ServerScalingDecision> packedAgain = decide(remembering, grown);
        assertThat(packedAgain.memory().sizing().get()).isNotSameAs(sizing);
        assertThat(packedAgain.decision()).isEqualTo(decide(waited, grown).decision())
            .isInstanceOf(ServerScalingDecision.Hold.class);
    }

    /** A memory over-provisioned since 10 minutes before now, without a step, having seen {@code seen} replicas. */
    private static ConsolidatingPolicy.Memory overProvisionedTenMinutes(int seen) {
        return new ConsolidatingPolicy.Memory(Option.some(NOW.minus(Duration.ofMinutes(10))), Option.none(),
            Option.some(seen));
    }

    private Step<ConsolidatingPolicy.Memory, ServerScalingDecision> decide(ConsolidatingPolicy.Memory memory,
                                                                          Cluster cluster) {
        return policy.decide(memory, observe(cluster, ServerTrigger.TICK, NOW));
    }
}
