package io.modelscale.simulation.engine;

import io.modelscale.control.ControlResult;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.server.Server;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.simulation.report.Metric;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.report.TimelineRow;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * What a run counts: cost in server replica-hours, the control loop's decisions (scale-ups, scale-downs, refusals,
 * flip-flops), time spent ScheduleFailed, the packing gap, and one timeline row per stats period. Everything but the
 * timeline counts from the end of the warm-up only.
 */
final class Metrics {

    private final long periodMicros;
    private final long flipFlopMicros;
    /* Each model's outstanding requests per replica, sampled each period: exact below 256, two digits above. */
    private final IntCountsHistogram[] modelOutstanding;
    /** Each model's last placement failure, described only if the report names it. */
    private final Map<io.modelscale.core.model.ModelName, io.modelscale.placement.ScheduleFailure> scheduleFailure =
        new HashMap<>();
    /* Samples of zero outstanding, counted apart and added when the report is made: most models are idle. */
    private final long[] modelIdleSamples;
    private final double[] modelScheduleFailed;
    /** Of that, the seconds in which some replica of the model served. */
    private final double[] modelServingWhileFailed;
    private final long measureFrom;
    private final long end;
    private final Map<String, long[]> lastDirection = new HashMap<>();
    private final ArrayList<TimelineRow> timeline = new ArrayList<>();
    private final ArrayList<io.modelscale.simulation.report.DecisionRow> decisions = new ArrayList<>();
    private double podMicros;
    private long lastCostTime;
    private double scheduleFailedSeconds;
    private long modelUps;
    private long modelDowns;
    private long serverUps;
    private long serverDowns;
    private long flipFlops;
    private long refusedScaleDowns;
    private long replicaFailures;
    private double gapSum;
    private long gapSamples;
    private Cluster gapCountedFor;
    /* Each server's problem at the last count of the packing gap, and its lower bound. */
    private final java.util.Map<io.modelscale.core.server.ServerName, Bound> bounds = new java.util.HashMap<>();

    private record Bound(PackingProblem problem, int value) {
    }
    private int lastGap;

    /**
     * @param models         how many models
     * @param period         the stats period
     * @param flipFlopWindow a reversal within this time is a flip-flop
     * @param measureFrom    the end of the warm-up, microseconds from the start
     * @param end            the end of the run, microseconds from the start
     */
    Metrics(int models, Duration period, Duration flipFlopWindow, long measureFrom, long end) {
        this.measureFrom = measureFrom;
        this.end = end;
        this.modelScheduleFailed = new double[models];
        this.modelServingWhileFailed = new double[models];
        this.periodMicros = period.toNanos() / 1_000L;
        this.flipFlopMicros = flipFlopWindow.toNanos() / 1_000L;
        this.modelOutstanding = new IntCountsHistogram[models];
        this.modelIdleSamples = new long[models];
        for (int m = 0; m < models; m++) {
            modelOutstanding[m] = new IntCountsHistogram(2);
            modelOutstanding[m].setAutoResize(true);
        }
    }

    /** Time passes to {@code micros} with {@code pods} server replicas running or starting. */
    void advance(long micros, int pods) {
        if (micros > lastCostTime) {
            long from = Math.max(lastCostTime, measureFrom);
            if (micros > from) {
                podMicros += (double) pods * (micros - from);
            }
            lastCostTime = micros;
        }
    }

    /** Counts what a control step decided at {@code micros}. */
    void record(ControlResult result, long micros, io.modelscale.control.Autoscaler autoscaler) {
        boolean measured = micros >= measureFrom;
        double seconds = micros / 1_000_000.0;
        // One pass in the order decided over what changed: a tick's model holds count for nothing here.
        for (io.modelscale.control.Decision any : result.changes()) {
            // why a placement failed, in warm-up too: a model may stay ScheduleFailed into the measured window
            if (any instanceof io.modelscale.control.Decision.Scheduling scheduling
                && scheduling.result().outcome() instanceof io.modelscale.placement.ScheduleOutcome.Failed failed) {
                scheduleFailure.put(failed.version().model(), failed.failure());
            }
            if (!measured) {
                continue;
            }
            if (any instanceof io.modelscale.control.Decision.ModelScaling model
                && model.decision() instanceof ModelScalingDecision.Scale scale) {
                decisions.add(new io.modelscale.simulation.report.DecisionRow(seconds, "model",
                    scale.version().model().value(), scale.from(), scale.to(),
                    autoscaler.modelPolicy(scale.version().model()).name(), scale.reason().getClass().getSimpleName(),
                    scale.reason().describe()));
                if (scale.up()) {
                    modelUps++;
                } else {
                    modelDowns++;
                }
                direction("model " + scale.version().model(), scale.to() - scale.from(), micros);
            } else if (any instanceof io.modelscale.control.Decision.ServerScaling server) {
                if (server.decision() instanceof ServerScalingDecision.Scale scale) {
                    decisions.add(new io.modelscale.simulation.report.DecisionRow(seconds, "server",
                        scale.server().value(), scale.from(), scale.to(),
                        autoscaler.serverPolicy(scale.server()).name(), scale.reason().getClass().getSimpleName(),
                        scale.reason().describe()));
                    if (scale.up()) {
                        serverUps++;
                    } else {
                        serverDowns++;
                    }
                    direction("server " + scale.server(), scale.to() - scale.from(), micros);
                } else if (((ServerScalingDecision.Hold) server.decision()).reason()
                    instanceof ServerHoldReason.Refused refused) {
                    refusedScaleDowns++;
                    io.modelscale.core.server.ServerName name = server.decision().server();
                    int expected = result.cluster().server(name).flatMap(s -> s.spec().expectedReplicas().count())
                        .getOrElse(refused.target());
                    decisions.add(new io.modelscale.simulation.report.DecisionRow(seconds, "server", name.value(),
                        expected, refused.target(), autoscaler.serverPolicy(name).name(), "Refused",
                        refused.describe()));
                }
            }
        }
    }

    void replicaFailed(long micros) {
        if (micros >= measureFrom) {
            replicaFailures++;
        }
    }

    /** One timeline row at the end of a stats period. */
    /** The snapshot {@link #lastDesired} and {@link #scheduleFailed} were counted on. */
    private Cluster modelsCountedFor;
    private int lastDesired;
    private int[] scheduleFailed = new int[0];

    void sample(long micros, Cluster cluster, Serving serving, int pods) {
        double measuredSeconds = Math.max(0, micros - Math.max(measureFrom, micros - periodMicros)) / 1_000_000.0;
        long inFlight = 0;
        long maxOutstanding = 0;
        int desired = 0;
        int servingReplicas = 0;
        long arrivals = 0;
        for (int m = 0; m < serving.models(); m++) {
            inFlight += serving.outstanding(m);
            int replicas = serving.servingReplicas(m);
            servingReplicas += replicas;
            long perReplica = serving.mostOnOneReplica(m);
            maxOutstanding = Math.max(maxOutstanding, perReplica);
            if (perReplica == 0) {
                modelIdleSamples[m]++;
            } else {
                modelOutstanding[m].recordValue(perReplica);
            }
            arrivals += serving.arrivalsInPeriod(m);
        }
        if (cluster != modelsCountedFor) {
            // the same snapshot as last period (nothing scaled, placed or reported) has the same counts
            int counted = 0;
            java.util.ArrayList<Integer> failed = new java.util.ArrayList<>();
            for (io.vavr.Tuple2<io.modelscale.core.model.ModelName, Model> entry : cluster.models()) {
                Model model = entry._2;
                int m = serving.indexOf(model.name());
                if (m < 0) {
                    continue;
                }
                counted += model.latest().spec().scaling().replicas();
                if (model.latest().status().state() == ModelState.SCHEDULE_FAILED) {
                    failed.add(m);
                }
            }
            lastDesired = counted;
            scheduleFailed = failed.stream().mapToInt(Integer::intValue).toArray();
            modelsCountedFor = cluster;
        }
        desired = lastDesired;
        for (int m : scheduleFailed) {
            scheduleFailedSeconds += measuredSeconds;
            modelScheduleFailed[m] += measuredSeconds;
            if (serving.servingReplicas(m) > 0) {
                modelServingWhileFailed[m] += measuredSeconds;
            }
        }
        if (cluster != gapCountedFor) {
            int gap = 0;
            for (Server server : cluster.servers().values()) {
                // a server whose models and replicas are the very values of the last count keeps its bound
                Bound known = bounds.get(server.name());
                if (known == null || !known.problem().sameAs(cluster, true)) {
                    PackingProblem problem = PackingProblem.of(cluster, server.name()).get();
                    known = new Bound(problem, LowerBounds.of(problem).value());
                    bounds.put(server.name(), known);
                }
                gap += Math.max(0, server.replicas().size() - Math.max(1, known.value()));
            }
            if (bounds.size() > cluster.servers().size()) {
                bounds.keySet().removeIf(name -> cluster.server(name).isEmpty());
            }
            lastGap = gap;
            gapCountedFor = cluster;
        }
        if (measuredSeconds > 0) {
            gapSum += lastGap;
            gapSamples++;
        }
        timeline.add(new TimelineRow(micros / 1_000_000L, arrivals / (periodMicros / 1_000_000.0), inFlight, desired,
            servingReplicas, pods, lastGap, maxOutstanding));
    }

    /** The report of the run, after {@link Serving#close}. */
    Report report(String scenario, String preset, long seed, Serving serving, Seq<String> setup) {
        Histogram waits = serving.waits();
        long arrivals = serving.arrivals();
        long neverServed = serving.queuedAtEnd();
        long late = arrivals - serving.metSlo() - neverServed;
        double seconds = (end - measureFrom) / 1_000_000.0;
        String window = " arrived after the warm-up";
        List<Metric> metrics = List.of(
            new Metric("requests", arrivals, "requests", "every request that" + window + ", served or not"),
            new Metric("SLO attainment", arrivals == 0 ? Double.NaN : 100.0 * serving.metSlo() / arrivals, "%",
                "the share of requests that started service within the SLO of arriving; a request never served is a"
                    + " miss; n/a without requests"),
            new Metric("goodput", seconds == 0 ? 0 : serving.goodput() / seconds, "requests/s",
                "requests that started within the SLO and finished, per second after the warm-up"),
            new Metric("started late", late, "requests", "requests that started service after waiting longer than the"
                + " SLO"),
            new Metric("never served", neverServed, "requests", "requests still queued when the run ended, never"
                + " started: misses, counted in the waits at their wait so far"),
            new Metric("mean wait", waits.getTotalCount() == 0 ? 0 : waits.getMean() / 1_000.0, "ms",
                "the mean time from arrival to start of service, over every request, never-served ones at their"
                    + " wait so far"),
            new Metric("p50 wait", Math.min(waits.getValueAtPercentile(50), serving.maxWait()) / 1_000.0, "ms",
                "the median of those waits"),
            new Metric("p99 wait", Math.min(waits.getValueAtPercentile(99), serving.maxWait()) / 1_000.0, "ms",
                "the 99th percentile of those waits"),
            new Metric("max wait", serving.maxWait() / 1_000.0, "ms", "the longest of those waits, exactly (the"
                + " percentiles are to three significant digits, and never above it)"),
            new Metric("server replica-hours", podMicros / 3_600_000_000.0, "replica-hours",
                "server replicas running or starting, summed over the time after the warm-up: the cost"),
            new Metric("ScheduleFailed time", scheduleFailedSeconds, "model-seconds",
                "time models spent unplaceable (ScheduleFailed), summed over models, sampled every stats period"),
            new Metric("model scale-ups", modelUps, "events", "decisions to add model replicas"),
            new Metric("model scale-downs", modelDowns, "events", "decisions to remove model replicas"),
            new Metric("server scale-ups", serverUps, "events", "decisions to add server replicas"),
            new Metric("server scale-downs", serverDowns, "events", "decisions to remove server replicas"),
            new Metric("refused scale-downs", refusedScaleDowns, "events",
                "server scale-downs held back because the models would not fit on fewer replicas"),
            new Metric("replica failures", replicaFailures, "events", "server replicas that failed and restarted"),
            new Metric("flip-flops", flipFlops, "events",
                "a model or server scaled the other way within the flip-flop window of its last scale"),
            new Metric("mean packing gap", gapSamples == 0 ? 0 : gapSum / gapSamples, "replicas",
                "server replicas above the lower bound of what their models need, summed over servers, averaged over"
                    + " stats periods"));
        if (serving.evicting()) {
            metrics = metrics.appendAll(List.of(
                new Metric("evictions", serving.evictions(), "events", "models evicted from a server replica's memory"
                    + " to make room for another (the warm-up's included)"),
                new Metric("reloads", serving.reloads(), "events", "evicted models loaded again because a request was"
                    + " sent to them (the warm-up's included)"),
                new Metric("waited for a reload", serving.waitedForReload(), "requests", "requests sent to an"
                    + " evicted model, that waited for it to load again")));
        }
        java.util.List<Report.ModelRow> rows = new ArrayList<>();
        for (int m = 0; m < serving.models(); m++) {
            if (modelIdleSamples[m] > 0) {
                modelOutstanding[m].recordValueWithCount(0, modelIdleSamples[m]);
                modelIdleSamples[m] = 0;
            }
            org.HdrHistogram.AbstractHistogram model = serving.waits(m);
            long requests = serving.arrivals(m);
            rows.add(new Report.ModelRow(serving.name(m).value(), requests,
                requests == 0 ? Double.NaN : 100.0 * serving.metSlo(m) / requests,
                Math.min(model.getValueAtPercentile(50), serving.maxWait(m)) / 1_000.0,
                Math.min(model.getValueAtPercentile(99), serving.maxWait(m)) / 1_000.0,
                serving.maxWait(m) / 1_000.0, modelOutstanding[m].getValueAtPercentile(50),
                modelOutstanding[m].getValueAtPercentile(99), modelScheduleFailed[m], modelServingWhileFailed[m],
                modelScheduleFailed[m] > 0 && scheduleFailure.containsKey(serving.name(m))
                    ? scheduleFailure.get(serving.name(m)).describe() : ""));
        }
        return new Report(scenario, preset, seed, metrics, List.ofAll(rows), List.ofAll(timeline), setup,
            List.ofAll(serving.windows()), List.ofAll(decisions));
    }

    private void direction(String subject, int change, long micros) {
        long sign = Integer.signum(change);
        long[] last = lastDirection.get(subject);
        if (last != null && last[0] != sign && micros - last[1] < flipFlopMicros && micros >= measureFrom) {
            flipFlops++;
        }
        lastDirection.put(subject, new long[] {sign, micros});
    }
}
