package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.ReplicaOutstanding;
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
 * <p>Under a {@link ServingModel} with per-replica routing, each request goes on arrival to one serving replica of
 * its model and waits in that replica's queue, and the requests in service on one server replica share its speed
 * (processor sharing: each server replica keeps a virtual clock that advances at the speed of one of its requests,
 * and a request finishes when the clock has advanced by its service time since it started). With eviction, a
 * server replica holds only what its memory request can, least recently used models evicted first, and a request
 * sent to an evicted model waits for its reload. The signals then also say what each replica has outstanding, and,
 * once {@link #trackPerSecond()} is called, the mean outstanding requests of each second.
 *
 * <p>Every request that arrives in the measured window (from the warm-up's end) is counted: it meets the SLO when it
 * starts service within the SLO of its arrival; one still queued when the run ends misses it, and its wait so far goes
 * into the wait distributions ({@link #close}), so a model that never serves shows its requests' waits rather than
 * none.
 */
final class Serving {

    private final int models;
    private final ModelName[] names;
    /* The models in name order and their indexes: looked up by name, mostly in name order. */
    private final ModelName[] sortedNames;
    private final int[] sortedIndexes;
    private final int[] cursor = new int[1];
    private final int concurrency;
    /** The signals of the last period, by model index: a quiet model's are handed out again. */
    private ModelSignals[] lastSignals;
    /*
     * The models whose figures may differ from the last period's: those with an arrival, a finish or a change of
     * replicas in this period, and those carried over from the last (anything outstanding, or signals that were not
     * quiet). The others' period counters are already at their reset values and their signals are handed out again,
     * so a stats period costs in proportion to the models that did something, not to all of them.
     */
    private int[] touchedList;
    private int touchedCount;
    private final boolean[] touched;
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
    /*
     * Each model's waits with two significant digits (within 1 %) and 64-bit counts, created at the model's first wait
     * above zero and grown only as far as its longest wait (about 9 KB up to 16 ms, 16 KB up to 2 s, 32 KB up to the
     * 24 h cap the run's own waits have); waits of zero are counted apart and added when a model's waits are read.
     * The run's own waits keep three digits.
     */
    private final Histogram[] modelWaits;
    /* Waits of zero, counted apart: most requests start at once and touch no histogram. */
    private final long[] modelZeroWaits;
    /** The longest wait recorded, exactly: a histogram's largest bucket reaches past it. */
    private long maxWait;
    /** Each model's longest wait recorded, exactly. */
    private final long[] modelMaxWait;
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

    private final ServingModel model;
    /** {@link ServingModel#speed} for each number of requests in service below its length, worked out once. */
    private final double[] speeds;
    /** Requests waiting in a model replica's own queue (per-replica routing), per model. */
    private final int[] pairQueued;
    private final int[][] replicasOf;
    /** Each model's replicas as {@link #replicasOf} lists them. */
    private final Pair[][] pairsOf;
    private final int[] turn;
    private final Map<ServerReplicaKey, Integer> slotIndex = new HashMap<>();
    private final java.util.ArrayList<Slot> slots = new java.util.ArrayList<>();
    private final Map<Long, Pair> pairs = new HashMap<>();
    /*
     * Per-second averages of each model's outstanding requests over the current stats period (when tracked): the
     * request-microseconds in each second since the period began, when the count last changed, and whether anything
     * was outstanding in the period.
     */
    private boolean perSecond;
    private boolean[] tracked;
    private long periodStart;
    private long periodEnd;
    private double[][] secondArea;
    private long[] lastChange;
    private boolean[] busyInPeriod;
    private final Map<Integer, Option<io.vavr.collection.Seq<Double>>> idleSeconds = new HashMap<>();
    /**
     * Whether the next signals must be built for every model because a model began to be tracked per second (the
     * first signals, and a period of another length, whose idle window is another value, are rebuilt as well).
     */
    private boolean refreshAll = true;
    /** The idle per-second window the last signals handed out, or none. */
    private Option<io.vavr.collection.Seq<Double>> lastIdleWindow = Option.none();
    /** Under eviction: each model's reload time, as its last placement said. */
    private final long[] reloadMicros;
    private long evictions;
    private long reloads;
    private long waitedForReload;

    /** A server replica as the per-replica model sees it. */
    private record ServerReplicaKey(String server, int index) {
    }

    /**
     * One model replica: its requests in service and its own queue; under eviction, its memory and whether its model
     * is in the server replica's memory, or being loaded again until {@code reloadReady}.
     */
    private static final class Pair {
        final int model;
        final int slot;
        boolean serving;
        int inService;
        /* Its queue, created at its first wait, and its length, read without touching the queue. */
        private java.util.ArrayDeque<long[]> queue;
        int waiting;
        long bytes;
        boolean resident = true;
        long reloadReady = -1;
        long fewest;
        /* Its place in its server replica's memory, least recently used first (eviction). */
        boolean inMemory;
        Pair older;
        Pair newer;

        Pair(int model, int slot) {
            this.model = model;
            this.slot = slot;
        }

        long outstanding() {
            return inService + waiting;
        }

        /** A request ({@code {arrival, service}}) waits in its queue. */
        void enqueue(long[] request) {
            if (queue == null) {
                queue = new java.util.ArrayDeque<>();
            }
            queue.add(request);
            waiting++;
        }

        /** The request that waited longest leaves its queue; only when one waits. */
        long[] poll() {
            waiting--;
            return queue.poll();
        }

        /** The requests waiting, in arrival order; a view while nothing changes them. */
        java.util.Collection<long[]> queued() {
            return queue == null ? java.util.List.of() : queue;
        }

        /** Every waiting request leaves its queue. */
        void clearQueue() {
            if (queue != null) {
                queue.clear();
            }
            waiting = 0;
        }
    }

    /** How close to its finish (in microseconds of service) a request counts as done, against rounding. */
    private static final double DUE = 1e-3;

    /** Whether the request is done by the server replica's virtual clock, within {@link #DUE} of service time. */
    private static boolean done(Slot slot) {
        return (slot.jobs.firstFinish() - slot.virtual) / slot.speed <= DUE;
    }

    /**
     * One server replica: its virtual clock and the requests in service on it, soonest to finish first; under
     * eviction, its main memory and the models in it (or being loaded into it), least recently used first.
     */
    private static final class Slot {
        final io.modelscale.core.server.ServerReplicaId id;
        double virtual;
        /** The speed of each of its requests in service, as the serving model gives it for their number. */
        double speed = 1.0;
        long updated;
        /** When its pending completion (its one entry in the event queue) is due; {@code Long.MAX_VALUE} for none. */
        long pendingAt = Long.MAX_VALUE;
        long memory = Long.MAX_VALUE;
        long residentBytes;
        /* The model replicas in memory (or being loaded into it), least recently used first. */
        Pair eldest;
        Pair newest;

        void append(Pair pair) {
            pair.older = newest;
            pair.newer = null;
            if (newest == null) {
                eldest = pair;
            } else {
                newest.newer = pair;
            }
            newest = pair;
            pair.inMemory = true;
        }

        void unlink(Pair pair) {
            if (pair.older == null) {
                eldest = pair.newer;
            } else {
                pair.older.newer = pair.newer;
            }
            if (pair.newer == null) {
                newest = pair.older;
            } else {
                pair.newer.older = pair.older;
            }
            pair.older = null;
            pair.newer = null;
            pair.inMemory = false;
        }

        /** The pair is used now: it moves to the most recently used end. */
        void touch(Pair pair) {
            if (pair != newest) {
                unlink(pair);
                append(pair);
            }
        }

        Slot(io.modelscale.core.server.ServerReplicaId id) {
            this.id = id;
        }
        /** The requests in service, by the virtual time they finish, in the order they started among equals. */
        final Jobs<Pair> jobs = new Jobs<>();
    }

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
        this(names, concurrency, slo, measureFrom, window, end, ServingModel.simple());
    }

    /**
     * @param names       the models, by index
     * @param concurrency requests one replica serves at once
     * @param slo         the longest wait that meets the SLO
     * @param measureFrom requests that arrive before this time (microseconds from the start) are served but not
     *                    counted
     * @param window      the length of one window of the over-time figures ({@link #windows})
     * @param end         the end of the run, microseconds from the start
     * @param model       how requests are routed and share a server replica
     */
    Serving(ModelName[] names, int concurrency, Duration slo, long measureFrom, long window, long end,
            ServingModel model) {
        this.model = model;
        this.speeds = new double[SPEEDS_KEPT];
        for (int n = 0; n < SPEEDS_KEPT; n++) {
            speeds[n] = model.speed(n);
        }
        this.pairQueued = new int[names.length];
        this.replicasOf = new int[names.length][0];
        this.pairsOf = new Pair[names.length][0];
        this.turn = new int[names.length];
        this.reloadMicros = new long[names.length];
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
        Integer[] order = new Integer[models];
        for (int m = 0; m < models; m++) {
            order[m] = m;
        }
        java.util.Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
        this.sortedNames = new ModelName[models];
        this.sortedIndexes = new int[models];
        for (int i = 0; i < models; i++) {
            sortedNames[i] = names[order[i]];
            sortedIndexes[i] = order[i];
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
        this.touched = new boolean[models];
        this.touchedList = new int[Math.min(models, 1024)];
        this.modelWaits = new Histogram[models];
        this.modelZeroWaits = new long[models];
        this.modelMaxWait = new long[models];
    }

    /** The model's index, if it is one of the scenario's. */
    Option<Integer> index(ModelName model) {
        int m = indexOf(model);
        return m < 0 ? Option.none() : Option.some(m);
    }

    /** The model's index, or -1 when it is not one of the scenario's. */
    int indexOf(ModelName model) {
        return find(model, cursor, sortedNames, sortedIndexes);
    }

    /**
     * Looks {@code model} up among names in order, starting where the last look-up (kept in {@code at[0]}) ended:
     * callers walk models in name order, so the next name is usually the one after the last.
     */
    private static int find(ModelName model, int[] at, ModelName[] names, int[] indexes) {
        int last = at[0];
        if (last + 1 < names.length && (names[last + 1] == model || names[last + 1].equals(model))) {
            at[0] = last + 1;
            return indexes[last + 1];
        }
        if (last < names.length && names[last].equals(model)) {
            return indexes[last];
        }
        int found = java.util.Arrays.binarySearch(names, model);
        if (found < 0) {
            return -1;
        }
        at[0] = found;
        return indexes[found];
    }

    /** Marks the model as one whose period figures or signals this period may change. */
    private void touch(int m) {
        if (!touched[m]) {
            touched[m] = true;
            if (touchedCount == touchedList.length) {
                touchedList = java.util.Arrays.copyOf(touchedList, Math.min(models, touchedCount * 2));
            }
            touchedList[touchedCount++] = m;
        }
    }

    /** A request arrives; it starts at once if the model has a free slot. */
    void arrive(int m, long service, long now, EventQueue queue) {
        touch(m);
        accrue(m, now);
        if (now >= measureFrom) {
            arrivals++;
            modelArrivals[m]++;
            windowArrivals[window(now)]++;
        }
        arrivalsInPeriod[m]++;
        lastArrival[m] = now;
        if (model.perReplica()) {
            Pair to = route(m);
            if (to == null) {
                enqueue(m, now, service);
            } else {
                dispatch(to, now, service, now, queue);
            }
            return;
        }
        if (inService[m] < servingReplicas[m] * concurrency) {
            start(m, now, service, now, queue);
        } else {
            enqueue(m, now, service);
        }
    }

    /** A request finishes; the next queued one starts. */
    void complete(int m, long service, boolean onTime, long now, EventQueue queue) {
        touch(m);
        accrue(m, now);
        finished(m, service, onTime);
        drain(m, now, queue);
    }

    /** The model now has {@code replicas} replicas requests can reach; queued requests start if there is room. */
    void setServingReplicas(int m, int replicas, long now, EventQueue queue) {
        touch(m);
        servingReplicas[m] = replicas;
        drain(m, now, queue);
    }

    /**
     * The model's serving replicas are now these server replicas ({@code server/index} each); under per-replica
     * routing, requests queued on a replica that left are sent again in arrival order, and requests waiting for a
     * replica are sent out. Under pooled routing only their number counts.
     */
    void setServingReplicas(int m, java.util.List<String> servers, int[] indexes, long now, EventQueue queue) {
        setServingReplicas(m, servers, indexes, null, 0, 0, now, queue);
    }

    /**
     * As {@link #setServingReplicas(int, java.util.List, int[], long, EventQueue)}, with what eviction needs: each
     * server replica's main memory ({@code memory[i]} bytes for {@code servers[i]/indexes[i]}; null for unlimited),
     * the model's memory and how long it takes to load again. A replica the model just reached holds it in memory,
     * evicting least-recently-used models there as needed; one it left forgets it.
     */
    void setServingReplicas(int m, java.util.List<String> servers, int[] indexes, long[] memory, long bytes,
                            long reload, long now, EventQueue queue) {
        if (!model.perReplica()) {
            setServingReplicas(m, indexes.length, now, queue);
            return;
        }
        touch(m);
        reloadMicros[m] = reload;
        int[] slotsNow = new int[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            slotsNow[i] = slot(servers.get(i), indexes[i]);
            if (memory != null) {
                slots.get(slotsNow[i]).memory = memory[i];
            }
        }
        int[] before = replicasOf[m];
        // two versions of a model may both serve on one server replica for a while: one replica of it there
        slotsNow = java.util.Arrays.stream(slotsNow).sorted().distinct().toArray();
        java.util.List<long[]> orphans = new java.util.ArrayList<>();
        for (Pair pair : pairsOf[m]) {
            if (java.util.Arrays.binarySearch(slotsNow, pair.slot) < 0) {
                pair.serving = false;
                pairQueued[m] -= pair.waiting;
                orphans.addAll(pair.queued());
                pair.clearQueue();
                pair.fewest = Math.min(pair.fewest, pair.outstanding());
                if (model.evictLeastRecentlyUsed()) {
                    forget(slots.get(pair.slot), m, pair);
                }
            }
        }
        if (model.evictLeastRecentlyUsed()) {
            for (int s : slotsNow) {
                if (java.util.Arrays.binarySearch(before, s) < 0) {
                    Pair pair = pair(m, s);
                    pair.bytes = bytes;
                    pair.reloadReady = -1;
                    pair.resident = true;
                    holdInMemory(slots.get(s), m, pair);
                }
            }
        }
        Pair[] pairsNow = new Pair[slotsNow.length];
        for (int i = 0; i < slotsNow.length; i++) {
            pairsNow[i] = pair(m, slotsNow[i]);
            if (!pairsNow[i].serving) {
                // a replica the model (re)joins counts its fewest from now, not from when it last served there
                pairsNow[i].fewest = pairsNow[i].outstanding();
            }
            pairsNow[i].serving = true;
        }
        replicasOf[m] = slotsNow;
        pairsOf[m] = pairsNow;
        servingReplicas[m] = slotsNow.length;
        orphans.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] request : orphans) {
            Pair to = route(m);
            if (to == null) {
                enqueue(m, request[0], request[1]);
            } else {
                dispatch(to, request[0], request[1], now, queue);
            }
        }
        while (queueSize[m] > 0 && slotsNow.length > 0) {
            int at = queueHead[m];
            long arrival = queueArrival[m][at];
            long service = queueService[m][at];
            queueHead[m] = (at + 1) % queueArrival[m].length;
            queueSize[m]--;
            dispatch(route(m), arrival, service, now, queue);
        }
    }

    /** The model's replica on server replica {@code s}, kept while requests may reach or run on it. */
    private Pair pair(int m, int s) {
        return pairs.computeIfAbsent(key(m, s), k -> new Pair(m, s));
    }

    /**
     * A server replica's completion event at {@code at} fires: if it is the replica's earliest pending one and its
     * next request is done by now, that request finishes; either way the next completion is scheduled.
     */
    void slotComplete(int s, long at, long now, EventQueue queue) {
        Slot slot = slots.get(s);
        if (at != slot.pendingAt) {
            return;
        }
        slot.pendingAt = Long.MAX_VALUE;
        advance(slot, now);
        if (slot.jobs.size() > 0 && done(slot)) {
            Pair pair = slot.jobs.firstOwner();
            long started = slot.jobs.firstStarted();
            boolean onTime = slot.jobs.firstOnTime();
            slot.jobs.removeFirst();
            slot.speed = speed(slot.jobs.size());
            int m = pair.model;
            touch(m);
            accrue(m, now);
            pair.inService--;
            pair.fewest = Math.min(pair.fewest, pair.outstanding());
            finished(m, now - started, onTime);
            if (pair.waiting > 0 && pair.serving) {
                long[] next = pair.poll();
                pairQueued[m]--;
                startOn(pair, next[0], next[1], now, queue);
            }
        }
        schedule(s, now, queue);
    }

    /**
     * The most requests outstanding on one replica of the model: under pooled routing its outstanding requests spread
     * evenly, rounded up; under per-replica routing the replica with the most in service and queued there. A model
     * without a serving replica has all its outstanding requests on none, and they are all counted.
     */
    long mostOnOneReplica(int m) {
        if (!model.perReplica() || replicasOf[m].length == 0) {
            return servingReplicas[m] == 0 ? outstanding(m)
                : (outstanding(m) + servingReplicas[m] - 1) / servingReplicas[m];
        }
        if (inService[m] + pairQueued[m] == 0) {
            return 0; // nothing on any replica: no need to visit them
        }
        long most = 0;
        for (Pair pair : pairsOf[m]) {
            most = Math.max(most, pair.outstanding());
        }
        return most;
    }

    /** Requests in service on the server replica {@code server/index}, of every model. */
    int inServiceOn(String server, int index) {
        Integer s = slotIndex.get(new ServerReplicaKey(server, index));
        return s == null ? 0 : slots.get(s).jobs.size();
    }

    // --- per-replica routing ----------------------------------------------------------------------------------

    private int slot(String server, int index) {
        return slotIndex.computeIfAbsent(new ServerReplicaKey(server, index), k -> {
            slots.add(new Slot(new io.modelscale.core.server.ServerReplicaId(
                io.modelscale.core.server.ServerName.of(server), io.modelscale.core.server.ReplicaIndex.of(index))));
            return slots.size() - 1;
        });
    }

    private static long key(int m, int slot) {
        return ((long) m << 32) | slot;
    }

    /** The replica a new request of the model goes to, or null when it has none. */
    private Pair route(int m) {
        Pair[] replicas = pairsOf[m];
        if (replicas.length == 0) {
            return null;
        }
        if (model.routing() == ServingModel.Routing.ROUND_ROBIN) {
            int next = turn[m] % replicas.length;
            turn[m] = next + 1;
            return replicas[next];
        }
        Pair best = replicas[0];
        long fewest = Long.MAX_VALUE;
        for (Pair pair : replicas) {
            long outstanding = pair.inService + pair.waiting;
            if (outstanding < fewest) {
                fewest = outstanding;
                best = pair;
            }
        }
        return best;
    }

    /** Sends a request to one replica: it starts if the replica has a free slot, else waits in its queue. */
    private void dispatch(Pair pair, long arrival, long service, long now, EventQueue queue) {
        int m = pair.model;
        int s = pair.slot;
        if (model.evictLeastRecentlyUsed() && !pair.resident) {
            if (pair.reloadReady < 0) {
                reload(m, s, pair, now, queue);
            }
            pair.enqueue(new long[] {arrival, service});
            pairQueued[m]++;
            return;
        }
        if (model.evictLeastRecentlyUsed()) {
            slots.get(s).touch(pair);
        }
        if (pair.inService < concurrency) {
            startOn(pair, arrival, service, now, queue);
        } else {
            pair.enqueue(new long[] {arrival, service});
            pairQueued[m]++;
        }
    }

    // --- eviction ----------------------------------------------------------------------------------------------

    /** An evicted model starts loading again on the server replica, room made for it; its requests wait. */
    private void reload(int m, int s, Pair pair, long now, EventQueue queue) {
        pair.reloadReady = now + reloadMicros[m];
        holdInMemory(slots.get(s), m, pair);
        queue.schedule(pair.reloadReady, new SimEvent.Reloaded(s, m, pair.reloadReady));
    }

    /** An evicted model is in memory again, if the reload is still the one due now; its waiting requests start. */
    void reloaded(int s, int m, long ready, long now, EventQueue queue) {
        Pair pair = pairs.get(key(m, s));
        if (pair == null || pair.reloadReady != ready) {
            return;
        }
        touch(m);
        pair.reloadReady = -1;
        pair.resident = true;
        reloads++;
        for (long[] request : pair.queued()) {
            waitedForReload += request[0] >= measureFrom ? 1 : 0;
        }
        while (pair.inService < concurrency && pair.waiting > 0) {
            long[] next = pair.poll();
            pairQueued[m]--;
            startOn(pair, next[0], next[1], now, queue);
        }
    }

    /**
     * The model takes its memory on the server replica, most recently used; least-recently-used models with nothing
     * in service or queued there are evicted until the replica's main memory holds it (if they cannot make room, it
     * is held beyond it, as requests in service cannot be dropped).
     */
    private void holdInMemory(Slot slot, int m, Pair pair) {
        if (pair.inMemory) {
            slot.unlink(pair);
            slot.residentBytes -= pair.bytes;
        }
        Pair other = slot.eldest;
        while (pair.bytes > slot.memory - slot.residentBytes && other != null) {
            Pair next = other.newer;
            if (other.resident && other.inService == 0 && other.waiting == 0) {
                slot.unlink(other);
                other.resident = false;
                slot.residentBytes -= other.bytes;
                evictions++;
            }
            other = next;
        }
        slot.append(pair);
        slot.residentBytes = saturated(slot.residentBytes, pair.bytes);
    }

    /** {@code a + b} for sizes of zero or more, at most {@link Long#MAX_VALUE}. */
    private static long saturated(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The model left the server replica: its memory there is free, and a reload under way is called off. */
    private void forget(Slot slot, int m, Pair pair) {
        if (pair.inMemory) {
            slot.unlink(pair);
            slot.residentBytes -= pair.bytes;
        }
        pair.reloadReady = -1;
        pair.resident = true;
    }

    /** Whether models are evicted beyond a server replica's memory. */
    boolean evicting() {
        return model.evictLeastRecentlyUsed();
    }

    /** Models evicted from a server replica's memory to make room for another. */
    long evictions() {
        return evictions;
    }

    /** Evicted models loaded again because a request was sent to them (reloads called off by a move not counted). */
    long reloads() {
        return reloads;
    }

    /** Measured requests that waited for an evicted model to load again, each counted once, when it had. */
    long waitedForReload() {
        return waitedForReload;
    }

    private void startOn(Pair pair, long arrival, long service, long now, EventQueue queue) {
        pair.inService++;
        boolean onTime = started(pair.model, arrival, now);
        Slot slot = slots.get(pair.slot);
        advance(slot, now);
        slot.jobs.add(slot.virtual + service, pair, now, onTime);
        slot.speed = speed(slot.jobs.size());
        schedule(pair.slot, now, queue);
    }

    /** How many speeds {@link #speeds} keeps: more requests than this on one server replica are worked out anew. */
    private static final int SPEEDS_KEPT = 1_024;

    /** The speed of each of {@code n} requests in service on one server replica. */
    private double speed(int n) {
        return n < SPEEDS_KEPT ? speeds[n] : model.speed(n);
    }

    /** Moves the server replica's virtual clock to {@code now} at the speed its requests have had since. */
    private void advance(Slot slot, long now) {
        if (now > slot.updated) {
            slot.virtual += (now - slot.updated) * slot.speed;
        }
        slot.updated = now;
    }

    /**
     * Makes sure a completion event is pending no later than the server replica's next request finishes at its
     * current speed: one pending earlier (the speed has since dropped) fires, finds nothing done and schedules again.
     */
    private void schedule(int s, long now, EventQueue queue) {
        Slot slot = slots.get(s);
        if (slot.jobs.size() > 0) {
            double remaining = Math.max(0, slot.jobs.firstFinish() - slot.virtual) / slot.speed;
            // remaining <= DUE is done(slot) without dividing again: the same quotient, or zero for a finish passed
            long at = now + (remaining <= DUE ? 0 : Math.max(1, (long) Math.ceil(remaining - DUE)));
            if (at < slot.pendingAt) {
                slot.pendingAt = at;
                queue.scheduleSlot(s, at);
            }
        }
    }

    /**
     * From now on, each model's signals carry the mean requests outstanding in each second of the period
     * ({@link ModelSignals#outstandingPerSecond()}), for policies that read them.
     */
    void trackPerSecond() {
        java.util.Arrays.fill(trackPerSecondOf(), true);
        refreshAll = true;
    }

    /** As {@link #trackPerSecond()}, for model {@code m} alone. */
    void trackPerSecond(int m) {
        trackPerSecondOf()[m] = true;
        refreshAll = true;
    }

    private boolean[] trackPerSecondOf() {
        if (!perSecond) {
            perSecond = true;
            secondArea = new double[models][];
            lastChange = new long[models];
            busyInPeriod = new boolean[models];
            tracked = new boolean[models];
        }
        return tracked;
    }

    /** Adds the model's outstanding requests since its last change to the seconds they fell in. */
    private void accrue(int m, long now) {
        if (!perSecond || !tracked[m]) {
            return;
        }
        long from = Math.max(lastChange[m], periodStart);
        long count = outstanding(m);
        lastChange[m] = now;
        if (count == 0 || now <= from) {
            return;
        }
        busyInPeriod[m] = true;
        int last = (int) ((now - 1 - periodStart) / 1_000_000L);
        if (secondArea[m] == null || secondArea[m].length <= last) {
            secondArea[m] = java.util.Arrays.copyOf(secondArea[m] == null ? new double[0] : secondArea[m],
                Math.max(last + 1, 20));
        }
        while (from < now) {
            int k = (int) ((from - periodStart) / 1_000_000L);
            long to = Math.min(now, periodStart + (k + 1) * 1_000_000L);
            secondArea[m][k] += (double) count * (to - from);
            from = to;
        }
    }

    /**
     * The mean outstanding requests in each second from the period's start to {@code now}; {@code idle} (the
     * {@link #idleWindow} of {@code now}, looked up once a period) for a model with nothing outstanding in it.
     */
    private Option<io.vavr.collection.Seq<Double>> perSecond(int m, long now,
                                                            Option<io.vavr.collection.Seq<Double>> idle) {
        if (!perSecond || !tracked[m] || (now - periodStart) % 1_000_000L != 0) {
            // none for a period that is not whole seconds: its last bucket would not be a second
            return Option.none();
        }
        accrue(m, now);
        int n = secondsTo(now);
        if (!busyInPeriod[m]) {
            return idle;
        }
        Double[] means = new Double[n];
        for (int k = 0; k < n; k++) {
            long length = Math.min(1_000_000L, now - periodStart - k * 1_000_000L);
            double area = secondArea[m] != null && k < secondArea[m].length ? secondArea[m][k] : 0;
            means[k] = area / length;
        }
        return Option.some(io.vavr.collection.Array.of(means));
    }

    /**
     * The signals of the period that ends now, as a snapshot the control step may read while this object goes on.
     * A model's last request counts from the start of the run, as a Seldon agent counts last use from the load.
     * The period is taken to have begun at the last {@link #newPeriod()} (or the start) and to last {@code period}.
     */
    Signals signals(Instant start, Duration period) {
        double seconds = period.toNanos() / 1e9;
        periodEnd = periodStart + period.toNanos() / 1_000L;
        ModelSignals[] previous = lastSignals;
        // a tracked model with nothing outstanding all period has the one idle window of the period's length
        Option<io.vavr.collection.Seq<Double>> idleWindow = idleWindow(periodEnd);
        boolean all = previous == null || refreshAll || idleWindow != lastIdleWindow;
        refreshAll = false;
        lastIdleWindow = idleWindow;
        ModelSignals[] snapshot = all ? new ModelSignals[models] : previous.clone();
        for (int i = 0, n = all ? models : touchedCount; i < n; i++) {
            int m = all ? i : touchedList[i];
            long count = completedInPeriod[m];
            if (previous != null && quiet(previous[m]) && arrivalsInPeriod[m] == 0 && count == 0 && outstanding(m) == 0
                // (busy in the period with nothing arrived or finished: requests that left some other way)
                && !(perSecond && busyInPeriod[m])
                && previous[m].outstandingPerSecond() == (perSecond && tracked[m] ? idleWindow : Option.none())) {
                // nothing arrived, finished or waited, as in the period before: every figure is the same, so the
                // same value, which the control step recognises without comparing field by field
                snapshot[m] = previous[m];
                continue;
            }
            snapshot[m] = new ModelSignals(inService[m], queueSize[m] + pairQueued[m],
                Math.min(fewestInPeriod[m], outstanding(m)),
                arrivalsInPeriod[m] / seconds, count == 0 ? Option.none()
                    : Option.some(Duration.ofNanos(serviceInPeriod[m] / count * 1_000L)),
                Option.some(start.plusNanos(lastArrival[m] * 1_000L)), concurrency, perReplica(m),
                perSecond(m, periodEnd, idleWindow));
        }
        lastSignals = snapshot;
        ModelName[] byName = sortedNames;
        int[] indexes = sortedIndexes;
        int[] at = new int[1];
        return model -> {
            int m = find(model, at, byName, indexes);
            return m < 0 ? ModelSignals.idle() : snapshot[m];
        };
    }

    /**
     * Whether these signals are a model's with nothing outstanding, arriving or finishing in their period, and, if
     * they carry one-second means, all of them zero (the period's shared idle window).
     */
    private boolean quiet(ModelSignals signals) {
        return signals != null && signals.outstanding() == 0 && signals.fewestOutstanding() == 0
            && signals.arrivalsPerSecond() == 0 && signals.meanServiceTime().isEmpty()
            && (signals.outstandingPerSecond().isEmpty() || signals.outstandingPerSecond() == lastIdleWindow);
    }

    /** The one-second means of a tracked model with nothing outstanding in a period ending at {@code end}. */
    private Option<io.vavr.collection.Seq<Double>> idleWindow(long end) {
        if (!perSecond || (end - periodStart) % 1_000_000L != 0) {
            return Option.none();
        }
        return idleSeconds.computeIfAbsent(secondsTo(end),
            k -> Option.some(io.vavr.collection.Array.fill(k, 0.0)));
    }

    /** The one-second buckets from the period's start to {@code end}, the last one possibly shorter. */
    private int secondsTo(long end) {
        return (int) Math.max(0, (end - periodStart + 999_999L) / 1_000_000L);
    }

    private static final Option<io.vavr.collection.Seq<ReplicaOutstanding>> NOTHING_ON_ANY =
        Option.some(io.vavr.collection.List.empty());

    /**
     * Under per-replica routing, what each of the model's serving replicas has outstanding, as its agent counts it:
     * those with anything now; none under pooled routing, which does not know.
     */
    private Option<io.vavr.collection.Seq<ReplicaOutstanding>> perReplica(int m) {
        if (!model.perReplica()) {
            return Option.none();
        }
        if (inService[m] + pairQueued[m] == 0) {
            return NOTHING_ON_ANY;
        }
        io.vavr.collection.List<ReplicaOutstanding> busy = io.vavr.collection.List.empty();
        Pair[] replicas = pairsOf[m];
        for (int i = replicas.length - 1; i >= 0; i--) {
            Pair pair = replicas[i];
            if (pair.outstanding() > 0) {
                busy = busy.prepend(new ReplicaOutstanding(slots.get(pair.slot).id, pair.outstanding(),
                    Math.min(pair.fewest, pair.outstanding())));
            }
        }
        return Option.some(busy);
    }

    /** Starts a new stats period. */
    void newPeriod() {
        // A model not touched in the period has its counters at their reset values already: reset the others, and
        // carry into the next period those whose signals may still change without an event (something outstanding,
        // or signals that were not quiet and so are not handed out again).
        boolean all = lastSignals == null;
        int carried = 0;
        for (int i = 0, n = all ? models : touchedCount; i < n; i++) {
            int m = all ? i : touchedList[i];
            arrivalsInPeriod[m] = 0;
            serviceInPeriod[m] = 0;
            completedInPeriod[m] = 0;
            fewestInPeriod[m] = outstanding(m);
            for (Pair pair : pairsOf[m]) {
                pair.fewest = pair.outstanding();
            }
            touched[m] = false;
            if (!all && (outstanding(m) > 0 || !quiet(lastSignals[m]))) {
                touched[m] = true;
                touchedList[carried++] = m;
            }
        }
        touchedCount = carried;
        if (all && lastSignals != null) {
            for (int m = 0; m < models; m++) {
                if (outstanding(m) > 0 || !quiet(lastSignals[m])) {
                    touch(m);
                }
            }
        }
        periodStart = Math.max(periodStart, periodEnd);
        if (perSecond) {
            for (int m = 0; m < models; m++) {
                if (busyInPeriod[m]) {
                    java.util.Arrays.fill(secondArea[m], 0);
                }
                busyInPeriod[m] = false;
                lastChange[m] = periodStart;
            }
        }
    }

    int models() {
        return models;
    }

    ModelName name(int m) {
        return names[m];
    }

    long outstanding(int m) {
        return inService[m] + queueSize[m] + pairQueued[m];
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
        for (Map.Entry<Long, Pair> entry : pairs.entrySet()) {
            int m = (int) (entry.getKey() >>> 32);
            for (long[] request : entry.getValue().queued()) {
                if (request[0] >= measureFrom) {
                    closedQueued++;
                    record(m, now - request[0], request[0]);
                }
            }
        }
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

    /** The longest wait of any request counted in {@link #waits()}, in microseconds, exactly; 0 for none. */
    long maxWait() {
        return maxWait;
    }

    /** The longest wait of the model's requests counted in {@link #waits(int)}, in microseconds, exactly. */
    long maxWait(int m) {
        return modelMaxWait[m];
    }

    /**
     * The model's waits, as {@link #waits()} counts them, to two significant digits; complete once the run is closed.
     * A new histogram each call: its zero waits added to those recorded.
     */
    org.HdrHistogram.AbstractHistogram waits(int m) {
        if (!closed) {
            throw new IllegalStateException("a model's waits are complete only after close");
        }
        Histogram view = modelWaits[m] == null ? modelWaitHistogram() : modelWaits[m].copy();
        if (modelZeroWaits[m] > 0) {
            view.recordValueWithCount(0, modelZeroWaits[m]);
        }
        return view;
    }

    private static Histogram modelWaitHistogram() {
        Histogram histogram = new Histogram(1, 2, 2);
        histogram.setAutoResize(true);
        return histogram;
    }

    /**
     * A model's waits able to hold {@code value}: {@code own} (null for none yet) copied into one that reaches eight
     * times further than needed, so that a wait that keeps growing copies the counts a few times rather than once per
     * doubling. The buckets are the same whatever the reach, so every figure read from it is the same.
     */
    private Histogram grown(Histogram own, long value) {
        long reach = Math.min(waits.getHighestTrackableValue(), Math.max(2, value) <= Long.MAX_VALUE / 8
            ? Math.max(2, value) * 8 : Long.MAX_VALUE);
        Histogram bigger = new Histogram(1, Math.max(reach, value), 2);
        bigger.setAutoResize(true);
        if (own != null) {
            bigger.add(own);
        }
        return bigger;
    }

    private void start(int m, long arrival, long service, long now, EventQueue queue) {
        boolean onTime = started(m, arrival, now);
        queue.schedule(now + service, new SimEvent.Completion(m, service, onTime));
    }

    /**
     * A request of the model starts now, whichever way it was routed: it is in service, and a measured one has its
     * wait recorded. Returns whether it started within the SLO (and counts towards goodput when it finishes).
     */
    private boolean started(int m, long arrival, long now) {
        inService[m]++;
        if (arrival < measureFrom) {
            return false;
        }
        long wait = now - arrival;
        record(m, wait, arrival);
        boolean onTime = wait <= sloMicros;
        if (onTime) {
            met++;
            modelMet[m]++;
            windowMet[window(arrival)]++;
        }
        return onTime;
    }

    /**
     * A request of the model finishes: counted as served, and in the period's service time with the {@code service}
     * it took from its start (longer than its work when its server replica was shared, as an agent times it).
     */
    private void finished(int m, long service, boolean onTime) {
        inService[m]--;
        served++;
        if (onTime) {
            good++;
        }
        serviceInPeriod[m] += service;
        completedInPeriod[m]++;
        fewestInPeriod[m] = Math.min(fewestInPeriod[m], outstanding(m));
    }

    private void record(int m, long wait, long arrival) {
        waits.recordValue(Math.min(wait, waits.getHighestTrackableValue()));
        maxWait = Math.max(maxWait, wait);
        modelMaxWait[m] = Math.max(modelMaxWait[m], wait);
        if (wait == 0) {
            modelZeroWaits[m]++;
        } else {
            long value = Math.min(wait, waits.getHighestTrackableValue());
            Histogram own = modelWaits[m];
            if (own == null || value > own.getHighestTrackableValue()) {
                own = grown(own, value);
                modelWaits[m] = own;
            }
            own.recordValue(value);
        }
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
