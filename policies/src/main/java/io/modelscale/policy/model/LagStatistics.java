package io.modelscale.policy.model;

import io.modelscale.core.model.ModelVersionId;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * One agent's inference-lag statistics, as an immutable value ({@code shared/spec/seldon-core-2.md} §2.1).
 *
 * <p>Per model version: the lag, the number of requests in flight (a request starting adds one, one ending takes
 * one away, never below zero), and the last time it was used, in whole seconds. {@link #evaluate} runs every
 * {@link LagSettings#statsPeriod()}: each enabled version whose lag is at or above the threshold gives a
 * scale-up trigger and its lag is reset to zero; then each enabled version idle for at least the inactive threshold
 * gives a scale-down trigger, again on every evaluation while it stays idle. A version added with {@link #add}
 * starts with lag 1, as Seldon's does, and it stays until a scale-up resets it.
 *
 * @param lags     in-flight requests per version
 * @param lastUsed last use per version, whole seconds
 * @param enabled  versions that autoscale: only they produce triggers
 */
public record LagStatistics(
    SortedMap<ModelVersionId, Long> lags,
    SortedMap<ModelVersionId, Instant> lastUsed,
    SortedSet<ModelVersionId> enabled) {

    public LagStatistics {
        Objects.requireNonNull(lags, "lags");
        Objects.requireNonNull(lastUsed, "lastUsed");
        Objects.requireNonNull(enabled, "enabled");
    }

    /** No statistics. */
    public static LagStatistics empty() {
        return new LagStatistics(TreeMap.empty(), TreeMap.empty(), TreeSet.empty());
    }

    /** The version is loaded with autoscaling on: enabled, lag 1, last used now. */
    public LagStatistics add(ModelVersionId version, Instant now) {
        return new LagStatistics(lags.put(version, lag(version).getOrElse(0L) + 1),
            lastUsed.put(version, seconds(now)), enabled.add(version));
    }

    /** The version is unloaded: its statistics are dropped. */
    public LagStatistics remove(ModelVersionId version) {
        return new LagStatistics(lags.remove(version), lastUsed.remove(version), enabled.remove(version));
    }

    /** A request starts: lag plus one, last used now. */
    public LagStatistics requestStarted(ModelVersionId version, Instant now) {
        return new LagStatistics(lags.put(version, lag(version).getOrElse(0L) + 1),
            lastUsed.put(version, seconds(now)), enabled);
    }

    /** A request ends: lag minus one, never below zero. */
    public LagStatistics requestEnded(ModelVersionId version) {
        return new LagStatistics(lags.put(version, Math.max(0, lag(version).getOrElse(0L) - 1)), lastUsed, enabled);
    }

    /** The lag is reset to zero. */
    public LagStatistics resetLag(ModelVersionId version) {
        return new LagStatistics(lags.put(version, 0L), lastUsed, enabled);
    }

    /** The version's lag, if it is tracked. */
    public Option<Long> lag(ModelVersionId version) {
        return lags.get(version);
    }

    /** The version's last use, if it is tracked. */
    public Option<Instant> lastUse(ModelVersionId version) {
        return lastUsed.get(version);
    }

    /**
     * Every tracked version whose lag is at or above {@code threshold}, with its lag; with {@code reset}, their lags
     * become zero in the returned statistics.
     */
    public Found<Long> lagging(long threshold, boolean reset) {
        SortedMap<ModelVersionId, Long> over = lags.filterValues(lag -> lag >= threshold);
        SortedMap<ModelVersionId, Long> after = reset ? lags.map((k, v) -> new Tuple2<>(k, over.containsKey(k) ? 0L : v))
            : lags;
        return new Found<>(new LagStatistics(after, lastUsed, enabled), over);
    }

    /**
     * Every tracked version last used at least {@code threshold} seconds before {@code now} (whole seconds), with its
     * last use; with {@code reset}, they are forgotten in the returned statistics.
     */
    public Found<Instant> idle(long thresholdSeconds, Instant now, boolean reset) {
        Instant cutOff = seconds(now).minusSeconds(thresholdSeconds);
        SortedMap<ModelVersionId, Instant> cold = lastUsed.filterValues(t -> !t.isAfter(cutOff));
        SortedMap<ModelVersionId, Instant> after = reset ? lastUsed.removeAll(cold.keySet()) : lastUsed;
        return new Found<>(new LagStatistics(lags, after, enabled), cold);
    }

    /**
     * One evaluation of the statistics: lag first (reset on trigger), then inactivity (not reset), each only for
     * enabled versions, in version order.
     *
     * @return the statistics after the evaluation, and the triggers it produced
     */
    public Evaluation evaluate(LagSettings settings, Instant now) {
        Found<Long> lagged = lagging(settings.lagThreshold(), true);
        Found<Instant> idled = lagged.statistics().idle(settings.inactiveThreshold().getSeconds(), now, false);
        Seq<ScalingTrigger> triggers = List.<ScalingTrigger>empty()
            .appendAll(lagged.found().filterKeys(enabled::contains).map(e ->
                new ScalingTrigger(e._1, ScalingTrigger.Direction.UP, e._2)))
            .appendAll(idled.found().filterKeys(enabled::contains).map(e ->
                new ScalingTrigger(e._1, ScalingTrigger.Direction.DOWN, e._2.getEpochSecond())));
        return new Evaluation(idled.statistics(), triggers);
    }

    /**
     * The versions a query found, with the statistics after it.
     *
     * @param statistics the statistics after the query (reset where asked)
     * @param found      each version found, with the value that made it qualify
     * @param <T>        the value: a lag or a last use
     */
    public record Found<T>(LagStatistics statistics, SortedMap<ModelVersionId, T> found) {
        public Found {
            Objects.requireNonNull(statistics, "statistics");
            Objects.requireNonNull(found, "found");
        }
    }

    /**
     * One evaluation's outcome.
     *
     * @param statistics the statistics after it
     * @param triggers   the triggers it produced, scale-ups first
     */
    public record Evaluation(LagStatistics statistics, Seq<ScalingTrigger> triggers) {
        public Evaluation {
            Objects.requireNonNull(statistics, "statistics");
            Objects.requireNonNull(triggers, "triggers");
        }
    }

    private static Instant seconds(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }
}
