package io.modelscale.policy.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.hpa.HorizontalPodAutoscaler.Tolerances;
import io.modelscale.policy.hpa.MetricReading.ExternalReading;
import io.modelscale.policy.hpa.MetricReading.ObjectReading;
import io.modelscale.policy.hpa.MetricReading.PodReadings;
import io.modelscale.policy.hpa.MetricSpec.ExternalMetric;
import io.modelscale.policy.hpa.MetricSpec.ObjectMetric;
import io.modelscale.policy.hpa.MetricSpec.PodsMetric;
import io.modelscale.policy.hpa.MetricSpec.ResourceMetric;
import io.modelscale.policy.hpa.PodSample.Phase;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code kubernetes-hpa-kpa-keda.md} §1.4, the "plain" algorithm of Pods and Resource metrics: how pods are grouped
 * (ignored, unready, missing, ready), the pessimistic fill-in of missing and unready pods, and the guards against a
 * flipped direction. Every expected count is worked out from the spec's steps in the test's comment.
 */
class PlainMetricReplicasTest {

    private static final Tolerances DEFAULT = new Tolerances(0.1, 0.1);
    private static final PodsMetric PODS_500 = new PodsMetric("rps", new MetricTarget.AverageValue(500));

    @Test
    void pods_allReady_scaleToUsageOverTargetTimesReadyPods() {
        // avg 1000, r = 2.0, no missing or unready pods: ceil(2.0 * 3) = 6
        assertThat(replicas(PODS_500, 3, running("a", 1000), running("b", 1000), running("c", 1000))).isEqualTo(6);
    }

    @Test
    void pods_withinTolerance_keepTheCount() {
        // avg (500 + 520 + 530) / 3 = 516 (integer division), r = 1.032 within [0.9, 1.1]
        assertThat(replicas(PODS_500, 3, running("a", 500), running("b", 520), running("c", 530))).isEqualTo(3);
    }

    @Test
    void pods_averageIsAnIntegerDivision() {
        // avg (551 + 551 + 550) / 3 = 550 (550.67 truncated), r = 1.1: within, inclusive
        assertThat(replicas(PODS_500, 3, running("a", 551), running("b", 551), running("c", 550))).isEqualTo(3);
    }

    @Test
    void pods_failedAndDeletingPods_areIgnored() {
        // only pod a counts: r = 2.0, ceil(2.0 * 1) = 2
        assertThat(replicas(PODS_500, 3, running("a", 1000), pod("b", Phase.FAILED, true, 5000),
            pod("c", Phase.DELETING, true, 5000))).isEqualTo(2);
    }

    @Test
    void pods_pendingPodWhileScalingUp_countsAsZero() {
        // r = 2.0 over a and b; c is unready and r > 1, so it counts 0: avg 2000 / 3 = 666, r' = 1.332,
        // ceil(1.332 * 3) = 4
        assertThat(replicas(PODS_500, 3, running("a", 1000), running("b", 1000), pending("c"))).isEqualTo(4);
    }

    @Test
    void pods_pendingPodWhileScalingDown_isLeftOut() {
        // r = 0.4 < 1: the unready pod is not filled in, and with no missing pod: ceil(0.4 * 2) = 1
        assertThat(replicas(PODS_500, 3, running("a", 200), running("b", 200), pending("c"))).isEqualTo(1);
    }

    @Test
    void pods_notReadyButRunning_countsForPodsMetrics() {
        // the Ready condition is not read for Pods metrics: avg (800 + 900) / 2 = 850, r = 1.7, ceil(3.4) = 4
        assertThat(replicas(PODS_500, 2, running("a", 800), pod("b", Phase.RUNNING, false, 900))).isEqualTo(4);
    }

    @Test
    void pods_missingPodAtExactlyTheTarget_isFilledNeitherWay() {
        // r = 500 / 500 = 1.0 exactly: the missing pod c gets no sample (neither T nor 0), r' = r = 1.0 is within
        // the tolerance, and the count stays 3 (filling it with 0 would give avg 333, r' = 0.667, ceil(2.0) = 2)
        assertThat(replicas(PODS_500, 3, running("a", 500), running("b", 500), missing("c"))).isEqualTo(3);
    }

    @Test
    void pods_missingPodWhileScalingDown_countsAsTheTarget() {
        // r = 0.4; c is missing and r < 1, so it counts as T = 500: avg 900 / 3 = 300, r' = 0.6, ceil(1.8) = 2
        assertThat(replicas(PODS_500, 3, running("a", 200), running("b", 200), missing("c"))).isEqualTo(2);
    }

    @Test
    void pods_missingPodWhileScalingUp_countsAsZero() {
        // r = 2.0; c counts 0: avg 666, r' = 1.332, ceil(3.996) = 4
        assertThat(replicas(PODS_500, 3, running("a", 1000), running("b", 1000), missing("c"))).isEqualTo(4);
    }

    @Test
    void pods_fillInFlipsTheDirection_keepsTheCount() {
        // r = 1.2 > 1; two missing pods count 0: avg 200, r' = 0.4 < 1, a flip: stay at 3
        assertThat(replicas(PODS_500, 3, running("a", 600), missing("b"), missing("c"))).isEqualTo(3);
    }

    @Test
    void pods_fillInLandsWithinTolerance_keepsTheCount() {
        // r = 0.8; b counts 500: avg 450, r' = 0.9, within (inclusive): stay at 2
        assertThat(replicas(PODS_500, 2, running("a", 400), missing("b"))).isEqualTo(2);
    }

    @Test
    void pods_scaleDownProposalAboveTheCount_keepsTheCount() {
        // r = 0.2; e counts 500: avg 900 / 5 = 180, r' = 0.36, ceil(0.36 * 5) = 2 > spec 1 on a scale-down: stay at 1
        assertThat(replicas(PODS_500, 1, running("a", 100), running("b", 100), running("c", 100), running("d", 100),
            missing("e"))).isEqualTo(1);
    }

    @Test
    void pods_scaleUpProposalBelowTheCount_keepsTheCount() {
        // r = 3.0; b counts 0: avg 750, r' = 1.5, ceil(1.5 * 2) = 3 < spec 5 on a scale-up: stay at 5
        assertThat(replicas(PODS_500, 5, running("a", 1500), missing("b"))).isEqualTo(5);
    }

    @Test
    void resource_utilization_scalesOnTheUtilizationRatio() {
        // utilization floor(100 * 600 / 1000) = 60 %, r = 60 / 50 = 1.2, ceil(2.4) = 3
        ResourceMetric cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(50));
        assertThat(replicas(cpu, 2, running("a", 300, 500), running("b", 300, 500))).isEqualTo(3);
    }

    @Test
    void resource_utilizationIsTruncatedToAWholePercentBeforeTheRatio() {
        // floor(100 * 558 / 2000) = floor(27.9) = 27, r = 27 / 25 = 1.08: within; 27.9 / 25 = 1.116 would not be
        ResourceMetric cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(25));
        assertThat(replicas(cpu, 2, running("a", 279, 1000), running("b", 279, 1000))).isEqualTo(2);
    }

    @Test
    void resource_notReadyPodWithASample_isUnready() {
        // a alone: 80 %, r = 1.6 > 1, so b (not ready) counts 0: 800 / 2000 = 40 %, r' = 0.8, a flip: stay at 2
        ResourceMetric cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(50));
        assertThat(replicas(cpu, 2, running("a", 800, 1000), new PodSample("b", Phase.RUNNING, false, Option.some(900L),
            1000))).isEqualTo(2);
    }

    @Test
    void resource_missingPodWhileScalingDown_countsAsItsRequestTimesTheLargerOf100AndTheTarget() {
        // r = 10 % / 150 % < 1; c counts 1000 * 150 / 100 = 1500: floor(100 * 1700 / 3000) = 56 %, r' = 0.373,
        // ceil(0.373 * 3) = 2
        ResourceMetric cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(150));
        assertThat(replicas(cpu, 3, running("a", 100, 1000), running("b", 100, 1000),
            new PodSample("c", Phase.RUNNING, true, Option.none(), 1000))).isEqualTo(2);
    }

    @Test
    void resource_missingPodBelowAHundredPercentTarget_countsAsItsFullRequest() {
        // r = 10 % / 40 % = 0.25; c counts 1000 (100 % of its request, not 40 %): floor(100 * 1200 / 3000) = 40 %,
        // r' = 1.0: within, stay at 3 (at 40 % it would be 16 %, r' = 0.4 and ceil(1.2) = 2)
        ResourceMetric cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(40));
        assertThat(replicas(cpu, 3, running("a", 100, 1000), running("b", 100, 1000),
            new PodSample("c", Phase.RUNNING, true, Option.none(), 1000))).isEqualTo(3);
    }

    @Test
    void resource_averageValue_usesThePlainAverage() {
        // AverageValue on a resource: avg 1500, T 1000, r = 1.5, ceil(3.0) = 3
        ResourceMetric memory = new ResourceMetric("memory", new MetricTarget.AverageValue(1000));
        assertThat(replicas(memory, 2, running("a", 1000, 0), running("b", 2000, 0))).isEqualTo(3);
    }

    @Test
    void noPods_isAnError() {
        assertThat(proposal(PODS_500, 3)).isEqualTo(Either.left("no pods match the target's selector"));
    }

    @Test
    void onlyPendingOrIgnoredPods_isAnError() {
        assertThat(proposal(PODS_500, 3, pending("a"), pod("b", Phase.FAILED, true, 100)))
            .isEqualTo(Either.left("no metrics returned from ready pods"));
    }

    @Test
    void resourceWithoutRequests_isAnError() {
        ResourceMetric cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(50));
        assertThat(proposal(cpu, 2, running("a", 300, 0), running("b", 300, 0)))
            .isEqualTo(Either.left("no pod has a request for cpu"));
    }

    @Test
    void readingOfTheWrongKind_isAnErrorNamingBoth() {
        Either<String, Integer> podsFromObject = HorizontalPodAutoscaler.replicasFor(PODS_500, new ObjectReading(1, 1),
            1, 1, DEFAULT);
        assertThat(podsFromObject.getLeft()).startsWith("a Pods metric needs pod readings, got ");
        Either<String, Integer> objectFromExternal = HorizontalPodAutoscaler.replicasFor(
            new ObjectMetric("q", new MetricTarget.Value(1)), new ExternalReading(List.of(1L), 1), 1, 1, DEFAULT);
        assertThat(objectFromExternal.getLeft()).startsWith("an Object metric needs an Object reading, got ");
        Either<String, Integer> externalFromObject = HorizontalPodAutoscaler.replicasFor(
            new ExternalMetric("q", new MetricTarget.Value(1)), new ObjectReading(1, 1), 1, 1, DEFAULT);
        assertThat(externalFromObject.getLeft()).startsWith("an External metric needs an External reading, got ");
        Either<String, Integer> resourceFromObject = HorizontalPodAutoscaler.replicasFor(
            new ResourceMetric("cpu", new MetricTarget.Utilization(50)), new ObjectReading(1, 1), 1, 1, DEFAULT);
        assertThat(resourceFromObject.getLeft()).startsWith("a Resource metric needs pod readings, got ");
    }

    @Test
    void unavailableReading_isAnErrorWithItsReason() {
        assertThat(HorizontalPodAutoscaler.replicasFor(PODS_500, new MetricReading.Unavailable("adapter down"), 1, 1,
            DEFAULT)).isEqualTo(Either.left("adapter down"));
    }

    @Test
    void step_podsMetric_scalesThroughTheWholeController() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(PODS_500), Option.none());
        HorizontalPodAutoscaler.Step step = HorizontalPodAutoscaler.withDefaults().step(spec, HpaMemory.emptyHistory(),
            new HpaObservation(Instant.parse("2026-01-01T00:00:00Z"), 3, 3,
                List.of(new PodReadings(List.of(running("a", 1000), running("b", 1000), running("c", 1000))))));
        assertThat(step.decision().desired()).isEqualTo(6);
        assertThat(step.decision().metric()).contains("rps");
        assertThat(step.decision().proposals()).containsExactly("rps 6");
    }

    @Test
    void step_zeroReplicasWithAPositiveMinimum_disablesScaling() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(PODS_500), Option.none());
        HorizontalPodAutoscaler.Step step = HorizontalPodAutoscaler.withDefaults().step(spec, HpaMemory.initial(),
            new HpaObservation(Instant.parse("2026-01-01T00:00:00Z"), 0, 0,
                List.of(new PodReadings(List.of(running("a", 1000))))));
        assertThat(step.decision().desired()).isZero();
        assertThat(step.decision().reason()).hasToString("ScalingDisabled");
        assertThat(step.memory().recommendations().get())
            .containsExactly(new HpaMemory.Recommendation(0, Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void pods_staleSample_countsInTheAverage_butNotAmongTheReadyPods() {
        // a, b at 1000 and a sample of 0 for pod x, no longer listed: avg (1000 + 1000 + 0) / 3 = 666, r = 1.332;
        // no missing or unready pods, so ceil(1.332 * 2 ready) = 3 (leaving x out would give r = 2 and 4;
        // counting it as a ready pod would give ceil(1.332 * 3) = 4)
        assertThat(withStale(PODS_500, 2, LinkedHashMap.of("x", 0L), running("a", 1000), running("b", 1000))
            .map(MetricProposal::replicas)).isEqualTo(Either.right(3));
    }

    @Test
    void pods_staleSample_countsInTheRebalancedSampleCount() {
        // a at 1000, b missing, stale x at 1000: r = 2.0 > 1, so b counts 0: avg 2000 / 3 = 666, r' = 1.332,
        // ceil(1.332 * 3 samples) = 4 (without x: avg 500, r' = 1.0 within tolerance, stay at 2)
        assertThat(withStale(PODS_500, 2, LinkedHashMap.of("x", 1000L), running("a", 1000), missing("b"))
            .map(MetricProposal::replicas)).isEqualTo(Either.right(4));
    }

    @Test
    void pods_onlyStaleSamples_stillGiveAProposal() {
        // no ready pod, but x's sample counts: r = 2000 / 500 = 4 > 1, so pending a counts 0: avg 1000, r' = 2,
        // ceil(2 * 2 samples) = 4; the status shows the average before the fill, 2000
        Either<String, MetricProposal> proposal = withStale(PODS_500, 2, LinkedHashMap.of("x", 2000L), pending("a"));
        assertThat(proposal.map(MetricProposal::replicas)).isEqualTo(Either.right(4));
        assertThat(proposal.get().current().averageValueMilli()).contains(2000L);
    }

    @Test
    void resource_staleSample_isLeftOutOfTheUtilization() {
        // a uses 100 of its 100 request: 100 %, r = 100 / 50 = 2, ceil(2 * 1) = 2; x (no request) would add 1000
        MetricSpec cpu50 = new ResourceMetric("cpu", new MetricTarget.Utilization(50));
        Either<String, MetricProposal> proposal = withStale(cpu50, 1, LinkedHashMap.of("x", 1000L),
            running("a", 100, 100));
        assertThat(proposal.map(MetricProposal::replicas)).isEqualTo(Either.right(2));
        assertThat(proposal.get().current().averageUtilization()).contains(100);
        assertThat(proposal.get().current().averageValueMilli()).contains(100L);
    }

    @Test
    void staleSampleNamingAListedPod_isRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new PodReadings(List.of(running("a", 1)), LinkedHashMap.of("a", 2L)))
            .withMessageContaining("a");
    }

    @Test
    void currentMetrics_areTheStatusValues_beforeMissingPodsAreFilledIn() {
        // Pods: a 300, b 400, c missing: averageValue (300 + 400) / 2 = 350, before c is filled with the target
        assertThat(fullProposal(PODS_500, 3, running("a", 300), running("b", 400), missing("c")).current())
            .isEqualTo(new CurrentMetric("rps", Option.none(), Option.some(350L), Option.none()));
        // Resource utilization: 150 + 100 of 200 + 300 requested = floor(50 %), averageValue (150 + 100) / 2 = 125
        MetricSpec cpu = new ResourceMetric("cpu", new MetricTarget.Utilization(60));
        assertThat(fullProposal(cpu, 2, running("a", 150, 200), running("b", 100, 300)).current())
            .isEqualTo(new CurrentMetric("cpu", Option.none(), Option.some(125L), Option.some(50)));
        // Object AverageValue: 7000 over 3 existing replicas = ceil(2333.3) = 2334
        assertThat(HorizontalPodAutoscaler.propose(new ObjectMetric("q", new MetricTarget.AverageValue(1000)),
            new ObjectReading(7000, 3), 3, 3, DEFAULT).get().current().averageValueMilli()).contains(2334L);
        // External Value: the series' sum
        assertThat(HorizontalPodAutoscaler.propose(new ExternalMetric("q", new MetricTarget.Value(1000)),
            new ExternalReading(List.of(1500L, 700L), 2), 2, 2, DEFAULT).get().current().valueMilli())
            .contains(2200L);
        // AverageValue over zero existing replicas: Kubernetes divides by zero; no value is reported
        assertThat(HorizontalPodAutoscaler.propose(new ObjectMetric("q", new MetricTarget.AverageValue(1000)),
            new ObjectReading(7000, 0), 0, 0, DEFAULT).get().current().isKnown()).isFalse();
    }

    private static MetricProposal fullProposal(MetricSpec spec, int specReplicas, PodSample... pods) {
        return HorizontalPodAutoscaler.propose(spec, new PodReadings(List.of(pods)), specReplicas, specReplicas,
            DEFAULT).get();
    }

    private static Either<String, MetricProposal> withStale(MetricSpec spec, int specReplicas,
                                                            io.vavr.collection.Map<String, Long> stale,
                                                            PodSample... pods) {
        return HorizontalPodAutoscaler.propose(spec, new PodReadings(List.of(pods), stale), specReplicas,
            specReplicas, DEFAULT);
    }

    private static int replicas(MetricSpec spec, int specReplicas, PodSample... pods) {
        return proposal(spec, specReplicas, pods).get();
    }

    private static Either<String, Integer> proposal(MetricSpec spec, int specReplicas, PodSample... pods) {
        return HorizontalPodAutoscaler.replicasFor(spec, new PodReadings(List.of(pods)), specReplicas, specReplicas,
            DEFAULT);
    }

    private static PodSample running(String name, long usage) {
        return running(name, usage, 0);
    }

    private static PodSample running(String name, long usage, long request) {
        return PodSample.running(name, usage, request);
    }

    private static PodSample pod(String name, Phase phase, boolean ready, long usage) {
        return new PodSample(name, phase, ready, Option.some(usage), 0);
    }

    private static PodSample pending(String name) {
        return new PodSample(name, Phase.PENDING, false, Option.none(), 0);
    }

    private static PodSample missing(String name) {
        return new PodSample(name, Phase.RUNNING, true, Option.none(), 0);
    }
}
