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
    private long arrivals;
    private long served;
    private long late;

    Serving(ModelName[] names, int concurrency, Duration slo) {
        this.models = names.length;
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
        arrivals++;
        arrivalsInPeriod[m]++;
        lastArrival[m] = now;
        if (inService[m] < servingReplicas[m] * concurrency) {
            start(m, now, service, now, queue);
        } else {
            enqueue(m, now, service);
        }
    }

    /** A request finishes; the next queued one starts. */
    void complete(int m, long service, long now, EventQueue queue) {
        inService[m]--;
        served++;
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

    long arrivals() {
        return arrivals;
    }

    long served() {
        return served;
    }

    long late() {
        return late;
    }

    /** Requests that arrived but were not served: still in service or queued. */
    long unserved() {
        long unserved = 0;
        for (int m = 0; m < models; m++) {
            unserved += outstanding(m);
        }
        return unserved;
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
        waits.recordValue(Math.min(wait, waits.getHighestTrackableValue()));
        modelWaits[m].recordValue(Math.min(wait, modelWaits[m].getHighestTrackableValue()));
        if (wait > sloMicros) {
            late++;
        }
        queue.schedule(now + service, new SimEvent.Completion(m, service));
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
