package io.modelscale.policy.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.hpa.HorizontalPodAutoscaler.Tolerances;
import io.modelscale.policy.hpa.MetricReading.ExternalReading;
import io.modelscale.policy.hpa.MetricReading.ObjectReading;
import io.modelscale.policy.hpa.MetricSpec.ExternalMetric;
import io.modelscale.policy.hpa.MetricSpec.ObjectMetric;
import io.modelscale.policy.hpa.ScalingPolicy.Type;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kubernetes-hpa-kpa-keda.md} §3: every public numbered case. */
class HorizontalPodAutoscalerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Tolerances DEFAULT = new Tolerances(0.1, 0.1);
    private static final Tolerances ONE_PERCENT_UP = new Tolerances(0.1, 0.01);

    // §3.1 replica calculator ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "#{0}")
    @CsvSource({
        "1, 3, 3, 20000, 15000, 0.1, 4",
        "2, 3, 3, 9223372036854775807, 1, 0.1, 2147483647",
        "3, 3, 1, 50000, 10000, 0.1, 5",
        "4, 5, 5, 12000, 20000, 0.1, 3",
        "5, 3, 3, 20666, 20000, 0.1, 3",
        "6, 3, 3, 20666, 20000, 0.01, 4",
    })
    void objectValue_matchesTheCalculator(int number, int current, int ready, long value, long target, double up,
                                          int expected) {
        assertThat(replicas(new ObjectMetric("m", new MetricTarget.Value(target)), new ObjectReading(value, ready),
            current, current, new Tolerances(0.1, up))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "#{0}")
    @CsvSource({
        "7, 3, 20000, 5000, 0.1, 4",
        "8, 5, 6000, 2000, 0.1, 3",
        "9, 4, 20166, 5000, 0.1, 4",
        "10, 4, 20208, 5000, 0.01, 5",
    })
    void objectAverageValue_matchesTheCalculator(int number, int status, long value, long target, double up,
                                                 int expected) {
        assertThat(replicas(new ObjectMetric("m", new MetricTarget.AverageValue(target)),
            new ObjectReading(value, status), status, status, new Tolerances(0.1, up))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "#{0}")
    @CsvSource({
        "11, 3, 1, 8600, 4400, 0.1, 2",
        "12, 5, 5, 8600, 14334, 0.1, 3",
        "13, 3, 3, 8600, 8888, 0.1, 3",
        "14, 3, 3, 8900, 8800, 0.01, 4",
    })
    void externalValue_matchesTheCalculator(int number, int current, int ready, long value, long target, double up,
                                            int expected) {
        assertThat(replicas(new ExternalMetric("m", new MetricTarget.Value(target)),
            new ExternalReading(List.of(value), ready), current, current, new Tolerances(0.1, up))).isEqualTo(expected);
    }

    @Test
    void externalValue_sumOverflow_capsAtLongMax() {
        long half = Long.MAX_VALUE / 2 + 1;
        assertThat(replicas(new ExternalMetric("m", new MetricTarget.Value(Long.MAX_VALUE)),
            new ExternalReading(List.of(half, half), 3), 3, 3, DEFAULT)).isEqualTo(3);
    }

    @Test
    void externalAverageValue_hugeValue_saturatesAtIntMax() {
        assertThat(replicas(new ExternalMetric("m", new MetricTarget.AverageValue(1)),
            new ExternalReading(List.of(Long.MAX_VALUE), 1), 1, 1, DEFAULT)).isEqualTo(Integer.MAX_VALUE);
    }

    // §3.2 behavior rate limits ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "#{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "33 | scaleUp with default behavior                     | 10 | 50   | 1 | 1000 | default         | 20",
        "34 | scaleUp with pods policy larger than percent        | 10 | 500  | 1 | 1000 | 100,60,100,60,0 | 110",
        "35 | scaleUp with percent policy larger than pods        | 10 | 500  | 1 | 1000 | 2,60,100,60,0   | 20",
        "36 | scaleUp with pod policy limitation                  | 10 | 50   | 1 | 1000 | 30,60,0,0,0     | 40",
        "37 | scaleUp with percent policy limitation              | 10 | 50   | 1 | 1000 | 0,0,200,60,0    | 30",
        "38 | scaleUpLimit below maxReplicas with user policies   | 3  | 1000 | 1 | 2000 | 0,0,1,60,0      | 4",
        "39 | prenormalized desired replicas < minReplicas        | 3  | 1    | 2 | 8    | default         | 2",
        "40 | maxReplicas below scaleUpLimit                      | 20 | 1000 | 1 | 10   | default         | 10",
    })
    void rateLimit_scaleUp_matchesTestScalingWithRules(int number, String name, int current, int desired, int min,
                                                       int max, String rules, int expected) {
        Behavior behavior = Behavior.of(rules.equals("default") ? Option.none() : Option.some(rules(rules)),
            Option.none());
        assertThat(HorizontalPodAutoscaler.rateLimit(current, desired, min, max, behavior, List.empty(), List.empty(),
            NOW).replicas()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "#{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "41 | scaleDown with percent policy larger than pod      | 100 | 2 | 1 | 1000 | 20,60,1,60,300   | 80  | ScaleDownLimit",
        "42 | scaleDown with pod policy larger than percent      | 100 | 2 | 1 | 1000 | 2,60,1,60,300    | 98  | ScaleDownLimit",
        "43 | scaleDown with MinReplicas and large percent       | 10  | 2 | 5 | 1000 | 0,0,100,60,300   | 5   | TooFewReplicas",
        "44 | scaleDown with pod policy limitation               | 10  | 2 | 1 | 1000 | 5,60,0,0,300     | 5   | ScaleDownLimit",
        "45 | scaleDown with percent policy limitation           | 10  | 5 | 1 | 1000 | 0,0,50,60,300    | 5   | DesiredWithinRange",
    })
    void rateLimit_scaleDown_matchesTestScalingWithRules(int number, String name, int current, int desired, int min,
                                                         int max, String rules, int expected, String reason) {
        Behavior behavior = Behavior.of(Option.none(), Option.some(rules(rules)));
        HorizontalPodAutoscaler.Limited result = HorizontalPodAutoscaler.rateLimit(current, desired, min, max, behavior,
            List.empty(), List.empty(), NOW);
        assertThat(result.replicas()).isEqualTo(expected);
        assertThat(result.condition()).hasToString(reason);
    }

    @Test
    void rateLimit_reasons_forUpDefaultsAndMinimum() {
        assertThat(HorizontalPodAutoscaler.rateLimit(10, 50, 1, 1000, Behavior.of(Option.none(), Option.none()),
            List.empty(), List.empty(), NOW).condition()).hasToString("ScaleUpLimit");
        assertThat(HorizontalPodAutoscaler.rateLimit(3, 1, 2, 8, Behavior.of(Option.none(), Option.none()),
            List.empty(), List.empty(), NOW).condition()).hasToString("TooFewReplicas");
        assertThat(HorizontalPodAutoscaler.rateLimit(20, 1000, 1, 10, Behavior.of(Option.none(), Option.none()),
            List.empty(), List.empty(), NOW).condition()).hasToString("TooManyReplicas");
    }

    @Test
    void scaleUpLimit_selectMin_takesTheSmallerPolicy() {
        ScalingRules rules = new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MIN,
            List.of(new ScalingPolicy(Type.PODS, 2, 60), new ScalingPolicy(Type.PERCENT, 50, 60)), Option.none());
        assertThat(HorizontalPodAutoscaler.scaleUpLimit(1, List.empty(), List.empty(), rules, NOW)).isEqualTo(2);
    }

    @Test
    void scaleDownLimit_selectMin_takesTheSmallerChange() {
        ScalingRules rules = new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MIN,
            List.of(new ScalingPolicy(Type.PODS, 2, 60), new ScalingPolicy(Type.PERCENT, 50, 60)), Option.none());
        assertThat(HorizontalPodAutoscaler.scaleDownLimit(5, List.empty(), List.empty(), rules, NOW)).isEqualTo(3);
    }

    @Test
    void scaleUpLimit_recentEventsOfBothDirections_shiftThePeriodStart() {
        ScalingRules rules = new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MAX,
            List.of(new ScalingPolicy(Type.PODS, 4, 60)), Option.none());
        Seq<HpaMemory.ScaleEvent> up = List.of(new HpaMemory.ScaleEvent(3, NOW.minusSeconds(30), false),
            new HpaMemory.ScaleEvent(5, NOW.minusSeconds(90), false));
        Seq<HpaMemory.ScaleEvent> down = List.of(new HpaMemory.ScaleEvent(1, NOW.minusSeconds(10), false));
        assertThat(HorizontalPodAutoscaler.scaleUpLimit(10, up, down, rules, NOW)).isEqualTo(10 - 3 + 1 + 4);
    }

    // §3.3 stabilization ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "#{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "60 | simple scale down stabilization  | 4@120,5@60  | 100 | 3 | 0   | 180 | 5 | 4,5,3",
        "61 | simple scale up stabilization    | 4@120,5@60  | 1   | 7 | 300 | 0   | 4 | 4,5,7",
        "62 | no scale down stabilization      | 1@120,2@60  | 100 | 3 | 300 | 0   | 3 | 1,2,3",
        "63 | no scale up stabilization        | 4@120,5@60  | 1   | 3 | 0   | 300 | 3 | 4,5,3",
        "64 | reuse recommendation element     | 10@600,9@540| 100 | 3 | 0   | 0   | 3 | 10,3",
    })
    void stabilize_matchesTestNormalizeDesiredReplicasWithBehavior(int number, String name, String stored,
                                                                    int current, int desired, int up, int down,
                                                                    int expected, String after) {
        HorizontalPodAutoscaler.Stabilized result = HorizontalPodAutoscaler.stabilize(
            recommendations(stored), current, desired, Duration.ofSeconds(up), Duration.ofSeconds(down), NOW);
        assertThat(result.replicas()).isEqualTo(expected);
        assertThat(result.recommendations().map(HpaMemory.Recommendation::replicas).mkString(",")).isEqualTo(after);
    }

    @ParameterizedTest(name = "#{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "69 | stabilize                          | 4@120,5@60   | 3 | 5 | 3",
        "70 | no stabilize - old recommendations | 10@600,9@540 | 3 | 3 | 2",
    })
    void stabilizeLegacy_matchesTestNormalizeDesiredReplicas(int number, String name, String stored, int desired,
                                                             int expected, int length) {
        HorizontalPodAutoscaler.Stabilized result = HorizontalPodAutoscaler.stabilizeLegacy(
            recommendations(stored), desired, Duration.ofMinutes(5), NOW);
        assertThat(result.replicas()).isEqualTo(expected);
        assertThat(result.recommendations()).hasSize(length);
        // the same recommendations in the Array a reconcile stores them in, read by index: the same outcome
        HorizontalPodAutoscaler.Stabilized fromArray = HorizontalPodAutoscaler.stabilizeLegacy(
            io.vavr.collection.Array.ofAll(recommendations(stored)), desired, Duration.ofMinutes(5), NOW);
        assertThat(fromArray.replicas()).isEqualTo(expected);
        assertThat(fromArray.recommendations()).containsExactlyElementsOf(result.recommendations());
    }

    // §3.4 whole controller --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "#{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "74 | TestScaleUpCMObject                        | 2 | 6 | 3 | Object   | Value        | 15000 | 20000 | initial | 4",
        "75 | TestScaleUpFromZeroCMObject                | 0 | 6 | 0 | Object   | Value        | 15000 | 20000 | initial | 2",
        "76 | TestScaleUpFromZeroIgnoresToleranceCMObject| 0 | 6 | 0 | Object   | Value        | 1000  | 1000  | initial | 1",
        "77 | TestScaleUpPerPodCMObject                  | 2 | 6 | 3 | Object   | AverageValue | 10000 | 40000 | initial | 4",
        "78 | TestScaleUpCMExternal                      | 2 | 6 | 3 | External | Value        | 6666  | 8600  | initial | 4",
        "79 | TestScaleUpPerPodCMExternal                | 2 | 6 | 3 | External | AverageValue | 2222  | 8600  | initial | 4",
        "80 | TestScaleDownCMObject                      | 2 | 6 | 5 | Object   | Value        | 20000 | 12000 | empty   | 3",
        "81 | TestScaleDownToZeroCMObject                | 0 | 6 | 5 | Object   | Value        | 20000 | 0     | empty   | 0",
        "82 | TestScaleDownPerPodCMObject                | 2 | 6 | 5 | Object   | AverageValue | 20000 | 60000 | empty   | 3",
        "83 | TestScaleDownCMExternal                    | 2 | 6 | 5 | External | Value        | 14400 | 8600  | empty   | 3",
        "84 | TestScaleDownToZeroCMExternal              | 0 | 6 | 5 | External | Value        | 14400 | 0     | empty   | 0",
        "85 | TestScaleDownPerPodCMExternal              | 2 | 6 | 5 | External | AverageValue | 3000  | 8600  | empty   | 3",
    })
    void step_wholeController_matchesHorizontalTest(int number, String name, int min, int max, int replicas,
                                                    String kind, String targetType, long target, long value,
                                                    String history, int expected) {
        MetricTarget metricTarget = targetType.equals("Value") ? new MetricTarget.Value(target)
            : new MetricTarget.AverageValue(target);
        MetricSpec metric = kind.equals("Object") ? new ObjectMetric("qps", metricTarget)
            : new ExternalMetric("qps", metricTarget);
        MetricReading reading = kind.equals("Object") ? new ObjectReading(value, replicas)
            : new ExternalReading(List.of(value), replicas);
        HpaSpec spec = new HpaSpec(min, max, List.of(metric), Option.none());
        HpaMemory memory = history.equals("initial") ? HpaMemory.initial() : HpaMemory.emptyHistory();
        HorizontalPodAutoscaler controller = new HorizontalPodAutoscaler(
            new HorizontalPodAutoscaler.Config(0.1, Duration.ofMinutes(5), 8.0, 4.0));

        HorizontalPodAutoscaler.Step step = controller.step(spec, memory,
            new HpaObservation(NOW, replicas, replicas, List.of(reading)));

        assertThat(step.decision().desired()).isEqualTo(expected);
    }

    @Test
    void step_oneMetricInvalidAndTheOtherScalesUp_scalesUp() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(new ObjectMetric("a", new MetricTarget.Value(1000)),
            new ObjectMetric("b", new MetricTarget.Value(1000))), Option.none());
        HorizontalPodAutoscaler.Step step = HorizontalPodAutoscaler.withDefaults().step(spec, HpaMemory.emptyHistory(),
            new HpaObservation(NOW, 3, 3, List.of(new MetricReading.Unavailable("down"), new ObjectReading(1333, 3))));
        assertThat(step.decision().desired()).isEqualTo(4);
        assertThat(step.decision().describe()).isEqualTo("scale from 3 to 4: DesiredWithinRange (metric b);"
            + " proposals a failed: down, b 4; current b value=1333m");
        assertThat(step.decision().currentMetrics()).containsExactly(CurrentMetric.unknown("a"),
            new CurrentMetric("b", Option.some(1333L), Option.none(), Option.none()));
    }

    @Test
    void step_oneMetricInvalidAndTheOtherScalesDown_keepsTheCount() {
        HpaSpec spec = new HpaSpec(1, 10, List.of(new ObjectMetric("a", new MetricTarget.Value(1000)),
            new ObjectMetric("b", new MetricTarget.Value(1000))), Option.none());
        HorizontalPodAutoscaler.Step step = HorizontalPodAutoscaler.withDefaults().step(spec, HpaMemory.emptyHistory(),
            new HpaObservation(NOW, 5, 5, List.of(new MetricReading.Unavailable("down"), new ObjectReading(100, 5))));
        assertThat(step.decision().desired()).isEqualTo(5);
        assertThat(step.decision().reason()).hasToString("FailedGetMetrics");
    }

    @Test
    void step_outsideTheRange_isClampedAtOnce() {
        HpaSpec spec = new HpaSpec(2, 4, List.of(new ObjectMetric("a", new MetricTarget.Value(1000))), Option.none());
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.withDefaults();
        assertThat(hpa.step(spec, HpaMemory.initial(), new HpaObservation(NOW, 9, 9,
            List.of(new ObjectReading(100, 9)))).decision().desired()).isEqualTo(4);
        assertThat(hpa.step(spec, HpaMemory.initial(), new HpaObservation(NOW, 1, 1,
            List.of(new ObjectReading(100_000, 1)))).decision().desired()).isEqualTo(2);
    }

    @Test
    void step_withBehavior_recordsScaleEventsAndRateLimitsTheNext() {
        HpaSpec spec = new HpaSpec(1, 100, List.of(new ObjectMetric("rps", new MetricTarget.AverageValue(1000))),
            Option.some(Behavior.of(Option.some(new ScalingRules(Option.some(0), ScalingRules.SelectPolicy.MAX,
                List.of(new ScalingPolicy(Type.PODS, 5, 90)), Option.none())), Option.none())));
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.withDefaults();
        HorizontalPodAutoscaler.Step first = hpa.step(spec, HpaMemory.initial(),
            new HpaObservation(NOW, 1, 1, List.of(new ObjectReading(50_000, 1))));
        assertThat(first.decision().desired()).isEqualTo(6);
        assertThat(first.memory().scaleUpEvents()).containsExactly(new HpaMemory.ScaleEvent(5, NOW, false));
        HorizontalPodAutoscaler.Step second = hpa.step(spec, first.memory(),
            new HpaObservation(NOW.plusSeconds(30), 6, 6, List.of(new ObjectReading(50_000, 6))));
        assertThat(second.decision().desired()).isEqualTo(6);
        HorizontalPodAutoscaler.Step third = hpa.step(spec, second.memory(),
            new HpaObservation(NOW.plusSeconds(91), 6, 6, List.of(new ObjectReading(50_000, 6))));
        assertThat(third.decision().desired()).isEqualTo(11);
    }

    private static ScalingRules rules(String csv) {
        String[] parts = csv.split(",");
        int pods = Integer.parseInt(parts[0].strip());
        int podsPeriod = Integer.parseInt(parts[1].strip());
        int percent = Integer.parseInt(parts[2].strip());
        int percentPeriod = Integer.parseInt(parts[3].strip());
        int window = Integer.parseInt(parts[4].strip());
        List<ScalingPolicy> policies = List.empty();
        if (pods > 0) {
            policies = policies.append(new ScalingPolicy(Type.PODS, pods, podsPeriod));
        }
        if (percent > 0) {
            policies = policies.append(new ScalingPolicy(Type.PERCENT, percent, percentPeriod));
        }
        return new ScalingRules(Option.some(window), ScalingRules.SelectPolicy.MAX, policies, Option.none());
    }

    private static Seq<HpaMemory.Recommendation> recommendations(String stored) {
        return List.of(stored.split(",")).map(String::strip).map(entry -> {
            String[] parts = entry.split("@");
            return new HpaMemory.Recommendation(Integer.parseInt(parts[0]), NOW.minusSeconds(Long.parseLong(parts[1])));
        });
    }

    private static int replicas(MetricSpec spec, MetricReading reading, int specReplicas, int statusReplicas,
                                Tolerances tolerances) {
        return HorizontalPodAutoscaler.replicasFor(spec, reading, specReplicas, statusReplicas, tolerances).get();
    }
}
