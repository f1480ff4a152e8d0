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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a run counts: cost in server replica-hours, the control loop's decisions (scale-ups, scale-downs, refusals,
 * flip-flops), time spent ScheduleFailed, the packing gap, and one timeline row per stats period.
 */
final class Metrics {

    private final long periodMicros;
    private final long flipFlopMicros;
    private final Histogram[] modelOutstanding;
    private final Map<String, long[]> lastDirection = new HashMap<>();
    private final ArrayList<TimelineRow> timeline = new ArrayList<>();
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
    private int lastGap;

    Metrics(int models, Duration period, Duration flipFlopWindow) {
        this.periodMicros = period.toNanos() / 1_000L;
        this.flipFlopMicros = flipFlopWindow.toNanos() / 1_000L;
        this.modelOutstanding = new Histogram[models];
        for (int m = 0; m < models; m++) {
            modelOutstanding[m] = new Histogram(100_000_000L, 2);
        }
    }

    /** Time passes to {@code micros} with {@code pods} server replicas running or starting. */
    void advance(long micros, int pods) {
        if (micros > lastCostTime) {
            podMicros += (double) pods * (micros - lastCostTime);
            lastCostTime = micros;
        }
    }

    /** Counts what a control step decided at {@code micros}. */
    void record(ControlResult result, long micros) {
        for (ModelScalingDecision decision : result.modelDecisions()) {
            if (decision instanceof ModelScalingDecision.Scale scale) {
                if (scale.up()) {
                    modelUps++;
                } else {
                    modelDowns++;
                }
                direction("model " + scale.version().model(), scale.to() - scale.from(), micros);
            }
        }
        for (ServerScalingDecision decision : result.serverDecisions()) {
            if (decision instanceof ServerScalingDecision.Scale scale) {
                if (scale.up()) {
                    serverUps++;
                } else {
                    serverDowns++;
                }
                direction("server " + scale.server(), scale.to() - scale.from(), micros);
            } else if (((ServerScalingDecision.Hold) decision).reason() instanceof ServerHoldReason.Refused) {
                refusedScaleDowns++;
            }
        }
    }

    void replicaFailed() {
        replicaFailures++;
    }

    /** One timeline row at the end of a stats period. */
    void sample(long micros, Cluster cluster, Serving serving, int pods) {
        long inFlight = 0;
        long maxOutstanding = 0;
        int desired = 0;
        int servingReplicas = 0;
        long arrivals = 0;
        for (int m = 0; m < serving.models(); m++) {
            inFlight += serving.outstanding(m);
            int replicas = serving.servingReplicas(m);
            servingReplicas += replicas;
            long perReplica = (serving.outstanding(m) + Math.max(1, replicas) - 1) / Math.max(1, replicas);
            maxOutstanding = Math.max(maxOutstanding, perReplica);
            modelOutstanding[m].recordValue(Math.min(perReplica, modelOutstanding[m].getHighestTrackableValue()));
            Model model = cluster.model(serving.name(m)).get();
            desired += model.latest().spec().scaling().replicas();
            if (model.latest().status().state() == ModelState.SCHEDULE_FAILED) {
                scheduleFailedSeconds += periodMicros / 1_000_000.0;
            }
            arrivals += serving.arrivalsInPeriod(m);
        }
        if (cluster != gapCountedFor) {
            int gap = 0;
            for (Server server : cluster.servers().values()) {
                LowerBounds bounds = LowerBounds.of(PackingProblem.of(cluster, server.name()).get());
                gap += Math.max(0, server.replicas().size() - Math.max(1, bounds.value()));
            }
            lastGap = gap;
            gapCountedFor = cluster;
        }
        gapSum += lastGap;
        gapSamples++;
        timeline.add(new TimelineRow(micros / 1_000_000L, arrivals / (periodMicros / 1_000_000.0), inFlight, desired,
            servingReplicas, pods, lastGap, maxOutstanding));
    }

    /** The report of the run. */
    Report report(String scenario, String preset, long seed, Serving serving) {
        Histogram waits = serving.waits();
        long arrivals = serving.arrivals();
        List<Metric> metrics = List.of(
            new Metric("server replica-hours", podMicros / 3_600_000_000.0, "replica-hours"),
            new Metric("requests", arrivals, "requests"),
            new Metric("served", serving.served(), "requests"),
            new Metric("unserved at end", serving.unserved(), "requests"),
            new Metric("mean wait", waits.getTotalCount() == 0 ? 0 : waits.getMean() / 1_000.0, "ms"),
            new Metric("p50 wait", waits.getValueAtPercentile(50) / 1_000.0, "ms"),
            new Metric("p99 wait", waits.getValueAtPercentile(99) / 1_000.0, "ms"),
            new Metric("max wait", waits.getMaxValue() / 1_000.0, "ms"),
            new Metric("waits over SLO", arrivals == 0 ? 0 : 100.0 * serving.late() / arrivals, "%"),
            new Metric("ScheduleFailed time", scheduleFailedSeconds, "model-seconds"),
            new Metric("model scale-ups", modelUps, "events"),
            new Metric("model scale-downs", modelDowns, "events"),
            new Metric("server scale-ups", serverUps, "events"),
            new Metric("server scale-downs", serverDowns, "events"),
            new Metric("refused scale-downs", refusedScaleDowns, "events"),
            new Metric("replica failures", replicaFailures, "events"),
            new Metric("flip-flops", flipFlops, "events"),
            new Metric("mean packing gap", gapSamples == 0 ? 0 : gapSum / gapSamples, "replicas"));
        java.util.List<Report.ModelRow> rows = new ArrayList<>();
        for (int m = 0; m < serving.models(); m++) {
            Histogram model = serving.waits(m);
            rows.add(new Report.ModelRow(serving.name(m).value(), model.getTotalCount(),
                model.getValueAtPercentile(50) / 1_000.0, model.getValueAtPercentile(99) / 1_000.0,
                model.getMaxValue() / 1_000.0, modelOutstanding[m].getValueAtPercentile(50),
                modelOutstanding[m].getValueAtPercentile(99)));
        }
        return new Report(scenario, preset, seed, metrics, List.ofAll(rows), List.ofAll(timeline));
    }

    private void direction(String subject, int change, long micros) {
        long sign = Integer.signum(change);
        long[] last = lastDirection.get(subject);
        if (last != null && last[0] != sign && micros - last[1] < flipFlopMicros) {
            flipFlops++;
        }
        lastDirection.put(subject, new long[] {sign, micros});
    }
}
