package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The serving side of a run: per model, the requests in service and a first-in first-out queue, served up to the
 * model's capacity (its serving replicas times the concurrency per replica), with the waiting times recorded and
 * the signals a control plane reads every stats period.
 *
 * <p>Every request that arrives in the measured window (from the warm-up's end) is counted: it meets the SLO when it
 * starts service within the SLO of its arrival; one still queued when the run ends misses it, and its wait so far goes
 * into the wait distributions ({@link #close}), so a model that never serves shows its requests' waits rather than
 * none.
 */
final class Serving {

    private final int models;
    private final ModelName[] names;
    private final Map<ModelName, Integer> index = new HashMap<>();
    private final int concurrency;
    private final long sloMicros;
    private final long[][] queueArrival;
    private final long[][] queueService;
    private final int[] queueHead;
    private final int[] queueSize;
    private final int[] inService;
    private final int[] servingReplicas;
    private final long[] arrivalsInPeriod;
    private final long[] fewestInPeriod;
    private final long[] serviceInPeriod;
    private final long[] completedInPeriod;
    private final long[] lastArrival;
    private final Histogram waits = new Histogram(3_600_000_000L * 24, 3);
    private final Histogram[] modelWaits;
    private final long[] modelArrivals;
    private final long[] modelMet;
    private final long measureFrom;
    private final long windowMicros;
    private final long[] windowArrivals;
    private final long[] windowMet;
    private final org.HdrHistogram.IntCountsHistogram[] windowWaits;
    private long arrivals;
    private long served;
    private long met;
    private long good;
    private long closedQueued;
    private boolean closed;

    /**
     * @param names       the models, by index
     * @param concurrency requests one replica serves at once
     * @param slo         the longest wait that meets the SLO
     * @param measureFrom requests that arrive before this time (microseconds from the start) are served but not
     *                    counted
     * @param window      the length of one window of the over-time figures ({@link #windows})
     * @param end         the end of the run, microseconds from the start
     */
    Serving(ModelName[] names, int concurrency, Duration slo, long measureFrom, long window, long end) {
        this.models = names.length;
        this.measureFrom = measureFrom;
        this.windowMicros = window;
        int windows = (int) Math.max(1, (end + window - 1) / window);
        this.windowArrivals = new long[windows];
        this.windowMet = new long[windows];
        this.windowWaits = new org.HdrHistogram.IntCountsHistogram[windows];
        this.modelArrivals = new long[models];
        this.modelMet = new long[models];
        this.names = names.clone();
        this.concurrency = concurrency;
        this.sloMicros = slo.toNanos() / 1_000L;
        for (int m = 0; m < models; m++) {
            index.put(names[m], m);
        }
        this.queueArrival = new long[models][16];
        this.queueService = new long[models][16];
        this.queueHead = new int[models];
        this.queueSize = new int[models];
        this.inService = new int[models];
        this.servingReplicas = new int[models];
        this.arrivalsInPeriod = new long[models];
        this.fewestInPeriod = new long[models];
        this.serviceInPeriod = new long[models];
        this.completedInPeriod = new long[models];
        this.lastArrival = new long[models];
        this.modelWaits = new Histogram[models];
        for (int m = 0; m < models; m++) {
            modelWaits[m] = new Histogram(3_600_000_000L * 24, 2);
        }
    }

    /** The model's index, if it is one of the scenario's. */
    Option<Integer> index(ModelName model) {
        return Option.of(index.get(model));
    }

    /** A request arrives; it starts at once if the model has a free slot. */
    void arrive(int m, long service, long now, EventQueue queue) {
        if (now >= measureFrom) {
            arrivals++;
            modelArrivals[m]++;
            windowArrivals[window(now)]++;
        }
        arrivalsInPeriod[m]++;
        lastArrival[m] = now;
        if (inService[m] < servingReplicas[m] * concurrency) {
            start(m, now, service, now, queue);
        } else {
            enqueue(m, now, service);
        }
    }

    /** A request finishes; the next queued one starts. */
    void complete(int m, long service, boolean onTime, long now, EventQueue queue) {
        inService[m]--;
        served++;
        if (onTime) {
            good++;
        }
        serviceInPeriod[m] += service;
        completedInPeriod[m]++;
        fewestInPeriod[m] = Math.min(fewestInPeriod[m], outstanding(m));
        drain(m, now, queue);
    }

    /** The model now has {@code replicas} replicas requests can reach; queued requests start if there is room. */
    void setServingReplicas(int m, int replicas, long now, EventQueue queue) {
        servingReplicas[m] = replicas;
        drain(m, now, queue);
    }

    /**
     * The signals of the period that ends now, as a snapshot the control step may read while this object goes on.
     * A model's last request counts from the start of the run, as a Seldon agent counts last use from the load.
     */
    Signals signals(Instant start, Duration period) {
        double seconds = period.toNanos() / 1e9;
        ModelSignals[] snapshot = new ModelSignals[models];
        for (int m = 0; m < models; m++) {
            long count = completedInPeriod[m];
            snapshot[m] = new ModelSignals(inService[m], queueSize[m], Math.min(fewestInPeriod[m], outstanding(m)),
                arrivalsInPeriod[m] / seconds, count == 0 ? Option.none()
                    : Option.some(Duration.ofNanos(serviceInPeriod[m] / count * 1_000L)),
                Option.some(start.plusNanos(lastArrival[m] * 1_000L)), concurrency);
        }
        Map<ModelName, Integer> lookup = index;
        return model -> {
            Integer m = lookup.get(model);
            return m == null ? ModelSignals.idle() : snapshot[m];
        };
    }

    /** Starts a new stats period. */
    void newPeriod() {
        for (int m = 0; m < models; m++) {
            arrivalsInPeriod[m] = 0;
            serviceInPeriod[m] = 0;
            completedInPeriod[m] = 0;
            fewestInPeriod[m] = outstanding(m);
        }
    }

    int models() {
        return models;
    }

    ModelName name(int m) {
        return names[m];
    }

    long outstanding(int m) {
        return inService[m] + queueSize[m];
    }

    int servingReplicas(int m) {
        return servingReplicas[m];
    }

    long arrivalsInPeriod(int m) {
        return arrivalsInPeriod[m];
    }

    /** Requests that arrived in the measured window. */
    long arrivals() {
        return arrivals;
    }

    /** The model's requests that arrived in the measured window. */
    long arrivals(int m) {
        return modelArrivals[m];
    }

    /** Requests that finished service (the warm-up's included). */
    long served() {
        return served;
    }

    /** Measured requests that started service within the SLO. */
    long metSlo() {
        return met;
    }

    /** The model's measured requests that started service within the SLO. */
    long metSlo(int m) {
        return modelMet[m];
    }

    /** Measured requests that started within the SLO and finished service. */
    long goodput() {
        return good;
    }

    /** Measured requests still queued, never started, when the run ended. */
    long queuedAtEnd() {
        return closedQueued;
    }

    /** Requests still in service when the run ended. */
    long inServiceAtEnd() {
        long count = 0;
        for (int m = 0; m < models; m++) {
            count += inService[m];
        }
        return count;
    }

    /**
     * The run ends at {@code now}: each measured request still queued goes into the wait distributions at its wait so
     * far, a miss. Called once; the queues are left as they are.
     */
    void close(long now) {
        if (closed) {
            throw new IllegalStateException("the run is already closed");
        }
        closed = true;
        for (int m = 0; m < models; m++) {
            for (int i = 0; i < queueSize[m]; i++) {
                long arrival = queueArrival[m][(queueHead[m] + i) % queueArrival[m].length];
                if (arrival >= measureFrom) {
                    closedQueued++;
                    record(m, now - arrival, arrival);
                }
            }
        }
    }

    Histogram waits() {
        return waits;
    }

    Histogram waits(int m) {
        return modelWaits[m];
    }

    private void start(int m, long arrival, long service, long now, EventQueue queue) {
        inService[m]++;
        long wait = now - arrival;
        boolean onTime = false;
        if (arrival >= measureFrom) {
            record(m, wait, arrival);
            onTime = wait <= sloMicros;
            if (onTime) {
                met++;
                modelMet[m]++;
                windowMet[window(arrival)]++;
            }
        }
        queue.schedule(now + service, new SimEvent.Completion(m, service, onTime));
    }

    private void record(int m, long wait, long arrival) {
        waits.recordValue(Math.min(wait, waits.getHighestTrackableValue()));
        modelWaits[m].recordValue(Math.min(wait, modelWaits[m].getHighestTrackableValue()));
        int w = window(arrival);
        if (windowWaits[w] == null) {
            windowWaits[w] = new org.HdrHistogram.IntCountsHistogram(1_000L * 3_600 * 24 * 366, 2);
        }
        windowWaits[w].recordValue(Math.min(wait / 1_000, windowWaits[w].getHighestTrackableValue()));
    }

    private int window(long micros) {
        return (int) Math.min(windowArrivals.length - 1, micros / windowMicros);
    }

    /**
     * The requests of each window by arrival time, after {@link #close}: how many arrived (in the measured window),
     * the share that started within the SLO (never-served ones are misses), and their 99th percentile wait (never-served
     * ones at their wait so far). Windows before the warm-up's end, or without requests, have none.
     */
    java.util.List<io.modelscale.simulation.report.WindowRow> windows() {
        java.util.List<io.modelscale.simulation.report.WindowRow> rows = new java.util.ArrayList<>();
        for (int w = 0; w < windowArrivals.length; w++) {
            long count = windowArrivals[w];
            rows.add(new io.modelscale.simulation.report.WindowRow(w * windowMicros / 1_000_000L,
                (w + 1) * windowMicros / 1_000_000L, count, count == 0 ? Double.NaN : 100.0 * windowMet[w] / count,
                windowWaits[w] == null ? Double.NaN : windowWaits[w].getValueAtPercentile(99)));
        }
        return rows;
    }

    private void drain(int m, long now, EventQueue queue) {
        while (queueSize[m] > 0 && inService[m] < servingReplicas[m] * concurrency) {
            int at = queueHead[m];
            long arrival = queueArrival[m][at];
            long service = queueService[m][at];
            queueHead[m] = (at + 1) % queueArrival[m].length;
            queueSize[m]--;
            start(m, arrival, service, now, queue);
        }
    }

    private void enqueue(int m, long arrival, long service) {
        if (queueSize[m] == queueArrival[m].length) {
            int length = queueArrival[m].length;
            long[] arrivalsCopy = new long[length * 2];
            long[] servicesCopy = new long[length * 2];
            for (int i = 0; i < length; i++) {
                arrivalsCopy[i] = queueArrival[m][(queueHead[m] + i) % length];
                servicesCopy[i] = queueService[m][(queueHead[m] + i) % length];
            }
            queueArrival[m] = arrivalsCopy;
            queueService[m] = servicesCopy;
            queueHead[m] = 0;
        }
        int tail = (queueHead[m] + queueSize[m]) % queueArrival[m].length;
        queueArrival[m][tail] = arrival;
        queueService[m][tail] = service;
        queueSize[m]++;
    }
}
