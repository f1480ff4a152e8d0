package io.modelscale.policy.hpa;

import io.vavr.Tuple2;
import io.vavr.collection.Array;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The Kubernetes HorizontalPodAutoscaler controller's reconcile (autoscaling/v2) as a pure function of an
 * {@link HpaSpec}, its {@link HpaMemory} and an {@link HpaObservation} ({@code shared/spec/kubernetes-hpa-kpa-keda.md}
 * §1–2).
 *
 * <ol>
 *   <li>The first reconcile records the current count as a recommendation (unless the memory starts with an empty
 *       history).</li>
 *   <li>With {@code spec.replicas} zero and a positive minimum, nothing happens ({@code ScalingDisabled}); above
 *       the maximum or below the minimum, the count is set to that bound at once.</li>
 *   <li>Otherwise each metric proposes a count (§1.4): Object and External {@code Value} targets scale the ready
 *       pods by {@code value / target}, or from zero by {@code ceil(value / target)}; {@code AverageValue} targets
 *       give {@code ceil(value / target)}; Pods and Resource metrics average the ready pods' samples, filling in
 *       missing and unready pods pessimistically. A ratio within the tolerance of 1 keeps the current count; each
 *       direction has its own tolerance, from the {@code behavior} or {@link Config#tolerance()}.</li>
 *   <li>The largest proposal wins (§1.5). If every metric failed, or some failed and the rest would scale down,
 *       nothing happens ({@code FailedGetMetrics}).</li>
 *   <li>Without {@code behavior} (§1.7): the largest recommendation of the downscale window (its start included)
 *       holds scale-downs back, and a scale-up may at most reach {@code max(factor × current, minimum)}.</li>
 *   <li>With {@code behavior} (§2): scale-ups take the smallest and scale-downs the largest recommendation of their
 *       windows; then each direction's policies limit the change over their periods, counting the scale events
 *       of both directions, combined by the direction's {@code selectPolicy}; every change is recorded.</li>
 * </ol>
 * Ratios are IEEE doubles and counts saturate at {@link Integer#MAX_VALUE}, as in Kubernetes.
 */
public final class HorizontalPodAutoscaler {

    /**
     * The controller's flags.
     *
     * @param tolerance             the default tolerance of a metric ratio around 1, both directions (0.1)
     * @param downscaleWindow       the default scale-down stabilization window (5 minutes)
     * @param legacyScaleUpFactor   the legacy path's scale-up limit per reconcile, as a factor of the current count
     *                              (2.0; Kubernetes' own tests use 8.0)
     * @param legacyScaleUpMinimum  the legacy path's scale-up limit's floor, in replicas (4)
     */
    public record Config(double tolerance, Duration downscaleWindow, double legacyScaleUpFactor,
                         double legacyScaleUpMinimum) {
        public Config {
            Objects.requireNonNull(downscaleWindow, "downscaleWindow");
            if (tolerance < 0 || Double.isNaN(tolerance)) {
                throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
            }
            if (downscaleWindow.isNegative()) {
                throw new IllegalArgumentException("downscaleWindow must not be negative, got " + downscaleWindow);
            }
            if (legacyScaleUpFactor < 1 || legacyScaleUpMinimum < 1) {
                throw new IllegalArgumentException("legacy scale-up factor and minimum must be at least 1, got "
                    + legacyScaleUpFactor + " and " + legacyScaleUpMinimum);
            }
        }

        /** kube-controller-manager's defaults: tolerance 0.1, window 5 minutes, factor 2, minimum 4. */
        public static Config defaults() {
            return new Config(0.1, Duration.ofMinutes(5), 2.0, 4.0);
        }
    }

    /**
     * The tolerance of a ratio around 1, per direction.
     *
     * @param scaleDown how far below 1 a ratio may fall without scaling
     * @param scaleUp   how far above 1 a ratio may rise without scaling
     */
    public record Tolerances(double scaleDown, double scaleUp) {
        /** Whether {@code ratio} lies within the tolerance, both bounds included. */
        public boolean isWithin(double ratio) {
            return 1 - scaleDown <= ratio && ratio <= 1 + scaleUp;
        }
    }

    /**
     * A count after a stabilization window, with the recommendations to remember.
     *
     * @param replicas        the stabilized count
     * @param recommendations the stored recommendations, the new one included
     */
    public record Stabilized(int replicas, Seq<HpaMemory.Recommendation> recommendations) {
        public Stabilized {
            Objects.requireNonNull(recommendations, "recommendations");
        }
    }

    /**
     * A count after the limits, with the condition that names what limited it.
     *
     * @param replicas  the limited count
     * @param condition {@link HpaCondition#DESIRED_WITHIN_RANGE}, or the limit that applied
     */
    public record Limited(int replicas, HpaCondition condition) {
        public Limited {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /**
     * One reconcile's result.
     *
     * @param memory   the memory for the next reconcile
     * @param decision what was decided and why
     */
    public record Step(HpaMemory memory, HpaDecision decision) {
    }

    private final Config config;

    /** A controller with these flags. */
    public HorizontalPodAutoscaler(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A controller with kube-controller-manager's default flags. */
    public static HorizontalPodAutoscaler withDefaults() {
        return new HorizontalPodAutoscaler(Config.defaults());
    }

    /** One reconcile. */
    public Step step(HpaSpec spec, HpaMemory memory, HpaObservation observation) {
        if (observation.readings().size() != spec.metrics().size()) {
            throw new IllegalArgumentException("expected one reading per metric (" + spec.metrics().size() + "), got "
                + observation.readings().size());
        }
        Instant now = observation.now();
        int current = observation.specReplicas();
        HpaMemory remembered = memory.recommendations().isDefined() ? memory
            : new HpaMemory(Option.some(List.of(new HpaMemory.Recommendation(current, now))),
                memory.scaleUpEvents(), memory.scaleDownEvents());
        int min = spec.minReplicas();
        if (current == 0 && min != 0) {
            return new Step(remembered, new HpaDecision(current, 0, HpaCondition.SCALING_DISABLED, Option.none(),
                List.empty(), List.empty()));
        }
        if (current > spec.maxReplicas()) {
            return record(spec, remembered, current, spec.maxReplicas(), HpaCondition.TOO_MANY_REPLICAS, Option.none(),
                List.empty(), List.empty(), now);
        }
        if (current < min) {
            return record(spec, remembered, current, min, HpaCondition.TOO_FEW_REPLICAS, Option.none(), List.empty(),
                List.empty(), now);
        }
        Tolerances tolerances = tolerances(spec.behavior());
        // one pass over the metrics and their readings, in order (a reconcile runs for every model every period)
        java.util.ArrayList<CurrentMetric> currentList = new java.util.ArrayList<>(spec.metrics().size());
        java.util.ArrayList<String> describedList = new java.util.ArrayList<>(spec.metrics().size());
        int invalid = 0;
        Option<Tuple2<Integer, String>> best = Option.none();
        java.util.Iterator<MetricReading> reading = observation.readings().iterator();
        for (MetricSpec metric : spec.metrics()) {
            Either<String, MetricProposal> proposal = propose(metric, reading.next(), current,
                observation.statusReplicas(), tolerances);
            if (proposal.isLeft()) {
                invalid++;
                currentList.add(CurrentMetric.unknown(metric.name()));
                describedList.add(metric.name() + " failed: " + proposal.getLeft());
            } else {
                int replicas = proposal.get().replicas();
                currentList.add(proposal.get().current());
                describedList.add(metric.name() + " " + replicas);
                if (best.isEmpty() || replicas > best.get()._1) {
                    best = Option.some(new Tuple2<>(replicas, metric.name()));
                }
            }
        }
        // one metric, the usual case, without copying the lists
        Seq<CurrentMetric> currentMetrics = currentList.size() == 1 ? List.of(currentList.get(0))
            : List.ofAll(currentList);
        Seq<String> described = describedList.size() == 1 ? List.of(describedList.get(0)) : List.ofAll(describedList);
        if (best.isEmpty() || (invalid > 0 && best.get()._1 < current)) {
            return new Step(remembered, new HpaDecision(current, current, HpaCondition.FAILED_GET_METRICS, Option.none(),
                described, currentMetrics));
        }
        int proposed = Math.max(0, best.get()._1);
        Option<String> metric = Option.some(best.get()._2);
        if (spec.behavior().isEmpty()) {
            Stabilized stabilized = stabilizeLegacy(remembered.recommendations().get(), proposed,
                config.downscaleWindow(), now);
            Limited limited = limitLegacy(current, stabilized.replicas(), min, spec.maxReplicas());
            HpaCondition reason = stabilized.replicas() != proposed && limited.replicas() == stabilized.replicas()
                ? HpaCondition.SCALE_DOWN_STABILIZED : limited.condition();
            HpaMemory next = new HpaMemory(Option.some(stabilized.recommendations()), remembered.scaleUpEvents(),
                remembered.scaleDownEvents());
            return new Step(next, new HpaDecision(current, limited.replicas(), reason, metric, described,
                currentMetrics));
        }
        Behavior behavior = spec.behavior().get();
        Stabilized stabilized = stabilize(remembered.recommendations().get(), current, proposed, upWindow(behavior),
            downWindow(behavior), now);
        Limited limited = rateLimit(current, stabilized.replicas(), min, spec.maxReplicas(), behavior,
            remembered.scaleUpEvents(), remembered.scaleDownEvents(), now);
        HpaCondition reason = stabilized.replicas() != proposed && limited.replicas() == stabilized.replicas()
            ? (proposed >= current ? HpaCondition.SCALE_UP_STABILIZED : HpaCondition.SCALE_DOWN_STABILIZED)
            : limited.condition();
        HpaMemory next = new HpaMemory(Option.some(stabilized.recommendations()), remembered.scaleUpEvents(),
            remembered.scaleDownEvents());
        return record(spec, next, current, limited.replicas(), reason, metric, described, currentMetrics, now);
    }

    /** The tolerances per direction: the {@code behavior}'s where set, else {@link Config#tolerance()}. */
    public Tolerances tolerances(Option<Behavior> behavior) {
        double down = behavior.flatMap(b -> b.scaleDown().tolerance()).getOrElse(config.tolerance());
        double up = behavior.flatMap(b -> b.scaleUp().tolerance()).getOrElse(config.tolerance());
        return new Tolerances(down, up);
    }

    /**
     * One metric's proposal (§1.4): the replica count the metric asks for, or why it cannot say.
     *
     * @param spec   the metric
     * @param read   its reading
     * @param specReplicas   the target's {@code spec.replicas}
     * @param statusReplicas the target's {@code status.replicas}
     * @param tolerances     the tolerances per direction
     * @see #propose
     */
    public static Either<String, Integer> replicasFor(MetricSpec spec, MetricReading read, int specReplicas,
                                                      int statusReplicas, Tolerances tolerances) {
        return propose(spec, read, specReplicas, statusReplicas, tolerances).map(MetricProposal::replicas);
    }

    /**
     * One metric's proposal (§1.4) with its current value as {@code status.currentMetrics} would show it, or why
     * the metric cannot be computed.
     *
     * @param spec   the metric
     * @param read   its reading
     * @param specReplicas   the target's {@code spec.replicas}
     * @param statusReplicas the target's {@code status.replicas}
     * @param tolerances     the tolerances per direction
     */
    public static Either<String, MetricProposal> propose(MetricSpec spec, MetricReading read, int specReplicas,
                                                         int statusReplicas, Tolerances tolerances) {
        if (read instanceof MetricReading.Unavailable unavailable) {
            return Either.left(unavailable.reason());
        }
        if (spec instanceof MetricSpec.ObjectMetric || spec instanceof MetricSpec.ExternalMetric) {
            long value;
            int ready;
            if (read instanceof MetricReading.ObjectReading object && spec instanceof MetricSpec.ObjectMetric) {
                value = object.valueMilli();
                ready = object.readyPods();
            } else if (read instanceof MetricReading.ExternalReading external
                && spec instanceof MetricSpec.ExternalMetric) {
                value = saturatingSum(external.valuesMilli());
                ready = external.readyPods();
            } else {
                String kind = withArticle(kind(spec));
                return Either.left(kind + " metric needs " + kind + " reading, got " + read);
            }
            if (spec.target() instanceof MetricTarget.Value target) {
                return Either.right(new MetricProposal(valueReplicas(specReplicas, ready, value, target.milli(),
                    tolerances), CurrentMetric.value(spec.name(), value)));
            }
            Option<Long> perPod = statusReplicas == 0 ? Option.none()
                : Option.some((long) Math.ceil((double) value / statusReplicas));
            return Either.right(new MetricProposal(averageValueReplicas(statusReplicas, value,
                ((MetricTarget.AverageValue) spec.target()).milli(), tolerances),
                CurrentMetric.averageValue(spec.name(), perPod)));
        }
        if (!(read instanceof MetricReading.PodReadings pods)) {
            return Either.left(withArticle(kind(spec)) + " metric needs pod readings, got " + read);
        }
        return plainReplicas(spec, pods, specReplicas, tolerances);
    }

    /** Object or External with a {@code Value} target. */
    static int valueReplicas(int specReplicas, int readyPods, long valueMilli, long targetMilli, Tolerances tol) {
        double ratio = (double) valueMilli / (double) targetMilli;
        if (specReplicas == 0) {
            return saturate(Math.ceil(ratio));
        }
        if (tol.isWithin(ratio)) {
            return specReplicas;
        }
        return saturate(Math.ceil(ratio * readyPods));
    }

    /** Object or External with an {@code AverageValue} target. */
    static int averageValueReplicas(int statusReplicas, long valueMilli, long targetMilli, Tolerances tol) {
        double ratio = (double) valueMilli / ((double) targetMilli * statusReplicas);
        if (tol.isWithin(ratio)) {
            return statusReplicas;
        }
        return saturate(Math.ceil((double) valueMilli / (double) targetMilli));
    }

    /** One sample the calculator counts: its value and, for a listed pod, its request. */
    private record Sample(long usageMilli, Option<Long> requestMilli) {
    }

    /** A usage ratio with the current value the status shows. */
    private record Usage(double ratio, CurrentMetric current) {
    }

    /**
     * Pods and Resource metrics: {@code calcPlainMetricReplicas} and its utilization twin. The samples counted are
     * the ready pods' and the stale ones; the first proposal multiplies by the ready pods, a rebalanced one by every
     * sample counted, stale ones included, as Kubernetes does.
     */
    private static Either<String, MetricProposal> plainReplicas(MetricSpec spec, MetricReading.PodReadings readings,
                                                                int specReplicas, Tolerances tol) {
        Seq<PodSample> pods = readings.pods();
        if (pods.isEmpty()) {
            return Either.left("no pods match the target's selector");
        }
        boolean resource = spec instanceof MetricSpec.ResourceMetric;
        Seq<PodSample> counted = pods.filter(p -> p.phase() != PodSample.Phase.FAILED
            && p.phase() != PodSample.Phase.DELETING);
        Seq<PodSample> unready = counted.filter(p -> p.phase() == PodSample.Phase.PENDING
            || (resource && !p.ready() && p.usageMilli().isDefined()));
        Seq<PodSample> missing = counted.filter(p -> !unready.contains(p) && p.usageMilli().isEmpty());
        Seq<PodSample> ready = counted.filter(p -> !unready.contains(p) && p.usageMilli().isDefined());
        Vector<Sample> samples = Vector.ofAll(ready.map(p -> new Sample(p.usageMilli().get(),
                Option.some(p.requestMilli()))))
            .appendAll(readings.staleSamplesMilli().values().map(v -> new Sample(v, Option.none())));
        if (samples.isEmpty()) {
            return Either.left("no metrics returned from ready pods");
        }
        Either<String, Usage> measured = usage(spec, samples);
        if (measured.isLeft()) {
            return Either.left(measured.getLeft());
        }
        Usage usage = measured.get();
        double ratio = usage.ratio();
        boolean rebalanceUnready = !unready.isEmpty() && ratio > 1.0;
        if (!rebalanceUnready && missing.isEmpty()) {
            int proposed = tol.isWithin(ratio) ? specReplicas : saturate(Math.ceil(ratio * ready.size()));
            return Either.right(new MetricProposal(proposed, usage.current()));
        }
        Vector<Sample> filled = samples;
        for (PodSample pod : missing) {
            // At a ratio of exactly 1.0 Kubernetes fills a missing pod neither way: it adds no sample for it.
            if (ratio != 1.0) {
                filled = filled.append(new Sample(ratio < 1.0 ? fill(spec, pod) : 0L,
                    Option.some(pod.requestMilli())));
            }
        }
        if (rebalanceUnready) {
            for (PodSample pod : unready) {
                filled = filled.append(new Sample(0L, Option.some(pod.requestMilli())));
            }
        }
        double newRatio = usage(spec, filled).map(Usage::ratio).getOrElse(Double.NaN);
        if (tol.isWithin(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return Either.right(new MetricProposal(specReplicas, usage.current()));
        }
        int proposed = saturate(Math.ceil(newRatio * filled.size()));
        if ((newRatio < 1.0 && proposed > specReplicas) || (newRatio > 1.0 && proposed < specReplicas)) {
            return Either.right(new MetricProposal(specReplicas, usage.current()));
        }
        return Either.right(new MetricProposal(proposed, usage.current()));
    }

    /**
     * The usage ratio of some samples: the whole percentage of the requests used over the target percentage
     * ({@code GetResourceUtilizationRatio}, samples without a request left out), or the mean sample over the target
     * ({@code GetMetricUsageRatio}).
     */
    private static Either<String, Usage> usage(MetricSpec spec, Seq<Sample> samples) {
        if (spec.target() instanceof MetricTarget.Utilization utilization) {
            Seq<Sample> requested = samples.filter(s -> s.requestMilli().isDefined());
            long requestTotal = saturatingSum(requested.map(s -> s.requestMilli().get()));
            if (requestTotal == 0) {
                return Either.left("no pod has a request for " + spec.name());
            }
            long usageTotal = saturatingSum(requested.map(Sample::usageMilli));
            int percent = (int) Math.min(Integer.MAX_VALUE, (long) Math.floor(100.0 * usageTotal / requestTotal));
            return Either.right(new Usage((double) percent / utilization.percent(), new CurrentMetric(spec.name(),
                Option.none(), Option.some(usageTotal / requested.size()), Option.some(percent))));
        }
        long average = saturatingSum(samples.map(Sample::usageMilli)) / samples.size();
        return Either.right(new Usage((double) average / ((MetricTarget.AverageValue) spec.target()).milli(),
            CurrentMetric.averageValue(spec.name(), Option.some(average))));
    }

    /** A missing pod's pessimistic value when usage is below target: the target, or max(100, target) %. */
    private static long fill(MetricSpec spec, PodSample pod) {
        if (spec.target() instanceof MetricTarget.Utilization utilization) {
            return pod.requestMilli() * Math.max(100, utilization.percent()) / 100;
        }
        return ((MetricTarget.AverageValue) spec.target()).milli();
    }

    /**
     * The legacy stabilization (§1.7): the largest of {@code desired} and every stored recommendation not older
     * than the window (its start included); {@code desired} is stored in the last slot older than the window, or
     * appended.
     */
    public static Stabilized stabilizeLegacy(
        Seq<HpaMemory.Recommendation> recommendations, int desired, Duration window, Instant now) {
        Instant cutoff = now.minus(window);
        int result = desired;
        int oldIndex = -1;
        if (recommendations instanceof Array<HpaMemory.Recommendation> stored) {
            // the stored kind (see store): read by index, without an iterator
            for (int i = 0, n = stored.size(); i < n; i++) {
                HpaMemory.Recommendation recommendation = stored.get(i);
                if (!recommendation.at().isBefore(cutoff)) {
                    result = Math.max(result, recommendation.replicas());
                } else {
                    oldIndex = i;
                }
            }
        } else {
            int i = -1;
            for (HpaMemory.Recommendation recommendation : recommendations) { // in order: get(i) walks a List
                i++;
                if (!recommendation.at().isBefore(cutoff)) {
                    result = Math.max(result, recommendation.replicas());
                } else {
                    oldIndex = i;
                }
            }
        }
        return new Stabilized(result, store(recommendations, oldIndex, new HpaMemory.Recommendation(desired, now)));
    }

    /**
     * The legacy limits (§1.7): below the minimum gives the minimum; above {@code min(max, max(factor × current,
     * minimum))} gives that.
     */
    public Limited limitLegacy(int current, int desired, int min, int max) {
        int scaleUpLimit = (int) Math.max(config.legacyScaleUpFactor() * current, config.legacyScaleUpMinimum());
        int maxAllowed = Math.min(max, scaleUpLimit);
        if (desired < min) {
            return new Limited(min, HpaCondition.TOO_FEW_REPLICAS);
        }
        if (desired > maxAllowed) {
            return new Limited(maxAllowed,
                max < scaleUpLimit ? HpaCondition.TOO_MANY_REPLICAS : HpaCondition.SCALE_UP_LIMIT);
        }
        return new Limited(desired, HpaCondition.DESIRED_WITHIN_RANGE);
    }

    /**
     * The {@code behavior} stabilization (§2.3): {@code current} clamped between the smallest recommendation of the
     * scale-up window and the largest of the scale-down window, {@code desired} included, window starts excluded;
     * {@code desired} is stored in the last slot older than both windows, or appended.
     */
    public static Stabilized stabilize(
        Seq<HpaMemory.Recommendation> recommendations, int current, int desired, Duration upWindow, Duration downWindow,
        Instant now) {
        Instant upCutoff = now.minus(upWindow);
        Instant downCutoff = now.minus(downWindow);
        int upRecommendation = desired;
        int downRecommendation = desired;
        int oldIndex = -1;
        int i = -1;
        for (HpaMemory.Recommendation recommendation : recommendations) { // in order: get(i) walks a List from its head
            i++;
            if (recommendation.at().isAfter(upCutoff)) {
                upRecommendation = Math.min(upRecommendation, recommendation.replicas());
            }
            if (recommendation.at().isAfter(downCutoff)) {
                downRecommendation = Math.max(downRecommendation, recommendation.replicas());
            }
            if (recommendation.at().isBefore(upCutoff) && recommendation.at().isBefore(downCutoff)) {
                oldIndex = i;
            }
        }
        int result = current;
        if (result < upRecommendation) {
            result = upRecommendation;
        }
        if (result > downRecommendation) {
            result = downRecommendation;
        }
        return new Stabilized(result, store(recommendations, oldIndex, new HpaMemory.Recommendation(desired, now)));
    }

    /**
     * The {@code behavior} rate limits (§2.4): a scale-up is capped by the scale-up policies and the maximum, a
     * scale-down by the scale-down policies and the minimum, each policy counting from the replicas at the start
     * of its period.
     */
    public static Limited rateLimit(int current, int desired, int min, int max, Behavior behavior,
                                                   Seq<HpaMemory.ScaleEvent> upEvents,
                                                   Seq<HpaMemory.ScaleEvent> downEvents, Instant now) {
        if (desired > current) {
            int limit = Math.max(current, scaleUpLimit(current, upEvents, downEvents, behavior.scaleUp(), now));
            HpaCondition reason = max > limit ? HpaCondition.SCALE_UP_LIMIT : HpaCondition.TOO_MANY_REPLICAS;
            int maxAllowed = Math.min(max, limit);
            if (maxAllowed < desired) {
                return new Limited(maxAllowed, reason);
            }
        } else if (desired < current) {
            int limit = Math.min(current, scaleDownLimit(current, upEvents, downEvents, behavior.scaleDown(), now));
            HpaCondition reason = min < limit ? HpaCondition.SCALE_DOWN_LIMIT : HpaCondition.TOO_FEW_REPLICAS;
            int minAllowed = Math.max(min, limit);
            if (minAllowed > desired) {
                return new Limited(minAllowed, reason);
            }
        }
        return new Limited(desired, HpaCondition.DESIRED_WITHIN_RANGE);
    }

    /** The most replicas the scale-up policies allow now ({@code calculateScaleUpLimitWithScalingRules}). */
    public static int scaleUpLimit(int current, Seq<HpaMemory.ScaleEvent> upEvents,
                                   Seq<HpaMemory.ScaleEvent> downEvents, ScalingRules rules, Instant now) {
        return policyLimit(current, upEvents, downEvents, rules, now, true);
    }

    /** The fewest replicas the scale-down policies allow now ({@code calculateScaleDownLimitWithBehaviors}). */
    public static int scaleDownLimit(int current, Seq<HpaMemory.ScaleEvent> upEvents,
                                     Seq<HpaMemory.ScaleEvent> downEvents, ScalingRules rules, Instant now) {
        return policyLimit(current, upEvents, downEvents, rules, now, false);
    }

    /**
     * Each policy's limit from the replicas at the start of its period, combined by {@code selectPolicy}: {@code Max}
     * takes the biggest change (the highest limit up, the lowest down), {@code Min} the smallest.
     */
    private static int policyLimit(int current, Seq<HpaMemory.ScaleEvent> upEvents,
                                   Seq<HpaMemory.ScaleEvent> downEvents, ScalingRules rules, Instant now, boolean up) {
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) {
            return current;
        }
        boolean highest = (rules.selectPolicy() == ScalingRules.SelectPolicy.MAX) == up;
        long result = highest ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            long start = (long) current - changes(upEvents, policy, now) + changes(downEvents, policy, now);
            long proposed;
            if (policy.type() == ScalingPolicy.Type.PODS) {
                proposed = up ? start + policy.value() : start - policy.value();
            } else {
                proposed = up ? (long) Math.ceil(start * (1 + policy.value() / 100.0))
                    : (long) (start * (1 - policy.value() / 100.0));
            }
            result = highest ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
    }

    private Step record(HpaSpec spec, HpaMemory memory, int current, int desired, HpaCondition reason,
                        Option<String> metric, Seq<String> proposals, Seq<CurrentMetric> currentMetrics,
                        Instant now) {
        return new Step(memory.withScale(spec.behavior(), current, desired, now),
            new HpaDecision(current, desired, reason, metric, proposals, currentMetrics));
    }

    private static long changes(Seq<HpaMemory.ScaleEvent> events, ScalingPolicy policy, Instant now) {
        Instant cutoff = now.minusSeconds(policy.periodSeconds());
        return events.filter(e -> e.at().isAfter(cutoff)).map(HpaMemory.ScaleEvent::change).sum().longValue();
    }

    private Duration upWindow(Behavior behavior) {
        return Duration.ofSeconds(behavior.scaleUp().stabilizationWindowSeconds().getOrElse(0));
    }

    private Duration downWindow(Behavior behavior) {
        return behavior.scaleDown().stabilizationWindowSeconds().map(s -> Duration.ofSeconds(s))
            .getOrElse(config.downscaleWindow());
    }

    private static Seq<HpaMemory.Recommendation> store(Seq<HpaMemory.Recommendation> recommendations, int oldIndex,
                                                       HpaMemory.Recommendation recommendation) {
        // kept in an Array: a reconcile reads every recommendation, for every model every period, and an Array's
        // references lie side by side where a List's cells are scattered over the heap
        Seq<HpaMemory.Recommendation> stored = recommendations instanceof Array<HpaMemory.Recommendation> array
            ? array : Array.ofAll(recommendations);
        return oldIndex >= 0 ? stored.update(oldIndex, recommendation) : stored.append(recommendation);
    }

    private static String kind(MetricSpec spec) {
        return spec instanceof MetricSpec.ObjectMetric ? "Object"
            : spec instanceof MetricSpec.ExternalMetric ? "External"
            : spec instanceof MetricSpec.PodsMetric ? "Pods" : "Resource";
    }

    private static String withArticle(String kind) {
        return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static long saturatingSum(Seq<Long> values) {
        long sum = 0;
        for (long value : values) {
            long next = sum + value;
            if (((sum ^ next) & (value ^ next)) < 0) {
                return value > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
            sum = next;
        }
        return sum;
    }

    private static int saturate(double value) {
        return value >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, value);
    }
}
