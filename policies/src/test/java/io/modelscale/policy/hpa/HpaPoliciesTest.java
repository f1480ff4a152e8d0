package io.modelscale.policy.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.arbitrary.Transitions;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerTrigger;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seed 003 HPAs as the policies of the model and of the server they scale. */
class HpaPoliciesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    private static final ServerName MLSERVER = ServerName.of("mlserver");
    private static final ModelName IRIS = ModelName.of("irisa0");
    private static final HpaSpec SEED = new HpaSpec(1, 3, List.of(new MetricSpec.ObjectMetric("infer_rps",
        new MetricTarget.AverageValue(3_000))), Option.none());

    @Test
    void modelHpa_requestRateAboveTheTarget_scalesTheModelWithinItsOwnRange() {
        ModelHpaPolicy hpa = new ModelHpaPolicy(SEED, List.of(Option.none()),
            HorizontalPodAutoscaler.Config.defaults());
        ModelObservation observation = observeModel(cluster(2, 1), 7.5);
        ModelScalingDecision decision = hpa.decide(hpa.initialMemory(observation), observation).decision();
        assertThat(decision.describe()).isEqualTo("scale irisa0:1 from 1 to 2: HPA: scale from 1 to 3:"
            + " DesiredWithinRange (metric infer_rps); proposals infer_rps 3; current infer_rps averageValue=7500m");
    }

    @Test
    void modelHpa_recommendationAlreadyReached_holds() {
        ModelHpaPolicy hpa = ModelHpaPolicy.perReplicaRequestRate();
        ModelObservation observation = observeModel(cluster(2, 1), 2);
        ModelScalingDecision decision = hpa.decide(hpa.initialMemory(observation), observation).decision();
        assertThat(((ModelScalingDecision.Hold) decision).reason())
            .isEqualTo(ModelScalingDecision.HoldReason.AT_RECOMMENDATION);
    }

    /**
     * An idle model at its floor of one: the HPA proposes zero, and the stabilization window keeps the first
     * recommendation (the count, 1, at NOW) for its 5 minutes, so the hold reads ScaleDownStabilized and stands,
     * with the memory it was given, until NOW + 5 min + 1 ns, the first instant the window no longer holds it. From
     * then on only zeros are in the window: TooFewReplicas, standing whatever the time. Not at NOW itself, when the
     * recommendation of now is the one being made.
     */
    @Test
    void modelHpa_anIdleModelsHold_standsUntilTheLastRecommendationAboveZeroLeavesTheWindow() {
        ModelHpaPolicy hpa = ModelHpaPolicy.perReplicaRequestRate();
        Cluster cluster = cluster(2, 1);
        Step<HpaMemory, ModelScalingDecision> first = hpa.decide(hpa.initialMemory(observeModel(cluster, 0)),
            observeModel(cluster, 0));
        assertThat(first.steadyUntil()).isEmpty();
        Step<HpaMemory, ModelScalingDecision> second = hpa.decide(first.memory(),
            observeModelAt(cluster, NOW.plusSeconds(20)));
        Instant leaves = NOW.plusSeconds(300).plusNanos(1);
        assertThat(second.steadyUntil()).contains(leaves);
        assertThat(second.memory()).isSameAs(first.memory());
        assertThat(second.decision().describe()).contains("ScaleDownStabilized");
        assertThat(hpa.decide(second.memory(), observeModelAt(cluster, leaves.minusNanos(1))).decision())
            .isEqualTo(second.decision());
        Step<HpaMemory, ModelScalingDecision> later = hpa.decide(second.memory(), observeModelAt(cluster, leaves));
        assertThat(later.decision().describe()).contains("TooFewReplicas");
        assertThat(later.steadyUntil()).contains(Instant.MAX);
        // a model with requests is asked every time
        assertThat(hpa.decide(first.memory(), observeModel(cluster, 2)).steadyUntil()).isEmpty();
    }

    /**
     * A model at its maximum of three whose traffic falls away: 9 requests per second at NOW and NOW + 20 s
     * (recommendations 3 and 3), 3 at NOW + 40 s (recommendation 1), then none. At NOW + 60 s the HPA proposes zero
     * and the window's largest recommendation, 3, holds the count: the hold stands until the later 3 (made at
     * NOW + 20 s) leaves the window, at NOW + 320 s + 1 ns, not when the first recommendation above zero (NOW) leaves
     * it. Asking again before then, after NOW + 300 s included, gives the same decision; at the bound the window's
     * largest is 1 and the HPA scales the model down to it.
     */
    @Test
    void modelHpa_anIdleModelsHold_standsWhileTheWindowsLargestRecommendationStays() {
        ModelHpaPolicy hpa = ModelHpaPolicy.perReplicaRequestRate();
        Cluster cluster = cluster(3, 3, 1);
        HpaMemory memory = hpa.initialMemory(observeModel(cluster, 9));
        double[] rates = {9, 9, 3};
        for (int i = 0; i < rates.length; i++) {
            Step<HpaMemory, ModelScalingDecision> step = hpa.decide(memory,
                observeModelAt(cluster, NOW.plusSeconds(20L * i), rates[i]));
            assertThat(step.decision()).isInstanceOf(ModelScalingDecision.Hold.class);
            assertThat(step.steadyUntil()).isEmpty();
            memory = step.memory();
        }
        Step<HpaMemory, ModelScalingDecision> idle = hpa.decide(memory, observeModelAt(cluster, NOW.plusSeconds(60)));
        Instant leaves = NOW.plusSeconds(320).plusNanos(1);
        assertThat(idle.steadyUntil()).contains(leaves);
        assertThat(idle.memory()).isSameAs(memory);
        for (Instant at : List.of(NOW.plusSeconds(300).plusNanos(1), NOW.plusSeconds(310), leaves.minusNanos(1))) {
            assertThat(hpa.decide(idle.memory(), observeModelAt(cluster, at)).decision()).isEqualTo(idle.decision());
        }
        ModelScalingDecision after = hpa.decide(idle.memory(), observeModelAt(cluster, leaves)).decision();
        assertThat(after).isInstanceOf(ModelScalingDecision.Scale.class);
        assertThat(((ModelScalingDecision.Scale) after).to()).isEqualTo(1);
    }

    @Test
    void modelHpa_oneDescribedModelPerMetric_isRequired() {
        assertThatThrownBy(() -> new ModelHpaPolicy(SEED, List.empty(), HorizontalPodAutoscaler.Config.defaults()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one described model per metric");
    }

    @Test
    void serverHpa_actsOnTheStatsPeriodOnly() {
        ServerHpaPolicy hpa = new ServerHpaPolicy(SEED, List.of(IRIS), HorizontalPodAutoscaler.Config.defaults());
        Cluster cluster = cluster(1, 1);
        ServerScalingDecision tick = hpa.decide(hpa.initialMemory(), observeServer(cluster, ServerTrigger.TICK, 7.5))
            .decision();
        assertThat(tick.describe()).startsWith("scale server mlserver from 1 to 3: HPA: scale from 1 to 3");
        ServerScalingDecision unload = hpa.decide(hpa.initialMemory(),
            observeServer(cluster, ServerTrigger.MODEL_REPLICA_UNLOADED, 7.5)).decision();
        assertThat(((ServerScalingDecision.Hold) unload).reason())
            .isEqualTo(new ServerHoldReason.NotOnThisTrigger(ServerTrigger.MODEL_REPLICA_UNLOADED));
        ServerScalingDecision quiet = hpa.decide(hpa.initialMemory(), observeServer(cluster, ServerTrigger.TICK, 2))
            .decision();
        assertThat(((ServerScalingDecision.Hold) quiet).reason()).isInstanceOf(ServerHoldReason.HpaKeeps.class);
    }

    /** A server of {@code replicas} replicas of 1 GiB (range 1..3) and the model Available on replica 0. */
    private static Cluster cluster(int modelMax, int replicas) {
        return cluster(1, modelMax, replicas);
    }

    /**
     * A server of {@code replicas} replicas of 1 GiB (range 1..3) and the model, of {@code desired} replicas in
     * 1..{@code modelMax}, Available on replica 0.
     */
    private static Cluster cluster(int desired, int modelMax, int replicas) {
        Cluster cluster = Cluster.empty().withServer(ServerSpec.of(MLSERVER, new ScalingSpec(replicas, 1,
            MaxReplicas.of(3))));
        for (int i = 0; i < replicas; i++) {
            cluster = cluster.connectReplica(MLSERVER, ServerReplica.empty(ReplicaIndex.of(i), List.empty(),
                new ReplicaMemory(1L << 30, 0))).get();
        }
        ModelSpec spec = ModelSpec.builder().name(IRIS).memory(MemoryQuantity.ofBytes(1_000))
            .scaling(new ScalingSpec(desired, 1, MaxReplicas.of(modelMax))).build();
        return Transitions.place(cluster.deployModel(spec, NOW), IRIS.version(1), MLSERVER,
            ModelReplicaState.AVAILABLE, NOW, 0);
    }

    private static ModelObservation observeModel(Cluster cluster, double perSecond) {
        return new ModelObservation(NOW, cluster.model(IRIS).get(), cluster, signals(perSecond), Option.none());
    }

    private static ModelObservation observeModelAt(Cluster cluster, Instant at) {
        return observeModelAt(cluster, at, 0);
    }

    private static ModelObservation observeModelAt(Cluster cluster, Instant at, double perSecond) {
        return new ModelObservation(at, cluster.model(IRIS).get(), cluster, signals(perSecond), Option.none());
    }

    private static ServerObservation observeServer(Cluster cluster, ServerTrigger trigger, double perSecond) {
        return new ServerObservation(NOW, trigger, cluster.server(MLSERVER).get(), cluster, signals(perSecond),
            Option.none(), new SplittableRandom(1));
    }

    private static Signals signals(double perSecond) {
        return Signals.none().with(IRIS, ModelSignals.of(0, 0, perSecond));
    }
}
