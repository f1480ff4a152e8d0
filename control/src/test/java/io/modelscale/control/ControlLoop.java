package io.modelscale.policy;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.policy.model.DemandLagPolicy;
import io.modelscale.policy.model.InferenceLagPolicy;
import io.modelscale.policy.model.KnativeAutoscaler;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ScalingTrigger;
import io.modelscale.policy.server.ServerAutoscaler;
import io.modelscale.policy.server.ServerScalingDecision;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A control plane in miniature, for stateful property tests: it applies one event at a time to a {@link Cluster}
 * through the library's public API the way an embedding control plane does (the preset's model policy, the
 * scheduler, the server autoscaler, and agents that load, unload and fail), and checks the invariants of the
 * specification after every step.
 *
 * <p>An event is one {@code int}: its low bits choose the kind, the rest its parameters, so that shrinking an
 * event toward zero makes it simpler. A model-scaling event is a signal for the preset's model policy: a lag trigger
 * for {@link InferenceLagPolicy}, a demand for {@link DemandLagPolicy}, a concurrency for {@link KnativeAutoscaler}.
 * The loop is a test harness that keeps its state and steps in place; the library values it holds never change.
 */
final class ControlLoop {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Seq<ServerName> SERVERS = List.of(ServerName.of("small"), ServerName.of("large"));
    private static final long GIB = 1L << 30;
    private static final int MODELS = 6;
    private static final int KINDS = 10;

    /** A fault planted in the loop, to show the properties catch it. */
    enum Fault {
        /** None: the loop as an embedding control plane runs it. */
        NONE,
        /** Placement ignores memory: every replica of the server that is not draining is asked to load the model. */
        IGNORE_MEMORY
    }

    private final Preset preset;
    private final Fault fault;
    private final Scheduler scheduler;
    private final ServerAutoscaler servers;
    private final InferenceLagPolicy lagPolicy;
    private final DemandLagPolicy demandPolicy;
    private final KnativeAutoscaler knative;
    private final java.util.Map<ModelName, DemandLagPolicy.Memory> demandMemory = new java.util.HashMap<>();
    private final java.util.Map<ModelName, KnativeAutoscaler.Memory> knativeMemory = new java.util.HashMap<>();
    private final SplittableRandom random;
    private int modelScaleUps;
    private int modelScaleDowns;
    private Cluster cluster;
    private ServerAutoscaler.Memory serverMemory = ServerAutoscaler.Memory.initial();
    private Instant now = T0;
    private final StringBuilder log = new StringBuilder();

    ControlLoop(Preset preset, Fault fault, long seed) {
        this.preset = preset;
        this.fault = fault;
        this.scheduler = new Scheduler(preset.placement());
        this.servers = new ServerAutoscaler(preset.servers());
        this.lagPolicy = new InferenceLagPolicy(preset.inferenceLag());
        this.demandPolicy = new DemandLagPolicy(preset.demandLag());
        this.knative = new KnativeAutoscaler(preset.knative());
        this.random = new SplittableRandom(seed);
        Cluster start = Cluster.empty();
        for (int s = 0; s < SERVERS.size(); s++) {
            ServerName name = SERVERS.get(s);
            start = start.withServer(new ServerSpec(name, new ScalingSpec(2, 1, MaxReplicas.of(5)), true,
                ExpectedReplicas.of(2)));
            for (int i = 0; i < 2; i++) {
                start = start.connectReplica(name, emptyReplica(name, i)).get();
            }
        }
        this.cluster = start;
    }

    /** The cluster as the loop left it. */
    Cluster cluster() {
        return cluster;
    }

    /** How many times the model policy scaled a model up, and down. */
    int[] modelScalings() {
        return new int[] {modelScaleUps, modelScaleDowns};
    }

    /** The events applied so far, one per line. */
    String log() {
        return log.toString();
    }

    /**
     * Applies one event and checks the invariants.
     *
     * @throws AssertionError naming the invariant broken, with the events that led there
     */
    void step(int event) {
        int kind = Math.floorMod(event, KINDS);
        int a = Math.floorMod(event / KINDS, 1 << 12);
        int b = Math.floorMod(event / KINDS / (1 << 12), 1 << 8);
        now = now.plusSeconds(b % 8 == 0 ? 600 : 1 + b % 30);
        Seq<ModelName> servingBefore = serving();
        switch (kind) {
            case 0 -> deploy(a, b);
            case 1 -> delete(a);
            case 2, 3 -> modelSignal(a, kind == 2);
            case 4 -> progress(a, b % 5 == 0);
            case 5 -> {
                for (int i = 0; i <= b % 8; i++) {
                    progress(a + i, false);
                }
            }
            case 6 -> serverStep(SERVERS.get(a % SERVERS.size()), b % 2 == 0
                ? ServerAutoscaler.Trigger.SCALE_DOWN : ServerAutoscaler.Trigger.TICK, servingBefore);
            case 7 -> replicaFails(a, b);
            case 8 -> finishDrains();
            default -> retryFailed();
        }
        check();
    }

    private void deploy(int a, int b) {
        ModelName name = ModelName.of("m" + a % MODELS);
        int max = 1 + b % 4;
        int min = (b / 4) % 2;
        int replicas = Math.max(1, min) + (a / MODELS) % (max - Math.max(1, min) + 1);
        long memory = (1 + (a / 24) % 6) * GIB / 2;
        ModelSpec spec = ModelSpec.builder().name(name).memory(MemoryQuantity.ofBytes(memory))
            .scaling(new ScalingSpec(replicas, min, MaxReplicas.of(max))).build();
        log("deploy " + name + " " + spec.scaling() + " " + memory / (GIB / 2) + "×0.5Gi");
        cluster = cluster.deployModel(spec, now);
        place(name);
    }

    private void delete(int a) {
        ModelName name = ModelName.of("m" + a % MODELS);
        if (cluster.model(name).exists(m -> !m.deleted())) {
            log("delete " + name);
            cluster = cluster.deleteModel(name).get();
            place(name);
        }
    }

    private void modelSignal(int a, boolean up) {
        Option<Model> model = cluster.model(ModelName.of("m" + a % MODELS)).filter(m -> !m.deleted());
        if (model.isEmpty()) {
            return;
        }
        switch (preset.modelPolicy()) {
            case INFERENCE_LAG -> lagTrigger(model.get(), a, up);
            case DEMAND_LAG -> demand(model.get(), a, up);
            case KNATIVE -> concurrency(model.get(), a, up);
            default -> throw new IllegalStateException("no model policy " + preset.modelPolicy());
        }
    }

    private void demand(Model model, int a, boolean up) {
        ModelVersionId version = model.latest().id();
        long demand = up ? 1 + a % 120 : a % 3;
        DemandLagPolicy.Memory memory = demandMemory.getOrDefault(model.name(), DemandLagPolicy.Memory.initial());
        DemandLagPolicy.Observation observation = new DemandLagPolicy.Observation(now, version,
            model.latest().spec().scaling(), demand, demand / 2.0, 2);
        DemandLagPolicy.Step step = demandPolicy.decide(memory, observation);
        log("demand " + demand + " " + version + ": " + step.decision());
        if (!step.equals(demandPolicy.decide(memory, observation))) {
            throw new AssertionError("the same memory and observation gave two decisions\n" + log);
        }
        demandMemory.put(model.name(), step.memory());
        applyModelDecision(model, step.decision());
    }

    private void concurrency(Model model, int a, boolean up) {
        ModelVersion latest = model.latest();
        int ready = latest.status().availableReplicas();
        double concurrent = up ? 1 + a % 60 : a % 2;
        KnativeAutoscaler.Memory memory = knativeMemory.getOrDefault(model.name(),
            KnativeAutoscaler.Memory.initial(ready, now));
        KnativeAutoscaler.Observation observation = new KnativeAutoscaler.Observation(now, ready, concurrent,
            concurrent, true);
        KnativeAutoscaler.Step step = knative.decide(memory, observation);
        log("concurrency " + concurrent + " " + latest.id() + ": " + step.desired() + " (" + step.reason() + ")");
        if (!step.equals(knative.decide(memory, observation))) {
            throw new AssertionError("the same memory and observation gave two decisions\n" + log);
        }
        if (step.desired() < 0) {
            throw new AssertionError("Knative asked for " + step.desired() + " replicas\n" + log);
        }
        knativeMemory.put(model.name(), step.memory());
        ScalingSpec range = latest.spec().scaling();
        int desired = range.maxReplicas().clamp(Math.max(range.autoscalingFloor(), step.desired()));
        if (desired != range.replicas()) {
            applyModelDecision(model, new ModelScalingDecision.Scale(latest.id(), range.replicas(), desired,
                "Knative: " + step.reason()));
        }
    }

    private void lagTrigger(Model model, int a, boolean up) {
        ModelVersionId version = model.latest().id();
        ScalingTrigger trigger = new ScalingTrigger(version,
            up ? ScalingTrigger.Direction.UP : ScalingTrigger.Direction.DOWN, up ? 1 + a % 50 : 0);
        ModelScalingDecision decision = lagPolicy.decide(cluster, trigger, now);
        log("lag " + trigger.direction() + " " + version + ": " + decision);
        if (!decision.equals(lagPolicy.decide(cluster, trigger, now))) {
            throw new AssertionError("the same snapshot and trigger gave two decisions\n" + log);
        }
        applyModelDecision(model, decision);
    }

    /** Applies a model policy's decision as a control plane would, after checking it stays in the model's range. */
    private void applyModelDecision(Model model, ModelScalingDecision decision) {
        if (decision instanceof ModelScalingDecision.Scale scale) {
            ScalingSpec range = model.latest().spec().scaling();
            if (scale.to() < range.autoscalingFloor() || !range.maxReplicas().admits(scale.to())) {
                throw new AssertionError("the model policy scaled " + model.latest().id() + " to " + scale.to()
                    + " outside " + range + "\n" + log);
            }
            if (scale.to() > scale.from()) {
                modelScaleUps++;
            } else {
                modelScaleDowns++;
            }
            cluster = InferenceLagPolicy.apply(cluster, decision, now);
            place(model.name());
        }
    }

    /** Moves one model replica in flight one step, as its agent reports it. */
    private void progress(int a, boolean loadFails) {
        Seq<Placement> inFlight = cluster.placements().filter(p -> cluster.replica(p.replica()).isDefined())
            .filter(p -> switch (p.status().state()) {
            case LOAD_REQUESTED, LOADING, UNLOAD_ENVOY_REQUESTED, UNLOAD_REQUESTED, UNLOADING -> true;
            default -> false;
        });
        inFlight = inFlight.appendAll(unloadingAfterReset());
        if (inFlight.isEmpty()) {
            return;
        }
        Placement placement = inFlight.get(a % inFlight.size());
        ServerReplicaId at = placement.replica();
        boolean draining = cluster.replica(at).get().draining();
        switch (placement.status().state()) {
            case LOAD_REQUESTED -> set(placement, ModelReplicaState.LOADING);
            case LOADING -> {
                if (loadFails || draining) {
                    set(placement, ModelReplicaState.LOAD_FAILED);
                    serverStep(at.server(), ServerAutoscaler.Trigger.SCALE_DOWN, serving());
                } else {
                    set(placement, ModelReplicaState.LOADED);
                    set(placement, ModelReplicaState.AVAILABLE);
                    cleanOldVersions(placement.version().model());
                }
            }
            default -> {
                set(placement, ModelReplicaState.UNLOADED);
                serverStep(at.server(), ServerAutoscaler.Trigger.SCALE_DOWN, serving());
            }
        }
    }

    /** Replicas still unloading on the server a version's placement was reset from. */
    private Seq<Placement> unloadingAfterReset() {
        Seq<Placement> found = List.empty();
        for (Server server : cluster.servers().values()) {
            for (ServerReplica replica : server.replicas().values()) {
                for (ModelVersionId id : replica.loadedModels().addAll(replica.loadingModels())) {
                    Option<ModelVersion> version = cluster.version(id).filter(v -> v.server().isEmpty());
                    if (version.isDefined()) {
                        found = found.append(new Placement(id, new ServerReplicaId(server.name(), replica.index()),
                            version.get().replicas().get(replica.index()).get()));
                    }
                }
            }
        }
        return found;
    }

    private void set(Placement placement, ModelReplicaState state) {
        log("agent " + placement.version() + " on " + placement.replica() + " → " + state);
        cluster = cluster.updateModelState(placement.version(), placement.replica(), Option.none(), state, "", now)
            .getOrElseThrow(failure -> new AssertionError(failure.describe() + "\n" + log));
    }

    private void cleanOldVersions(ModelName name) {
        cluster = cluster.unloadReplacedVersions(name, now);
    }

    /** The server autoscaler's step, applied as the operator and the StatefulSet do. */
    private void serverStep(ServerName name, ServerAutoscaler.Trigger trigger, Seq<ModelName> servingBefore) {
        ServerAutoscaler.Step step = servers.step(serverMemory, cluster, name, trigger, now, random.nextDouble());
        serverMemory = step.memory();
        if (!(step.decision() instanceof ServerScalingDecision.Scale scale)) {
            return;
        }
        log("server " + name + " " + scale.from() + " → " + scale.to() + ": " + scale.reason());
        Server server = cluster.server(name).get();
        ScalingSpec range = server.spec().scaling();
        if (scale.to() < range.autoscalingFloor() || !range.maxReplicas().admits(scale.to())) {
            throw new AssertionError("server " + name + " scaled to " + scale.to() + " outside " + range + "\n" + log);
        }
        cluster = cluster.withServer(server.spec().withExpectedReplicas(ExpectedReplicas.of(scale.to())));
        if (scale.to() > scale.from()) {
            for (int i = server.replicas().size(); i < scale.to(); i++) {
                if (server.replica(ReplicaIndex.of(i)).isEmpty()) {
                    cluster = cluster.connectReplica(name, emptyReplica(name, i)).get();
                }
            }
            retryFailed();
            return;
        }
        for (ReplicaIndex index : server.replicas().keySet()) {
            if (index.value() >= scale.to() && !server.replica(index).get().draining()) {
                cluster = cluster.drainReplica(new ServerReplicaId(name, index), now).get();
            }
        }
        for (Model model : cluster.models().values()) {
            if (!model.deleted() && model.latest().server().contains(name)) {
                place(model.name());
            }
        }
        Seq<ModelName> lost = servingBefore.removeAll(serving());
        if (!lost.isEmpty()) {
            throw new AssertionError("scaling " + name + " down left " + lost + " without a serving replica\n" + log);
        }
    }

    /** A server replica restarts: it leaves with what it held and comes back empty. */
    private void replicaFails(int a, int b) {
        ServerName name = SERVERS.get(a % SERVERS.size());
        Seq<ServerReplica> connected = cluster.server(name).get().replicas().values().toList();
        if (connected.isEmpty()) {
            return;
        }
        ServerReplica failed = connected.get(b % connected.size());
        log("replica " + name + "-" + failed.index() + " restarts");
        cluster = cluster.disconnectReplica(new ServerReplicaId(name, failed.index()), now).get();
        cluster = cluster.connectReplica(name, emptyReplica(name, failed.index().value())).get();
        retryFailed();
    }

    /** Removes the draining replicas whose models are available elsewhere or gave up, as the operator does. */
    private void finishDrains() {
        for (ServerName name : SERVERS) {
            Server server = cluster.server(name).get();
            int expected = server.spec().expectedReplicas().count().getOrElse(server.replicas().size());
            for (ServerReplica replica : server.replicas().values()) {
                if (replica.index().value() >= expected && replica.draining()
                    && cluster.canLeave(new ServerReplicaId(name, replica.index()), expected)) {
                    log("replica " + name + "-" + replica.index() + " leaves");
                    cluster = cluster.disconnectReplica(new ServerReplicaId(name, replica.index()), now).get();
                }
            }
        }
        retryFailed();
    }

    private void retryFailed() {
        Tuple2<Cluster, Seq<ModelName>> retried = scheduler.scheduleFailedModels(cluster, now, random);
        cluster = retried._1;
        for (Model model : cluster.models().values()) {
            if (!model.deleted() && model.latest().status().availableReplicas()
                < model.latest().spec().scaling().replicas()) {
                place(model.name());
            }
        }
    }

    private void place(ModelName name) {
        ScheduleResult result = scheduler.schedule(cluster, name, now, random)
            .getOrElseThrow(failure -> new AssertionError(failure.describe() + "\n" + log));
        cluster = result.cluster();
        Model model = cluster.model(name).get();
        if (fault == Fault.IGNORE_MEMORY && !model.deleted() && model.latest().server().isDefined()) {
            ServerName server = model.latest().server().get();
            cluster = cluster.updateLoadedModels(model.latest().id(), Option.some(server),
                cluster.server(server).get().replicas().values().filter(r -> !r.draining())
                    .map(ServerReplica::index).toList(), now).get();
        }
        for (ServerName server : result.serverScaleUp()) {
            serverStep(server, ServerAutoscaler.Trigger.SCALE_UP, serving());
        }
    }

    /** The models with a replica requests reach. */
    private Seq<ModelName> serving() {
        return cluster.placements().filter(p -> p.status().state().canReceiveTraffic())
            .map(p -> p.version().model()).distinct();
    }

    private void check() {
        var violations = cluster.checkInvariants();
        if (!violations.isEmpty()) {
            throw new AssertionError("invariants broken: " + violations.map(v -> v.describe()).mkString("; ")
                + "\n" + log);
        }
        for (Model model : cluster.models().values()) {
            if (!model.deleted() && model.latest().spec().scaling().replicas() < 1) {
                throw new AssertionError("model " + model.name() + " wants no replica\n" + log);
            }
        }
        for (Server server : cluster.servers().values()) {
            int expected = server.spec().expectedReplicas().count().getOrElse(-1);
            ScalingSpec range = server.spec().scaling();
            if (expected < range.autoscalingFloor() || !range.maxReplicas().admits(expected)) {
                throw new AssertionError("server " + server.name() + " expects " + expected + " outside " + range
                    + "\n" + log);
            }
        }
    }

    private void log(String line) {
        log.append(Duration.between(T0, now).getSeconds()).append("s ").append(line).append('\n');
    }

    private static ServerReplica emptyReplica(ServerName server, int index) {
        long capacity = server.value().equals("small") ? 2 * GIB : 4 * GIB;
        return ServerReplica.empty(ReplicaIndex.of(index), List.empty(), new ReplicaMemory(capacity, 0));
    }
}
