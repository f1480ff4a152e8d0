package io.modelscale.policy;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.generators.ClusterGenerators;
import io.modelscale.generators.CoreGenerators;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.hpa.Behavior;
import io.modelscale.policy.hpa.HorizontalPodAutoscaler;
import io.modelscale.policy.hpa.HpaMemory;
import io.modelscale.policy.hpa.HpaObservation;
import io.modelscale.policy.hpa.HpaSpec;
import io.modelscale.policy.hpa.MetricReading;
import io.modelscale.policy.hpa.MetricSpec;
import io.modelscale.policy.hpa.MetricTarget;
import io.modelscale.policy.hpa.ScalingPolicy;
import io.modelscale.policy.hpa.ScalingRules;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.Observations;
import io.modelscale.policy.model.ScalingTrigger;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class PolicyProperties {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void lagPolicyNeverProposesACountOutsideItsRangeNorMovesByMoreThanOne() {
        InferenceLagPolicy seldonCore = new InferenceLagPolicy(InferenceLagPolicy.Config.seldonCore());
        InferenceLagPolicy documented = new InferenceLagPolicy(InferenceLagPolicy.Config.documented());
        qt().forAll(ClusterGenerators.clusters()).checkAssert(cluster -> {
            for (Model model : cluster.models().values()) {
                for (ScalingTrigger.Direction direction : ScalingTrigger.Direction.values()) {
                    ScalingTrigger trigger = new ScalingTrigger(model.latest().id(), direction, 40);
                    for (InferenceLagPolicy policy : List.of(seldonCore, documented)) {
                        assertWithinRangeAndOneStep(policy.decide(cluster, trigger, T0.plusSeconds(7_200)),
                            model.latest().spec().scaling());
                    }
                }
            }
        });
    }

    @Test
    void demandLagPolicyNeverProposesACountOutsideItsRangeNorMovesByMoreThanOne() {
        DemandLagPolicy policy = new DemandLagPolicy(DemandLagPolicy.Config.defaults());
        Gen<int[]> demands = Generate.intArrays(Generate.constant(30), Generate.range(0, 200));
        qt().forAll(CoreGenerators.scalingSpecs(), demands).checkAssert((start, demand) -> {
            ScalingSpec scaling = start;
            DemandLagPolicy.Memory memory = DemandLagPolicy.Memory.initial();
            for (int i = 0; i < demand.length; i++) {
                ModelSpec spec = ModelSpec.builder().name(ModelName.of("m")).scaling(scaling).build();
                Step<DemandLagPolicy.Memory, ModelScalingDecision> step = policy.decide(memory,
                    Observations.deployed(spec, Observations.demand(demand[i], demand[i] / 3.0, 4),
                        T0.plusSeconds(40L * i)));
                assertWithinRangeAndOneStep(step.decision(), scaling);
                memory = step.memory();
                if (step.decision() instanceof ModelScalingDecision.Scale scale) {
                    scaling = scaling.withReplicas(scale.to());
                }
            }
        });
    }

    @Test
    void hpaResultAlwaysLiesWithinMinAndMax() {
        qt().forAll(hpaSpecs(), readings(), Generate.range(1, 12)).checkAssert((spec, values, start) ->
            run(spec, values, start, (now, current, decision) ->
                assertThat(decision).isBetween(spec.minReplicas(), spec.maxReplicas())));
    }

    /**
     * As in Kubernetes, each decision's limit counts from the replicas at the start of that decision's policy period
     * (changes of both directions within the period included): a scale-up never goes more than the policy's value
     * above that count, a scale-down never more than its value below it.
     */
    @Test
    void withBehaviorTheChangeWithinAnyPolicyPeriodNeverExceedsThePolicysLimit() {
        Gen<HpaSpec> limited = Generate.range(1, 4).zip(Generate.range(10, 120), Generate.range(1, 4),
            (up, period, down) -> new HpaSpec(1, 40, List.of(objectMetric(true)), Option.some(new Behavior(
                new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MAX,
                    List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, up, period)), Option.none()),
                new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MAX,
                    List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, down, period)), Option.none())))));
        qt().forAll(limited, readings(), Generate.range(1, 40)).checkAssert((spec, values, start) -> {
            Behavior behavior = spec.behavior().get();
            ScalingPolicy up = behavior.scaleUp().policies().head();
            ScalingPolicy down = behavior.scaleDown().policies().head();
            java.util.List<long[]> history = new ArrayList<>();
            history.add(new long[] {T0.getEpochSecond() - 10_000, start});
            run(spec, values, start, (now, current, desired) -> {
                if (desired > current) {
                    long atPeriodStart = countAt(history, now.getEpochSecond() - up.periodSeconds());
                    assertThat(desired - atPeriodStart).as("scale-up at %s over its %d s period", now,
                        up.periodSeconds()).isLessThanOrEqualTo(up.value());
                }
                if (desired < current) {
                    long atPeriodStart = countAt(history, now.getEpochSecond() - down.periodSeconds());
                    assertThat(atPeriodStart - desired).as("scale-down at %s over its %d s period", now,
                        down.periodSeconds()).isLessThanOrEqualTo(down.value());
                }
                history.add(new long[] {now.getEpochSecond(), desired});
            });
        });
    }

    @Test
    void underAConstantMetricTheHpaNeverReversesDirection() {
        qt().forAll(hpaSpecs(), Generate.range(0, 60_000), Generate.range(1, 12)).checkAssert((spec, value, start) -> {
            long[] constant = new long[20];
            java.util.Arrays.fill(constant, value);
            int[] direction = {0};
            run(spec, constant, start, (now, current, desired) -> {
                int sign = Integer.signum(desired - current);
                if (sign != 0 && direction[0] != 0) {
                    assertThat(sign).as("direction after %s", now).isEqualTo(direction[0]);
                }
                if (sign != 0 && current >= spec.minReplicas() && current <= spec.maxReplicas()) {
                    direction[0] = sign;
                }
            });
        });
    }

    /**
     * A determinism check, not a property of correctness: the HPA's step is a function of its memory and its
     * observation, so one that kept hidden state or read a clock would fail here.
     */
    @Test
    @org.junit.jupiter.api.Tag("determinism")
    void determinism_theSameMemoryAndObservationGiveTheSameStep() {
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.withDefaults();
        qt().forAll(hpaSpecs(), Generate.range(0, 60_000), Generate.range(1, 12)).checkAssert((spec, value, current) -> {
            HpaObservation observation = new HpaObservation(T0, current, current,
                List.of(new MetricReading.ObjectReading(value, current)));
            HorizontalPodAutoscaler.Step first = hpa.step(spec, HpaMemory.initial(), observation);
            assertThat(hpa.step(spec, HpaMemory.initial(), observation)).isEqualTo(first);
            HpaObservation later = new HpaObservation(T0.plusSeconds(15), first.decision().desired(),
                first.decision().desired(), List.of(new MetricReading.ObjectReading(value, current)));
            assertThat(hpa.step(spec, first.memory(), later)).isEqualTo(hpa.step(spec, first.memory(), later));
        });
    }

    private interface Check {
        void accept(Instant now, int current, int desired);
    }

    /** Reconciles every 15 s with the given metric values, feeding each decision back as the current count. */
    private static void run(HpaSpec spec, long[] values, int start, Check check) {
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.withDefaults();
        HpaMemory memory = HpaMemory.initial();
        int current = start;
        for (int i = 0; i < values.length; i++) {
            Instant now = T0.plusSeconds(15L * i);
            HorizontalPodAutoscaler.Step step = hpa.step(spec, memory, new HpaObservation(now, current, current,
                List.of(new MetricReading.ObjectReading(values[i], current))));
            check.accept(now, current, step.decision().desired());
            memory = step.memory();
            current = step.decision().desired();
        }
    }

    private static long countAt(java.util.List<long[]> history, long second) {
        long count = history.get(0)[1];
        for (long[] entry : history) {
            if (entry[0] <= second) {
                count = entry[1];
            }
        }
        return count;
    }

    private static void assertWithinRangeAndOneStep(ModelScalingDecision decision, ScalingSpec scaling) {
        if (decision instanceof ModelScalingDecision.Scale scale) {
            assertThat(Math.abs(scale.to() - scale.from())).isEqualTo(1);
            assertThat(scaling.admitsAutoscaledCount(scale.to()) || (scale.from() == 0 && scale.to() == 1))
                .as(decision.describe() + " within " + scaling).isTrue();
        }
    }

    private static Gen<HpaSpec> hpaSpecs() {
        Gen<Option<Behavior>> behaviors = Generate.booleans().zip(Generate.range(0, 120), Generate.range(1, 6),
            (present, window, pods) -> present ? Option.some(new Behavior(
                new ScalingRules(Option.some(window / 4), ScalingRules.SelectPolicy.MAX,
                    List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, pods, 15),
                        new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15)), Option.none()),
                new ScalingRules(Option.some(window), ScalingRules.SelectPolicy.MAX,
                    List.of(new ScalingPolicy(ScalingPolicy.Type.PERCENT, 50, 30)), Option.none())))
                : Option.<Behavior>none());
        return Generate.range(1, 4).zip(Generate.range(0, 8), Generate.booleans(), behaviors,
            (min, extra, average, behavior) -> new HpaSpec(min, min + extra, List.of(objectMetric(average)), behavior));
    }

    private static MetricSpec objectMetric(boolean average) {
        return new MetricSpec.ObjectMetric("infer_rps", average ? new MetricTarget.AverageValue(3_000)
            : new MetricTarget.Value(10_000));
    }

    private static Gen<long[]> readings() {
        return Generate.intArrays(Generate.constant(24), Generate.range(0, 90_000))
            .map(values -> java.util.Arrays.stream(values).asLongStream().toArray());
    }
}
