package io.modelscale.policy;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ReplicaStatus;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.generators.ClusterGenerators;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.KnativeAutoscaler;
import io.modelscale.policy.model.KnativePolicy;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.RayServePolicy;
import io.modelscale.policy.model.ReplicaOutstanding;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.model.SloAwarePolicy;
import io.modelscale.policy.StabilityWindow.Directions;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A step that says it stands ({@link Step#steadyUntil()}) keeps its promise: deciding again with its memory, on the
 * same model and signals, at any instant before the one it names, gives back an equal memory and an equal decision.
 * The oracle is the policy itself asked again, not the bound it gave; the instants asked include the last nanosecond
 * before the bound and the policies' own thresholds, where a bound one second too late would show.
 */
class SteadyStepProperties {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final String KNATIVE = "knative";

    private static final String RAY_SERVE = "ray serve";

    private static final String HPA = "hpa";

    private static final List<Tuple2<String, ModelScalingPolicy<?>>> POLICIES = List.of(
        new Tuple2<>("documented lag", new InferenceLagPolicy(InferenceLagPolicy.Config.documented())),
        new Tuple2<>("seldonCore lag", new InferenceLagPolicy(InferenceLagPolicy.Config.seldonCore())),
        new Tuple2<>("demand lag", new DemandLagPolicy(DemandLagPolicy.Config.defaults())),
        new Tuple2<>("windowed seldonCore", StabilityWindow.sinceStatusChange(Duration.ofSeconds(60),
            Directions.SCALE_DOWN_ONLY).wrap(new InferenceLagPolicy(InferenceLagPolicy.Config.seldonCore()))),
        new Tuple2<>("windowed demand", StabilityWindow.sinceLastScale(Duration.ofSeconds(60), Directions.BOTH)
            .wrap(new DemandLagPolicy(DemandLagPolicy.Config.defaults()))),
        new Tuple2<>("slo-aware", new SloAwarePolicy(SloAwarePolicy.Config.defaults())),
        new Tuple2<>(KNATIVE, new KnativePolicy(KnativeAutoscaler.Config.defaults(1))),
        new Tuple2<>("knative without scale to zero", new KnativePolicy(new KnativeAutoscaler.Config(1, 2.0, 1000, 2,
            Duration.ofSeconds(60), Duration.ZERO, 1, 0, 0, false, Duration.ofSeconds(30), Duration.ZERO))),
        new Tuple2<>("knative with a scale-down delay", new KnativePolicy(new KnativeAutoscaler.Config(1, 2.0, 1000,
            2, Duration.ofSeconds(60), Duration.ofSeconds(30), 1, 0, 0, true, Duration.ofSeconds(30),
            Duration.ZERO))),
        new Tuple2<>(RAY_SERVE, new RayServePolicy(RayServePolicy.Config.defaults())),
        new Tuple2<>(HPA, io.modelscale.policy.hpa.ModelHpaPolicy.perReplicaRequestRate()));

    @Test
    void aSteadyStepIsWhatDecidingAgainGivesAtEveryInstantBeforeItsBound() {
        AtomicInteger steps = new AtomicInteger();
        AtomicInteger steady = new AtomicInteger();
        AtomicInteger bounded = new AtomicInteger();
        AtomicInteger knativeSteps = new AtomicInteger();
        AtomicInteger knativeSteady = new AtomicInteger();
        AtomicInteger raySteps = new AtomicInteger();
        AtomicInteger raySteady = new AtomicInteger();
        AtomicInteger rayBounded = new AtomicInteger();
        AtomicInteger hpaSteps = new AtomicInteger();
        AtomicInteger hpaBounded = new AtomicInteger();
        qt().forAll(ClusterGenerators.populatedClusters(), signals(), Generate.range(0, 5), Generate.longRange(0, 1_200))
            .checkAssert((cluster, own, warmUp, offset) -> {
                for (Model model : cluster.models().values()) {
                    for (Tuple2<String, ModelScalingPolicy<?>> named : POLICIES) {
                        Option<Instant> bound = check(named._2, cluster, model, withReplicas(own, model), warmUp,
                            T0.plusSeconds(offset), named._1);
                        steps.incrementAndGet();
                        if (named._1.equals(KNATIVE)) {
                            knativeSteps.incrementAndGet();
                            if (bound.isDefined()) {
                                knativeSteady.incrementAndGet();
                            }
                        }
                        if (named._1.equals(RAY_SERVE)) {
                            raySteps.incrementAndGet();
                            raySteady.addAndGet(bound.isDefined() ? 1 : 0);
                            rayBounded.addAndGet(bound.exists(t -> !t.equals(Instant.MAX)) ? 1 : 0);
                        }
                        if (named._1.equals(HPA)) {
                            hpaSteps.incrementAndGet();
                            hpaBounded.addAndGet(bound.exists(t -> !t.equals(Instant.MAX)) ? 1 : 0);
                        }
                        if (bound.isDefined()) {
                            steady.incrementAndGet();
                            if (!bound.get().equals(Instant.MAX)) {
                                bounded.incrementAndGet();
                            }
                        }
                    }
                }
            });
        if (!io.modelscale.core.arbitrary.Theories.reachChecked()) {
            return;
        }
        assertThat(steady.get()).as("steady steps among %d", steps.get()).isGreaterThan(steps.get() / 4);
        assertThat(bounded.get()).as("steady steps with a finite bound among %d", steps.get())
            .isGreaterThan(steps.get() / 20);
        // Knative's idle holds stand only once its window is all zeros and any wait for zero is over
        assertThat(knativeSteady.get()).as("steady Knative steps among %d", knativeSteps.get())
            .isGreaterThan(knativeSteps.get() / 20);
        // Ray Serve's idle holds stand only on one-second means, once its whole look-back is zeros: for good at the
        // count it wants, until the downscale delay ends above it
        assertThat(raySteady.get()).as("steady Ray Serve steps among %d", raySteps.get())
            .isGreaterThan(raySteps.get() / 20);
        assertThat(rayBounded.get()).as("Ray Serve steps steady until the downscale delay ends among %d",
            raySteps.get()).isGreaterThan(raySteps.get() / 50);
        // the HPA's idle holds stand until the last recommendation above zero leaves the stabilization window
        assertThat(hpaBounded.get()).as("HPA steps steady until a recommendation leaves the window among %d",
            hpaSteps.get()).isGreaterThan(hpaSteps.get() / 20);
    }

    /** The check finds a policy whose bound is one second late: the planted fault the property is for. */
    @Test
    void aBoundOneSecondLateIsCaught() {
        ModelScalingPolicy<?> honest = new InferenceLagPolicy(InferenceLagPolicy.Config.seldonCore());
        ModelScalingPolicy<?> late = new Late<>(honest);
        Cluster cluster = Cluster.empty().deployModel(ModelSpec.builder().name(ModelName.of("m"))
            .scaling(new ScalingSpec(1, 1, MaxReplicas.of(3))).build(), T0);
        Model model = cluster.model(ModelName.of("m")).get();
        // idle since T0: the hold at T0 + 100 s stands until the 600 s idle threshold, when a scale-down trigger
        // replaces it; the late bound claims one second more
        ModelSignals idle = ModelSignals.idle().withLastRequest(T0);
        assertThat(check(honest, cluster, model, idle, 0, T0.plusSeconds(100), "honest"))
            .contains(T0.plusSeconds(600));
        assertThatThrownBy(() -> check(late, cluster, model, idle, 0, T0.plusSeconds(100), "late"))
            .isInstanceOf(AssertionError.class).hasMessageContaining("decision deciding again");
    }

    /**
     * Decides once after {@code warmUp} earlier periods, then, if the step stands, decides again at instants before
     * its bound and checks each gives the same step; returns the bound.
     */
    @SuppressWarnings("unchecked")
    static <M> Option<Instant> check(ModelScalingPolicy<M> policy, Cluster cluster, Model model, ModelSignals own,
                                     int warmUp, Instant now, String name) {
        M memory = policy.initialMemory(observation(cluster, model, own, now.minusSeconds(20L * (warmUp + 1))));
        for (int i = warmUp; i >= 1; i--) {
            memory = policy.decide(memory, observation(cluster, model, own, now.minusSeconds(20L * i))).memory();
        }
        Step<M, ModelScalingDecision> step = policy.decide(memory, observation(cluster, model, own, now));
        if (step.steadyUntil().isEmpty()) {
            return Option.none();
        }
        Instant bound = step.steadyUntil().get();
        assertThat(bound).as("%s: a bound after the instant decided", name).isAfter(now);
        for (Instant later : probes(now, bound)) {
            Step<M, ModelScalingDecision> again = policy.decide(step.memory(), observation(cluster, model, own, later));
            assertThat(again.memory()).as("%s: memory deciding again at %s, bound %s", name, later, bound)
                .isEqualTo(step.memory());
            assertThat(again.decision()).as("%s: decision deciding again at %s, bound %s", name, later, bound)
                .isEqualTo(step.decision());
        }
        return Option.some(bound);
    }

    /** Instants from {@code now} up to the last nanosecond before {@code bound}, the policies' thresholds included. */
    private static List<Instant> probes(Instant now, Instant bound) {
        List<Instant> probes = List.of(now, now.plusNanos(1), now.plusSeconds(20), now.plusSeconds(59),
            now.plusSeconds(60), now.plusSeconds(599), now.plusSeconds(600), now.plusSeconds(3_600));
        if (!bound.equals(Instant.MAX)) {
            probes = probes.append(bound.minusNanos(1)).append(bound.minusSeconds(1));
        }
        return probes.filter(t -> !t.isBefore(now) && t.isBefore(bound));
    }

    private static ModelObservation observation(Cluster cluster, Model model, ModelSignals own, Instant now) {
        return new ModelObservation(now, model, cluster, Signals.none().with(model.name(), own), Option.none());
    }

    /** Signals for a quiet model more often than not: idle, or with a few requests, last used a while ago. */
    private static Gen<ModelSignals> signals() {
        Gen<Long> outstanding = Generate.pick(java.util.List.of(0L, 0L, 0L, 1L, 3L, 40L));
        Gen<Option<Instant>> last = Generate.pick(java.util.List.of(Option.<Instant>none(),
            Option.some(T0.minusSeconds(1_000)), Option.some(T0.minusSeconds(590)), Option.some(T0.plusSeconds(300)),
            Option.some(T0.plusMillis(1_500))));
        Gen<Boolean> perReplica = Generate.booleans();
        return outstanding.zip(Generate.range(0, 2), last, perReplica, (n, rate, at, replicas) -> {
            ModelSignals signals = ModelSignals.of(n, 0, n == 0 ? 0 : rate).withFewestOutstanding(n == 40 ? 2 : 0)
                .withConcurrencyPerReplica(4);
            signals = at.isDefined() ? signals.withLastRequest(at.get()) : signals;
            return replicas ? signals.withPerReplica(List.empty()) : signals;
        }).zip(perSecond(), (signals, seconds) -> seconds.isEmpty() || signals.outstanding() > 0 && seconds.get()
            .forAll(v -> v == 0) ? signals : signals.withOutstandingPerSecond(seconds.get()));
    }

    /**
     * A period's one-second means of a model's requests outstanding, for the policies that read them: none, all
     * zeros (an idle model's), or a request in one second of twenty.
     */
    private static Gen<Option<List<Double>>> perSecond() {
        List<Double> zeros = List.fill(20, 0.0);
        return Generate.pick(java.util.List.of(Option.<List<Double>>none(), Option.some(zeros), Option.some(zeros),
            Option.some(zeros.update(7, 0.5))));
    }

    /** Under per-replica signals, the model's outstanding requests on its first replica, as an agent counts them. */
    private static ModelSignals withReplicas(ModelSignals own, Model model) {
        if (own.perReplica().isEmpty() || own.outstanding() == 0) {
            return own;
        }
        ModelVersion latest = model.latest();
        Option<Tuple2<ReplicaIndex, ReplicaStatus>> first = latest.replicas().headOption();
        if (latest.server().isEmpty() || first.isEmpty()) {
            return own.withPerReplica(List.empty()).withFewestOutstanding(0);
        }
        return own.withPerReplica(List.of(new ReplicaOutstanding(
            new ServerReplicaId(latest.server().get(), first.get()._1), own.outstanding(), own.fewestOutstanding())));
    }

    /** A policy whose steady bound is one second later than its inner policy's. */
    record Late<M>(ModelScalingPolicy<M> inner) implements ModelScalingPolicy<M> {
        @Override
        public M initialMemory(ModelObservation first) {
            return inner.initialMemory(first);
        }

        @Override
        public Step<M, ModelScalingDecision> decide(M memory, ModelObservation observation) {
            Step<M, ModelScalingDecision> step = inner.decide(memory, observation);
            return new Step<>(step.memory(), step.decision(), step.steadyUntil()
                .map(t -> t.equals(Instant.MAX) ? t : t.plusSeconds(1)));
        }
    }
}
