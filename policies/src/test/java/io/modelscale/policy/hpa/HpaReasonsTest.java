package io.modelscale.policy.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.hpa.HorizontalPodAutoscaler.Config;
import io.modelscale.policy.hpa.MetricReading.ExternalReading;
import io.modelscale.policy.hpa.MetricReading.ObjectReading;
import io.modelscale.policy.hpa.ScalingPolicy.Type;
import io.modelscale.policy.hpa.HorizontalPodAutoscaler.Limited;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The reason each HPA decision gives, at the edges where two reasons meet (§1.6, §1.7, §2.3, §2.4), and the
 * bookkeeping of recommendations and scale events at their first slot (§2.6).
 */
class HpaReasonsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final MetricSpec QPS = new MetricSpec.ObjectMetric("qps", new MetricTarget.Value(1000));
    private static final HorizontalPodAutoscaler LEGACY = new HorizontalPodAutoscaler(
        new Config(0.1, Duration.ofMinutes(5), 2.0, 4.0));

    @Test
    void legacyLimit_desiredExactlyAtTheCap_isWithinRange() {
        assertThat(LEGACY.limitLegacy(5, 10, 1, 100)).isEqualTo(new Limited(10, HpaCondition.DESIRED_WITHIN_RANGE));
        assertThat(LEGACY.limitLegacy(5, 11, 1, 100)).isEqualTo(new Limited(10, HpaCondition.SCALE_UP_LIMIT));
    }

    @Test
    void legacyLimit_capIsTwiceTheCurrentCount() {
        // max(2.0 x 5, 4) = 10: a factor applied by division would cap at 4
        assertThat(LEGACY.limitLegacy(5, 50, 1, 100).replicas()).isEqualTo(10);
    }

    @Test
    void legacyLimit_maximumEqualToTheScaleUpCap_isReportedAsTheScaleUpLimit() {
        assertThat(LEGACY.limitLegacy(5, 50, 1, 10)).isEqualTo(new Limited(10, HpaCondition.SCALE_UP_LIMIT));
        assertThat(LEGACY.limitLegacy(5, 50, 1, 9)).isEqualTo(new Limited(9, HpaCondition.TOO_MANY_REPLICAS));
    }

    @Test
    void rateLimit_desiredExactlyAtThePolicyLimit_isWithinRange() {
        assertThat(twoPodsEachWay(5, 7, 1, 100)).isEqualTo(new Limited(7, HpaCondition.DESIRED_WITHIN_RANGE));
        assertThat(twoPodsEachWay(5, 3, 1, 100)).isEqualTo(new Limited(3, HpaCondition.DESIRED_WITHIN_RANGE));
    }

    @Test
    void rateLimit_boundEqualToThePolicyLimit_isReportedAsTheBound() {
        assertThat(twoPodsEachWay(5, 9, 1, 7)).isEqualTo(new Limited(7, HpaCondition.TOO_MANY_REPLICAS));
        assertThat(twoPodsEachWay(5, 9, 1, 8)).isEqualTo(new Limited(7, HpaCondition.SCALE_UP_LIMIT));
        assertThat(twoPodsEachWay(5, 1, 3, 100)).isEqualTo(new Limited(3, HpaCondition.TOO_FEW_REPLICAS));
        assertThat(twoPodsEachWay(5, 1, 2, 100)).isEqualTo(new Limited(3, HpaCondition.SCALE_DOWN_LIMIT));
    }

    @Test
    void step_currentExactlyAtTheMaximum_followsTheMetric() {
        HpaSpec spec = new HpaSpec(1, 5, List.of(QPS), Option.none());
        HorizontalPodAutoscaler.Step step = LEGACY.step(spec, HpaMemory.emptyHistory(),
            new HpaObservation(NOW, 5, 5, List.of(new ObjectReading(400, 5))));
        assertThat(step.decision().desired()).isEqualTo(2);
        assertThat(step.decision().reason()).hasToString("DesiredWithinRange");
    }

    @Test
    void step_oneMetricInvalidAndTheOtherAsksForTheCurrentCount_goesOnWithTheValidOne() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(QPS, new MetricSpec.ObjectMetric("b", new MetricTarget.Value(1000))),
            Option.none());
        HorizontalPodAutoscaler.Step step = LEGACY.step(spec, HpaMemory.emptyHistory(),
            new HpaObservation(NOW, 3, 3, List.of(new MetricReading.Unavailable("down"), new ObjectReading(1000, 3))));
        assertThat(step.decision().desired()).isEqualTo(3);
        assertThat(step.decision().reason()).hasToString("DesiredWithinRange");
        assertThat(step.decision().metric()).contains("b");
    }

    @Test
    void step_legacyRecentHigherRecommendation_holdsTheCountAsScaleDownStabilized() {
        HpaMemory memory = new HpaMemory(Option.some(List.of(new HpaMemory.Recommendation(5, NOW.minusSeconds(60)))),
            List.empty(), List.empty());
        HorizontalPodAutoscaler.Step step = LEGACY.step(new HpaSpec(1, 10, List.of(QPS), Option.none()), memory,
            new HpaObservation(NOW, 5, 5, List.of(new ObjectReading(400, 5))));
        assertThat(step.decision().desired()).isEqualTo(5);
        assertThat(step.decision().reason()).hasToString("ScaleDownStabilized");
        assertThat(step.memory().recommendations().get()).extracting(HpaMemory.Recommendation::replicas)
            .containsExactly(5, 2);
    }

    @Test
    void step_legacyWithoutStabilization_reportsTheLimit() {
        HorizontalPodAutoscaler.Step step = LEGACY.step(new HpaSpec(1, 10, List.of(QPS), Option.none()),
            HpaMemory.emptyHistory(), new HpaObservation(NOW, 2, 2, List.of(new ObjectReading(10_000, 2))));
        assertThat(step.decision().desired()).isEqualTo(4);
        assertThat(step.decision().reason()).hasToString("ScaleUpLimit");
    }

    @Test
    void step_behaviorScaleUpWindow_holdsTheCountAsScaleUpStabilized() {
        ScalingRules up = new ScalingRules(Option.some(60), ScalingRules.SelectPolicy.MAX,
            List.of(new ScalingPolicy(Type.PERCENT, 100, 15)), Option.none());
        HpaSpec spec = new HpaSpec(1, 10, List.of(QPS), Option.some(Behavior.of(Option.some(up), Option.none())));
        HpaMemory memory = new HpaMemory(Option.some(List.of(new HpaMemory.Recommendation(3, NOW.minusSeconds(30)))),
            List.empty(), List.empty());
        HorizontalPodAutoscaler.Step step = LEGACY.step(spec, memory,
            new HpaObservation(NOW, 3, 3, List.of(new ObjectReading(2000, 3))));
        assertThat(step.decision().desired()).isEqualTo(3);
        assertThat(step.decision().reason()).hasToString("ScaleUpStabilized");
    }

    @Test
    void step_behaviorScaleDownWindow_holdsTheCountAsScaleDownStabilized() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(QPS), Option.some(Behavior.of(Option.none(), Option.none())));
        HpaMemory memory = new HpaMemory(Option.some(List.of(new HpaMemory.Recommendation(5, NOW.minusSeconds(60)))),
            List.empty(), List.empty());
        HorizontalPodAutoscaler.Step step = LEGACY.step(spec, memory,
            new HpaObservation(NOW, 5, 5, List.of(new ObjectReading(400, 5))));
        assertThat(step.decision().desired()).isEqualTo(5);
        assertThat(step.decision().reason()).hasToString("ScaleDownStabilized");
    }

    @Test
    void step_behaviorRateLimited_reportsTheLimitNotTheStabilization() {
        HpaSpec spec = new HpaSpec(1, 100, List.of(QPS), Option.some(Behavior.of(Option.some(rules(Type.PODS, 2)),
            Option.none())));
        HorizontalPodAutoscaler.Step step = LEGACY.step(spec, HpaMemory.emptyHistory(),
            new HpaObservation(NOW, 3, 3, List.of(new ObjectReading(3000, 3))));
        assertThat(step.decision().desired()).isEqualTo(5);
        assertThat(step.decision().reason()).hasToString("ScaleUpLimit");
        assertThat(step.memory().scaleUpEvents()).containsExactly(new HpaMemory.ScaleEvent(2, NOW, false));
    }

    @Test
    void withScale_recordsAChangeMadeOutsideAStep_andTheNextStepCountsIt() {
        Behavior behavior = Behavior.of(Option.some(new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MAX,
            List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, 2, 60)), Option.none())), Option.none());
        HpaMemory scaled = HpaMemory.emptyHistory().withScale(Option.some(behavior), 2, 4, NOW.minusSeconds(30));
        assertThat(scaled.scaleUpEvents()).containsExactly(new HpaMemory.ScaleEvent(2, NOW.minusSeconds(30), false));
        // The 2-pods-per-60 s policy counts from 4 - 2 = 2 replicas: at most 4 now, so the wish for 10 stays at 4.
        HpaSpec spec = new HpaSpec(1, 20, List.of(new MetricSpec.ObjectMetric("q",
            new MetricTarget.Value(1000))), Option.some(behavior));
        HorizontalPodAutoscaler.Step step = HorizontalPodAutoscaler.withDefaults().step(spec, scaled,
            new HpaObservation(NOW, 4, 4, List.of(new MetricReading.ObjectReading(2500, 4))));
        assertThat(step.decision().desired()).isEqualTo(4);
        assertThat(step.decision().reason()).hasToString("ScaleUpLimit");
    }

    @Test
    void withScale_withoutBehaviorOrChange_remembersNothing() {
        HpaMemory memory = HpaMemory.emptyHistory();
        assertThat(memory.withScale(Option.none(), 2, 5, NOW)).isEqualTo(memory);
        Behavior behavior = Behavior.of(Option.none(), Option.none());
        assertThat(memory.withScale(Option.some(behavior), 3, 3, NOW)).isEqualTo(memory);
        assertThat(memory.withScale(Option.some(behavior), 5, 3, NOW).scaleDownEvents())
            .containsExactly(new HpaMemory.ScaleEvent(2, NOW, false));
    }

    @Test
    void storeEvent_outdatedFirstEvent_isOverwritten() {
        var events = List.of(new HpaMemory.ScaleEvent(4, NOW.minusSeconds(600), false),
            new HpaMemory.ScaleEvent(1, NOW.minusSeconds(10), false));
        assertThat(HpaMemory.storeEvent(events, 60, 2, NOW)).containsExactly(
            new HpaMemory.ScaleEvent(2, NOW, false), new HpaMemory.ScaleEvent(1, NOW.minusSeconds(10), false));
    }

    @Test
    void stabilize_firstRecommendationOlderThanBothWindows_isOverwritten() {
        var stored = List.of(new HpaMemory.Recommendation(7, NOW.minusSeconds(900)),
            new HpaMemory.Recommendation(4, NOW.minusSeconds(10)));
        var result = HorizontalPodAutoscaler.stabilize(stored, 4, 3, Duration.ZERO, Duration.ofMinutes(5), NOW);
        assertThat(result.replicas()).isEqualTo(4);
        assertThat(result.recommendations()).containsExactly(new HpaMemory.Recommendation(3, NOW),
            new HpaMemory.Recommendation(4, NOW.minusSeconds(10)));
    }

    @Test
    void externalValue_negativeSeriesAreSummedNotSaturated() {
        // 3000 - 1000 = 2000 against a target of 1000 with 2 ready pods: ceil(2.0 x 2) = 4
        assertThat(HorizontalPodAutoscaler.replicasFor(new MetricSpec.ExternalMetric("q", new MetricTarget.Value(1000)),
            new ExternalReading(List.of(3000L, -1000L), 2), 2, 2, new HorizontalPodAutoscaler.Tolerances(0.1, 0.1))
            .get()).isEqualTo(4);
    }

    /** The rate limit with policies of 2 pods per minute up and down and no recent events. */
    private static Limited twoPodsEachWay(int current, int desired, int min, int max) {
        Behavior behavior = Behavior.of(Option.some(rules(Type.PODS, 2)), Option.some(rules(Type.PODS, 2)));
        return HorizontalPodAutoscaler.rateLimit(current, desired, min, max, behavior, List.empty(), List.empty(), NOW);
    }

    private static ScalingRules rules(Type type, int value) {
        return new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MAX, List.of(new ScalingPolicy(type, value,
            60)), Option.none());
    }
}
