package io.modelscale.simulation.engine;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.policy.Preset;
import io.modelscale.policy.hpa.HorizontalPodAutoscaler;
import io.modelscale.policy.hpa.HpaMemory;
import io.modelscale.policy.hpa.HpaObservation;
import io.modelscale.policy.hpa.MetricReading;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.KnativeAutoscaler;
import io.modelscale.policy.model.LagStatistics;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ScalingTrigger;
import io.modelscale.policy.server.ServerAutoscaler;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.simulation.report.Metric;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.report.TimelineRow;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link Scenario} under a {@link Preset}: a fold over time-ordered events.
 *
 * <p>Requests arrive from the scenario's trace; each model serves at most {@code concurrencyPerReplica} requests per
 * replica that can receive traffic, and queues the rest in arrival order. Every stats period the preset's model policy
 * runs (Seldon's lag triggers decided by {@code InferenceLagPolicy}, or {@code DemandLagPolicy}), and so does the
 * consolidating server policy where the preset has it. Every change goes through the library as a control plane
 * makes it: a model's new desired count is deployed and the model scheduled; load requests become Loading at once and
 * Available after the model load delay; unload requests complete after the unload delay and, as in Seldon, each
 * completed unload evaluates server scale-down; a placement short of replicas evaluates server scale-up. A server
 * scale-up connects new replicas after the start-up delay; a scale-down drains the highest ordinals, places their
 * models again and removes the replicas once those models are available elsewhere (or, as Seldon does, once placing
 * them has failed). Time and randomness come only from the scenario and the seed, so a run is reproducible.
 */
public final class Simulator {

    /** Watches a run; the default does nothing. */
    public interface Observer {
        /**
         * After every event (arrivals and completions included), with the cluster as it then is; the same cluster
         * object is passed again while nothing changed it.
         */
        default void afterEvent(Cluster cluster, long micros) {
        }

        /** At every stats tick, with the fraction of the run done. */
        default void onTick(double progress) {
        }
    }

    private static final int ARRIVAL = 0;
    private static final int COMPLETION = 1;
    private static final int TICK = 2;
    private static final int LOAD_DONE = 3;
    private static final int UNLOAD_DONE = 4;
    private static final int REPLICA_READY = 5;
    private static final int DRAIN_CHECK = 6;
    private static final int FAILURE = 7;
    private static final long DRAIN_RETRY_MICROS = 5_000_000L;

    private Simulator() {
    }

    /** Runs the scenario under the preset with the seed. */
    public static Report run(Scenario scenario, Preset preset, long seed, Observer observer) {
        return new Run(scenario, preset, seed, observer).execute();
    }

    /** Runs the scenario under the preset with the seed, unobserved. */
    public static Report run(Scenario scenario, Preset preset, long seed) {
        return run(scenario, preset, seed, new Observer() {
        });
    }

    private static final class Event {
        final long time;
        final long seq;
        final int kind;
        final int model;
        final Object payload;

        Event(long time, long seq, int kind, int model, Object payload) {
            this.time = time;
            this.seq = seq;
            this.kind = kind;
            this.model = model;
            this.payload = payload;
        }
    }

    private static final class Run {
        private final Scenario scenario;
        private final Preset preset;
        private final Settings settings;
        private final Observer observer;
        private final SplittableRandom random;
        private final SplittableRandom failures;
        private final long seed;
        private final Scheduler scheduler;
        private final ServerAutoscaler servers;
        private final InferenceLagPolicy lagPolicy;
        private final DemandLagPolicy demandPolicy;
        private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) ->
            a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
        private final long end;
        private final long period;
        private long seq;
        private long now;
        private Cluster cluster = Cluster.empty();
        private ServerAutoscaler.Memory serverMemory = ServerAutoscaler.Memory.initial();

        private final int models;
        private final ModelName[] names;
        private final Map<ModelName, Integer> index = new HashMap<>();
        private final long[][] queueArrival;
        private final long[][] queueService;
        private final int[] queueHead;
        private final int[] queueSize;
        private final int[] inService;
        private final int[] capacity;
        private final long[] lag;
        private final long[] lastUsedSecond;
        private final long[] arrivalsInPeriod;
        private final DemandLagPolicy.Memory[] demandMemory;
        private final KnativeAutoscaler knative;
        private final KnativeAutoscaler.Memory[] knativeMemory;
        private final java.util.ArrayDeque<Long>[] concurrencySamples;
        private final Histogram waits = new Histogram(3_600_000_000L * 24, 3);
        private final Histogram[] modelWaits;
        private final Histogram[] modelLags;
        private final Set<String> pending = new HashSet<>();
        private final Map<ServerName, Integer> starting = new HashMap<>();
        private final Map<String, long[]> lastDirection = new HashMap<>();

        private Cluster podsCountedFor;
        private int connectedPods;
        private int startingPods;
        private Cluster gapCountedFor;
        private int lastGap;
        private final Map<ServerName, Tuple2<Cluster, Instant>> quietUntil = new HashMap<>();
        private final HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.withDefaults();
        private final Map<String, HpaMemory> hpaMemory = new HashMap<>();
        private final Set<Integer> hpaModels = new HashSet<>();
        private final Set<ServerName> hpaServers = new HashSet<>();
        private long served;
        private long late;
        private long arrivals;
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
        private final ArrayList<TimelineRow> timeline = new ArrayList<>();

        Run(Scenario scenario, Preset preset, long seed, Observer observer) {
            this.scenario = scenario;
            this.preset = preset;
            this.settings = scenario.settings();
            this.observer = observer;
            this.random = new SplittableRandom(seed);
            this.failures = new SplittableRandom(seed ^ 0x5DEECE66DL);
            this.seed = seed;
            this.scheduler = new Scheduler(preset.placement());
            this.servers = new ServerAutoscaler(preset.servers());
            this.lagPolicy = new InferenceLagPolicy(preset.inferenceLag());
            this.demandPolicy = new DemandLagPolicy(preset.demandLag());
            this.end = micros(settings.duration());
            this.period = micros(settings.statsPeriod());
            this.models = scenario.models().size();
            this.names = new ModelName[models];
            for (int m = 0; m < models; m++) {
                names[m] = scenario.models().get(m).name();
                index.put(names[m], m);
            }
            this.queueArrival = new long[models][16];
            this.queueService = new long[models][16];
            this.queueHead = new int[models];
            this.queueSize = new int[models];
            this.inService = new int[models];
            this.capacity = new int[models];
            this.lag = new long[models];
            this.lastUsedSecond = new long[models];
            this.arrivalsInPeriod = new long[models];
            this.demandMemory = new DemandLagPolicy.Memory[models];
            this.knative = new KnativeAutoscaler(preset.knative());
            this.knativeMemory = new KnativeAutoscaler.Memory[models];
            @SuppressWarnings("unchecked")
            java.util.ArrayDeque<Long>[] samples = new java.util.ArrayDeque[models];
            this.concurrencySamples = samples;
            this.modelWaits = new Histogram[models];
            this.modelLags = new Histogram[models];
            for (HpaTarget target : scenario.hpas()) {
                if (target.targetKind().equals("Model")) {
                    hpaModels.add(index.get(ModelName.of(target.target())));
                } else {
                    hpaServers.add(ServerName.of(target.target()));
                }
            }
            for (int m = 0; m < models; m++) {
                demandMemory[m] = DemandLagPolicy.Memory.initial();
                knativeMemory[m] = KnativeAutoscaler.Memory.initial(1, settings.start());
                concurrencySamples[m] = new java.util.ArrayDeque<>();
                modelWaits[m] = new Histogram(3_600_000_000L * 24, 2);
                modelLags[m] = new Histogram(100_000_000L, 2);
            }
        }

        Report execute() {
            setUp();
            RequestSource source = scenario.traffic().get();
            Request next = new Request();
            boolean more = source.next(next);
            schedule(period, TICK, -1, null);
            while (true) {
                Event head = events.peek();
                boolean arrivalFirst = more && next.arrivalMicros < end
                    && (head == null || next.arrivalMicros <= head.time);
                if (!arrivalFirst && (head == null || head.time > end)) {
                    break;
                }
                if (arrivalFirst) {
                    advance(next.arrivalMicros);
                    arrive(next.model, next.serviceMicros);
                    more = source.next(next);
                } else {
                    events.poll();
                    advance(head.time);
                    handle(head);
                }
                observer.afterEvent(cluster, now);
            }
            advance(end);
            return report();
        }

        private void setUp() {
            Instant t0 = settings.start();
            for (ServerSetup setup : scenario.servers()) {
                int replicas = setup.spec().scaling().replicas();
                cluster = cluster.withServer(setup.spec().withExpectedReplicas(ExpectedReplicas.of(replicas)));
                for (int i = 0; i < replicas; i++) {
                    cluster = cluster.connectReplica(setup.spec().name(), ServerReplica.empty(ReplicaIndex.of(i),
                        setup.capabilities(), setup.memory())).get();
                }
            }
            for (ModelSpec spec : scenario.models()) {
                cluster = cluster.deployModel(spec, t0);
            }
            for (ModelName name : names) {
                place(name);
            }
            for (Placement placement : cluster.placements()) {
                if (placement.status().state() == ModelReplicaState.LOAD_REQUESTED) {
                    for (ModelReplicaState state : List.of(ModelReplicaState.LOADING, ModelReplicaState.LOADED,
                        ModelReplicaState.AVAILABLE)) {
                        cluster = cluster.updateModelState(placement.version(), placement.replica(), Option.none(),
                            state, "", t0).get();
                    }
                }
            }
            reconcile();
            observer.afterEvent(cluster, 0);
            scheduleFailure();
        }

        /** The next replica failure, a Poisson process at the scenario's rate. */
        private void scheduleFailure() {
            double perHour = settings.replicaFailuresPerHour();
            if (perHour > 0) {
                double hours = -Math.log(1 - failures.nextDouble()) / perHour;
                schedule(now + Math.max(1, Math.round(hours * 3_600_000_000.0)), FAILURE, -1, null);
            }
        }

        /** A running server replica fails: it leaves with its models, which are placed again; its pod restarts. */
        private void fail() {
            java.util.List<ServerReplicaId> running = new ArrayList<>();
            for (Server server : cluster.servers().values()) {
                for (ReplicaIndex index : server.replicas().keySet()) {
                    running.add(new ServerReplicaId(server.name(), index));
                }
            }
            scheduleFailure();
            if (running.isEmpty()) {
                return;
            }
            ServerReplicaId id = running.get(failures.nextInt(running.size()));
            replicaFailures++;
            cluster = cluster.disconnectReplica(id, instant()).get();
            starting.merge(id.server(), 1, Integer::sum);
            startingPods++;
            schedule(now + micros(settings.serverStartup()), REPLICA_READY, -1, id);
            for (ModelName model : cluster.models().keySet()) {
                Model found = cluster.model(model).get();
                if (!found.deleted() && found.latest().server().contains(id.server())) {
                    place(model);
                }
            }
            reconcile();
        }

        // --- requests ---------------------------------------------------------------------------------------------

        private void arrive(int m, long service) {
            arrivals++;
            arrivalsInPeriod[m]++;
            lag[m]++;
            lastUsedSecond[m] = now / 1_000_000L;
            if (inService[m] < capacity[m]) {
                start(m, now, service);
            } else {
                enqueue(m, now, service);
            }
        }

        private void start(int m, long arrival, long service) {
            inService[m]++;
            long wait = now - arrival;
            waits.recordValue(Math.min(wait, waits.getHighestTrackableValue()));
            modelWaits[m].recordValue(Math.min(wait, modelWaits[m].getHighestTrackableValue()));
            if (wait > micros(settings.slo())) {
                late++;
            }
            schedule(now + service, COMPLETION, m, null);
        }

        private void complete(int m) {
            inService[m]--;
            served++;
            lag[m] = Math.max(0, lag[m] - 1);
            drainQueue(m);
        }

        private void drainQueue(int m) {
            while (queueSize[m] > 0 && inService[m] < capacity[m]) {
                int at = queueHead[m];
                long arrival = queueArrival[m][at];
                long service = queueService[m][at];
                queueHead[m] = (at + 1) % queueArrival[m].length;
                queueSize[m]--;
                start(m, arrival, service);
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

        // --- events -----------------------------------------------------------------------------------------------

        private void handle(Event event) {
            switch (event.kind) {
                case COMPLETION:
                    complete(event.model);
                    break;
                case TICK:
                    tick();
                    if (now + period <= end) {
                        schedule(now + period, TICK, -1, null);
                    }
                    break;
                case LOAD_DONE:
                    loadDone((Placement) event.payload);
                    break;
                case UNLOAD_DONE:
                    unloadDone((Placement) event.payload);
                    break;
                case REPLICA_READY:
                    replicaReady((ServerReplicaId) event.payload);
                    break;
                case DRAIN_CHECK:
                    drainCheck((ServerName) event.payload);
                    break;
                case FAILURE:
                    fail();
                    break;
                default:
                    throw new IllegalStateException("unknown event " + event.kind);
            }
        }

        private void tick() {
            Instant at = instant();
            reconcileHpas(at);
            if (preset.modelPolicy() == Preset.ModelPolicy.INFERENCE_LAG) {
                lagTriggers(at);
            } else if (preset.modelPolicy() == Preset.ModelPolicy.DEMAND_LAG) {
                demandDecisions(at);
            } else {
                knativeDecisions(at);
            }
            if (preset.servers().scaleDown() instanceof ServerAutoscaler.ScaleDown.Consolidating) {
                for (ServerName name : cluster.servers().keySet()) {
                    Tuple2<Cluster, Instant> quiet = quietUntil.get(name);
                    if (quiet != null && quiet._1 == cluster && at.isBefore(quiet._2)) {
                        continue;
                    }
                    ServerScalingDecision decision = serverStep(name, ServerAutoscaler.Trigger.TICK);
                    if (decision instanceof ServerScalingDecision.Hold hold) {
                        quietUntil.put(name, new Tuple2<>(cluster, hold.nextActAt().getOrElse(Instant.MAX)));
                    }
                }
            }
            sample();
            java.util.Arrays.fill(arrivalsInPeriod, 0);
            observer.onTick((double) now / end);
        }

        /** Every HPA of the scenario reconciles on its model's requests per second over the last period. */
        private void reconcileHpas(Instant at) {
            double seconds = period / 1_000_000.0;
            for (HpaTarget target : scenario.hpas()) {
                int described = index.get(ModelName.of(target.metricModel()));
                long milli = Math.round(arrivalsInPeriod[described] / seconds * 1000);
                int current;
                int ready;
                if (target.targetKind().equals("Model")) {
                    Model model = cluster.model(ModelName.of(target.target())).get();
                    current = model.latest().spec().scaling().replicas();
                    ready = capacity[index.get(model.name())] / settings.concurrencyPerReplica();
                } else {
                    Server server = cluster.server(ServerName.of(target.target())).get();
                    current = server.spec().expectedReplicas().count().getOrElse(server.replicas().size());
                    ready = server.replicas().size();
                }
                HorizontalPodAutoscaler.Step step = hpa.step(target.spec(),
                    hpaMemory.getOrDefault(target.name(), HpaMemory.initial()), new HpaObservation(at, current,
                        Math.max(ready, 0), List.of(new MetricReading.ObjectReading(milli, Math.max(ready, 0)))));
                hpaMemory.put(target.name(), step.memory());
                int desired = step.decision().desired();
                if (desired == current) {
                    continue;
                }
                if (target.targetKind().equals("Model")) {
                    int m = index.get(ModelName.of(target.target()));
                    ModelVersion latest = cluster.model(names[m]).get().latest();
                    io.modelscale.core.scaling.ScalingSpec range = latest.spec().scaling();
                    desired = range.maxReplicas().clamp(Math.max(range.minReplicas(), desired));
                    if (desired == current) {
                        continue;
                    }
                    applyModel(m, new ModelScalingDecision.Scale(latest.id(), current, desired,
                        "HPA " + target.name() + ": " + step.decision().describe()));
                } else {
                    io.modelscale.core.scaling.ScalingSpec range = cluster.server(ServerName.of(target.target())).get()
                        .spec().scaling();
                    desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), desired));
                    if (desired == current) {
                        continue;
                    }
                    applyServer(ServerName.of(target.target()), new ServerScalingDecision.Scale(
                        ServerName.of(target.target()), current, desired, "HPA " + target.name(), List.empty(),
                        Option.none(), Option.none()));
                }
            }
        }

        private void lagTriggers(Instant at) {
            // Only models at or over the lag threshold, or idle past the inactive threshold, can trigger: the
            // statistics of the others are left out, which gives the same triggers for a fraction of the work.
            SortedMap<ModelVersionId, Long> lags = TreeMap.empty();
            SortedMap<ModelVersionId, Instant> used = TreeMap.empty();
            SortedSet<ModelVersionId> enabled = TreeSet.empty();
            long threshold = preset.lagSettings().lagThreshold();
            long idleBefore = at.getEpochSecond() - settings.start().getEpochSecond()
                - preset.lagSettings().inactiveThreshold().getSeconds();
            for (int m = 0; m < models; m++) {
                int serving = Math.max(1, capacity[m] / settings.concurrencyPerReplica());
                long perReplica = (lag[m] + serving - 1) / serving;
                if (perReplica < threshold && lastUsedSecond[m] > idleBefore || hpaModels.contains(m)) {
                    continue;
                }
                Model model = cluster.model(names[m]).get();
                ModelVersionId id = model.latest().id();
                lags = lags.put(id, perReplica);
                used = used.put(id, Instant.ofEpochSecond(settings.start().getEpochSecond() + lastUsedSecond[m]));
                if (!model.deleted() && model.latest().spec().scaling().autoscalingEnabled()) {
                    enabled = enabled.add(id);
                }
            }
            Tuple2<LagStatistics, Seq<ScalingTrigger>> evaluated =
                new LagStatistics(lags, used, enabled).evaluate(preset.lagSettings(), at);
            for (ScalingTrigger trigger : evaluated._2) {
                int m = index.get(trigger.version().model());
                if (trigger.direction() == ScalingTrigger.Direction.UP) {
                    lag[m] = 0;
                }
                applyModel(m, lagPolicy.decide(cluster, trigger, at));
            }
        }

        private void demandDecisions(Instant at) {
            double seconds = period / 1_000_000.0;
            for (int m = 0; m < models; m++) {
                Model model = cluster.model(names[m]).get();
                if (model.deleted() || hpaModels.contains(m)) {
                    continue;
                }
                DemandLagPolicy.Step step = demandPolicy.decide(demandMemory[m], new DemandLagPolicy.Observation(at,
                    model.latest().id(), model.latest().spec().scaling(), inService[m] + queueSize[m],
                    arrivalsInPeriod[m] / seconds, settings.concurrencyPerReplica()));
                demandMemory[m] = step.memory();
                applyModel(m, step.decision());
            }
        }

        /**
         * Knative's decider on each model's concurrency: the stable average over the ticks of the last stable window,
         * the panic average from the latest tick (the panic window is shorter than a stats period).
         */
        private void knativeDecisions(Instant at) {
            int window = (int) Math.max(1, (preset.knative().stableWindow().toNanos() / 1_000 + period - 1) / period);
            for (int m = 0; m < models; m++) {
                Model model = cluster.model(names[m]).get();
                java.util.ArrayDeque<Long> samples = concurrencySamples[m];
                long concurrent = inService[m] + queueSize[m];
                samples.addLast(concurrent);
                while (samples.size() > window) {
                    samples.removeFirst();
                }
                if (model.deleted() || hpaModels.contains(m)) {
                    continue;
                }
                double stable = samples.stream().mapToLong(Long::longValue).average().orElse(0);
                int ready = capacity[m] / settings.concurrencyPerReplica();
                KnativeAutoscaler.Step step = knative.decide(knativeMemory[m],
                    new KnativeAutoscaler.Observation(at, ready, stable, concurrent, true));
                knativeMemory[m] = step.memory();
                io.modelscale.core.scaling.ScalingSpec range = model.latest().spec().scaling();
                int desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), step.desired()));
                int current = range.replicas();
                if (desired != current) {
                    applyModel(m, new ModelScalingDecision.Scale(model.latest().id(), current, desired,
                        "Knative: " + step.reason()));
                }
            }
        }

        private void applyModel(int m, ModelScalingDecision decision) {
            if (!(decision instanceof ModelScalingDecision.Scale scale)) {
                return;
            }
            if (scale.to() > scale.from()) {
                modelUps++;
            } else {
                modelDowns++;
            }
            direction("model " + names[m], scale.to() - scale.from());
            cluster = InferenceLagPolicy.apply(cluster, decision, instant());
            place(names[m]);
            reconcile();
        }

        private void place(ModelName name) {
            ScheduleResult result = scheduler.schedule(cluster, name, instant(), random).get();
            cluster = result.cluster();
            for (ServerName server : result.serverScaleUp()) {
                serverStep(server, ServerAutoscaler.Trigger.SCALE_UP);
            }
        }

        private void loadDone(Placement placement) {
            if (!current(placement) || cluster.replica(placement.replica()).isEmpty()) {
                return;
            }
            Instant at = instant();
            if (cluster.replica(placement.replica()).get().draining()) {
                cluster = cluster.updateModelState(placement.version(), placement.replica(), Option.none(),
                    ModelReplicaState.LOAD_FAILED, "server replica is draining", at).get();
                serverStep(placement.replica().server(), ServerAutoscaler.Trigger.SCALE_DOWN);
            } else {
                cluster = cluster.updateModelState(placement.version(), placement.replica(), Option.none(),
                    ModelReplicaState.LOADED, "", at).get();
                cluster = cluster.updateModelState(placement.version(), placement.replica(), Option.none(),
                    ModelReplicaState.AVAILABLE, "", at).get();
                cleanOldVersions(placement.version().model(), at);
            }
            reconcile();
        }

        private void cleanOldVersions(ModelName name, Instant at) {
            cluster = cluster.unloadReplacedVersions(name, at);
        }

        private void unloadDone(Placement placement) {
            pending.remove(key(placement));
            if (!current(placement) || cluster.replica(placement.replica()).isEmpty()) {
                return;
            }
            cluster = cluster.updateModelState(placement.version(), placement.replica(), Option.none(),
                ModelReplicaState.UNLOADED, "", instant()).get();
            serverStep(placement.replica().server(), ServerAutoscaler.Trigger.SCALE_DOWN);
            reconcile();
        }

        private void replicaReady(ServerReplicaId id) {
            starting.merge(id.server(), -1, Integer::sum);
            startingPods--;
            Server server = cluster.server(id.server()).get();
            int expected = server.spec().expectedReplicas().count().getOrElse(0);
            if (id.index().value() >= expected || server.replica(id.index()).isDefined()) {
                return;
            }
            ServerSetup setup = scenario.servers().find(s -> s.spec().name().equals(id.server())).get();
            cluster = cluster.connectReplica(id.server(), ServerReplica.empty(id.index(), setup.capabilities(),
                setup.memory())).get();
            Tuple2<Cluster, Seq<ModelName>> retried = scheduler.scheduleFailedModels(cluster, instant(), random);
            cluster = retried._1;
            for (int m = 0; m < models; m++) {
                Model model = cluster.model(names[m]).get();
                if (!model.deleted() && model.latest().status().availableReplicas()
                    < model.latest().spec().scaling().replicas() && model.latest().server().contains(id.server())) {
                    place(names[m]);
                }
            }
            reconcile();
        }

        private ServerScalingDecision serverStep(ServerName name, ServerAutoscaler.Trigger trigger) {
            if (hpaServers.contains(name)) {
                return new ServerScalingDecision.Hold(name, "scaled by its HPA", Option.none(), Option.none());
            }
            ServerAutoscaler.Step step = servers.step(serverMemory, cluster, name, trigger, instant(),
                random.nextDouble());
            serverMemory = step.memory();
            if (step.decision() instanceof ServerScalingDecision.Hold hold) {
                if (hold.reason().contains("refused")) {
                    refusedScaleDowns++;
                }
                return hold;
            }
            return applyServer(name, (ServerScalingDecision.Scale) step.decision());
        }

        /** What the operator and the StatefulSet do with a new replica count. */
        private ServerScalingDecision applyServer(ServerName name, ServerScalingDecision.Scale scale) {
            Server server = cluster.server(name).get();
            cluster = cluster.withServer(server.spec().withExpectedReplicas(ExpectedReplicas.of(scale.to())));
            direction("server " + name, scale.to() - scale.from());
            if (scale.to() > scale.from()) {
                serverUps++;
                int present = server.replicas().size() + starting.getOrDefault(name, 0);
                for (int i = present; i < scale.to(); i++) {
                    starting.merge(name, 1, Integer::sum);
                    startingPods++;
                    schedule(now + micros(settings.serverStartup()), REPLICA_READY, -1,
                        new ServerReplicaId(name, ReplicaIndex.of(i)));
                }
                return scale;
            }
            serverDowns++;
            Instant at = instant();
            for (ReplicaIndex index : server.replicas().keySet()) {
                if (index.value() >= scale.to() && !server.replica(index).get().draining()) {
                    cluster = cluster.drainReplica(new ServerReplicaId(name, index), at).get();
                }
            }
            for (ModelName model : cluster.models().keySet()) {
                if (cluster.model(model).get().latest().server().contains(name)
                    && !cluster.model(model).get().deleted()) {
                    place(model);
                }
            }
            reconcile();
            schedule(now + DRAIN_RETRY_MICROS, DRAIN_CHECK, -1, name);
            return scale;
        }

        private void drainCheck(ServerName name) {
            Server server = cluster.server(name).get();
            int expected = server.spec().expectedReplicas().count().getOrElse(server.replicas().size());
            Seq<ServerReplica> leaving = server.replicas().values().toList()
                .filter(r -> r.index().value() >= expected && r.draining());
            boolean ready = leaving.forAll(r -> cluster.canLeave(new ServerReplicaId(name, r.index()), expected));
            if (!ready) {
                schedule(now + DRAIN_RETRY_MICROS, DRAIN_CHECK, -1, name);
                return;
            }
            Instant at = instant();
            for (ServerReplica replica : leaving) {
                cluster = cluster.disconnectReplica(new ServerReplicaId(name, replica.index()), at).get();
            }
            for (ModelName model : cluster.models().keySet()) {
                Model found = cluster.model(model).get();
                if (!found.deleted() && found.latest().status().availableReplicas()
                    < found.latest().spec().scaling().replicas()) {
                    place(model);
                }
            }
            reconcile();
        }

        /** Starts pending loads and unloads, and recomputes every model's serving capacity. */
        private void reconcile() {
            Instant at = instant();
            int[] serving = new int[models];
            for (Placement placement : cluster.placements()) {
                ModelReplicaState state = placement.status().state();
                Integer m = index.get(placement.version().model());
                if (state == ModelReplicaState.LOAD_REQUESTED) {
                    cluster = cluster.updateModelState(placement.version(), placement.replica(),
                        Option.some(ModelReplicaState.LOAD_REQUESTED), ModelReplicaState.LOADING, "", at).get();
                    Placement loading = new Placement(placement.version(), placement.replica(),
                        cluster.version(placement.version()).get().replicas().get(placement.replica().index()).get());
                    schedule(now + micros(settings.modelLoad()), LOAD_DONE, -1, loading);
                } else if ((state == ModelReplicaState.UNLOAD_ENVOY_REQUESTED
                    || state == ModelReplicaState.UNLOAD_REQUESTED) && pending.add(key(placement))) {
                    schedule(now + micros(settings.modelUnload()), UNLOAD_DONE, -1, placement);
                }
                if (m != null && state.canReceiveTraffic() && state != ModelReplicaState.LOADED_UNAVAILABLE) {
                    serving[m]++;
                }
            }
            for (int m = 0; m < models; m++) {
                capacity[m] = serving[m] * settings.concurrencyPerReplica();
                drainQueue(m);
            }
        }

        private void sample() {
            long inFlight = 0;
            long maxLag = 0;
            int desired = 0;
            int servingReplicas = 0;
            for (int m = 0; m < models; m++) {
                inFlight += inService[m] + queueSize[m];
                int replicasServing = capacity[m] / settings.concurrencyPerReplica();
                servingReplicas += replicasServing;
                long perReplica = (lag[m] + Math.max(1, replicasServing) - 1) / Math.max(1, replicasServing);
                maxLag = Math.max(maxLag, perReplica);
                modelLags[m].recordValue(Math.min(perReplica, modelLags[m].getHighestTrackableValue()));
                Model model = cluster.model(names[m]).get();
                desired += model.latest().spec().scaling().replicas();
                if (model.latest().status().state() == ModelState.SCHEDULE_FAILED) {
                    scheduleFailedSeconds += period / 1_000_000.0;
                }
            }
            int serverReplicas = pods();
            if (cluster != gapCountedFor) {
                int gap = 0;
                for (Server server : cluster.servers().values()) {
                    LowerBounds bounds = LowerBounds.of(PackingProblem.of(cluster, server.name()).get());
                    gap += Math.max(0, server.replicas().size() - Math.max(1, bounds.value()));
                }
                lastGap = gap;
                gapCountedFor = cluster;
            }
            int gap = lastGap;
            gapSum += gap;
            gapSamples++;
            long arrivalsNow = 0;
            for (long a : arrivalsInPeriod) {
                arrivalsNow += a;
            }
            timeline.add(new TimelineRow(now / 1_000_000L, arrivalsNow / (period / 1_000_000.0), inFlight, desired,
                servingReplicas, serverReplicas, gap, maxLag));
        }

        private void direction(String subject, int change) {
            long sign = Integer.signum(change);
            long[] last = lastDirection.get(subject);
            if (last != null && last[0] != sign && now - last[1] < micros(settings.flipFlopWindow())) {
                flipFlops++;
            }
            lastDirection.put(subject, new long[] {sign, now});
        }

        private void advance(long time) {
            if (time > lastCostTime) {
                podMicros += (double) pods() * (time - lastCostTime);
                lastCostTime = time;
            }
            now = time;
        }

        /** Server replicas running or starting; recounted only when the cluster or the starting replicas change. */
        private int pods() {
            if (cluster != podsCountedFor) {
                int pods = 0;
                for (Server server : cluster.servers().values()) {
                    pods += server.replicas().size();
                }
                connectedPods = pods;
                podsCountedFor = cluster;
            }
            return connectedPods + startingPods;
        }

        private void schedule(long time, int kind, int model, Object payload) {
            events.add(new Event(time, seq++, kind, model, payload));
        }

        private Instant instant() {
            return settings.start().plusNanos(now * 1_000L);
        }

        /** A pending transition, told apart from a later one of the same replica by its state's timestamp. */
        private static String key(Placement placement) {
            return placement.version() + "@" + placement.replica() + "@" + placement.status().timestamp();
        }

        /** Whether the replica is still in the state, entered at the time, that the event was scheduled for. */
        private boolean current(Placement placement) {
            return cluster.version(placement.version())
                .filter(v -> v.server().contains(placement.replica().server()))
                .flatMap(v -> v.replicas().get(placement.replica().index()))
                .contains(placement.status());
        }

        private static long micros(java.time.Duration duration) {
            return duration.toNanos() / 1_000L;
        }

        private Report report() {
            long queued = 0;
            for (int m = 0; m < models; m++) {
                queued += queueSize[m];
            }
            double hours = podMicros / 3_600_000_000.0;
            List<Metric> metrics = List.of(
                new Metric("server replica-hours", hours, "replica-hours"),
                new Metric("requests", arrivals, "requests"),
                new Metric("served", served, "requests"),
                new Metric("unserved at end", queued, "requests"),
                new Metric("mean wait", waits.getTotalCount() == 0 ? 0 : waits.getMean() / 1_000.0, "ms"),
                new Metric("p50 wait", waits.getValueAtPercentile(50) / 1_000.0, "ms"),
                new Metric("p99 wait", waits.getValueAtPercentile(99) / 1_000.0, "ms"),
                new Metric("max wait", waits.getMaxValue() / 1_000.0, "ms"),
                new Metric("waits over SLO", arrivals == 0 ? 0 : 100.0 * late / arrivals, "%"),
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
            for (int m = 0; m < models; m++) {
                rows.add(new Report.ModelRow(names[m].value(), modelWaits[m].getTotalCount(),
                    modelWaits[m].getValueAtPercentile(50) / 1_000.0, modelWaits[m].getValueAtPercentile(99) / 1_000.0,
                    modelWaits[m].getMaxValue() / 1_000.0, modelLags[m].getValueAtPercentile(50),
                    modelLags[m].getValueAtPercentile(99)));
            }
            return new Report(scenario.name(), preset.name(), seed, metrics, List.ofAll(rows), List.ofAll(timeline));
        }
    }
}
