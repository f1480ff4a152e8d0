package io.modelscale.control;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ServerScalingDecision;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The world around the control step, in miniature, for stateful property tests: it turns one generated event at a
 * time into what a cluster does (Models deployed and deleted, traffic that rises and falls, agents that load, unload
 * and fail loads, server replicas that join, drain, leave, restart and are evicted) and hands each to
 * {@link Autoscaler#step} as a
 * {@link Trigger}, the way an embedding control plane does. It decides nothing: the control step does. After every
 * step it checks the invariants of {@code shared/spec/README.md} §4: no step with a server scale-down leaves a model
 * without a serving replica, and, under a preset that refuses unsafe scale-downs, neither does releasing a drained
 * replica (unless, when the release was decided, the model was deleted or its latest version given up on as
 * ScheduleFailed).
 *
 * <p>An event is one {@code int}: its low bits choose the kind, the rest its parameters, so that shrinking an event
 * toward zero makes it simpler. The loop keeps its state and steps in place; the library values it holds never
 * change.
 */
final class ControlLoop {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Seq<ServerName> SERVERS = List.of(ServerName.of("small"), ServerName.of("large"));
    private static final long GIB = 1L << 30;
    private static final int MODELS = 6;
    private static final int KINDS = 10;

    private final Autoscaler autoscaler;
    private final boolean refusesUnsafeScaleDowns;
    private final SplittableRandom random;
    private final StringBuilder log = new StringBuilder();
    private ControlMemory memory = ControlMemory.initial();
    private Cluster cluster = Cluster.empty();
    private Signals signals = Signals.none();
    private Instant now = T0;
    private int modelScaleUps;
    private int modelScaleDowns;
    private int serverScaleDowns;
    private int servingReleases;

    ControlLoop(Preset preset, long seed) {
        this.autoscaler = Autoscaler.of(preset);
        this.refusesUnsafeScaleDowns = preset.scaleDownCheck().refuseUnplaceable();
        this.random = new SplittableRandom(seed);
        for (ServerName name : SERVERS) {
            step(new Trigger.ServerUpdated(new ServerSpec(name, new ScalingSpec(2, 1, MaxReplicas.of(5)), true,
                ExpectedReplicas.of(2))));
            for (int i = 0; i < 2; i++) {
                step(new Trigger.ServerReplicaConnected(name, emptyReplica(name, i)));
            }
        }
    }

    /** The cluster as the loop left it. */
    Cluster cluster() {
        return cluster;
    }

    /** How many times the model policy scaled a model up, and down; how many times a server was lowered. */
    /**
     * How often the sequence scaled a model up, down, a server down, and released a drained replica that held a
     * serving replica of a live model (where the release check has something to lose).
     */
    int[] scalings() {
        return new int[] {modelScaleUps, modelScaleDowns, serverScaleDowns, servingReleases};
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
    void apply(int event) {
        int kind = Math.floorMod(event, KINDS);
        int a = Math.floorMod(event / KINDS, 1 << 12);
        int b = Math.floorMod(event / KINDS / (1 << 12), 1 << 8);
        now = now.plusSeconds(b % 8 == 0 ? 600 : 1 + b % 30);
        switch (kind) {
            case 0 -> deploy(a, b);
            case 1 -> step(new Trigger.ModelDeleted(model(a)));
            case 2, 3 -> traffic(a, kind == 2);
            case 4 -> progress(a, b % 5 == 0);
            case 5 -> {
                for (int i = 0; i <= b % 8; i++) {
                    progress(a + i, false);
                }
            }
            case 6 -> step(new Trigger.DrainCheck(SERVERS.get(a % SERVERS.size())));
            case 7 -> {
                if (b % 2 == 0) {
                    restart(a, b);
                } else {
                    evict(a, b);
                }
            }
            case 8 -> SERVERS.forEach(server -> step(new Trigger.DrainCheck(server)));
            default -> step(Trigger.tick(signals));
        }
    }

    private void deploy(int a, int b) {
        int max = 1 + b % 4;
        int min = (b / 4) % 2;
        int replicas = Math.max(1, min) + (a / MODELS) % (max - Math.max(1, min) + 1);
        long memoryBytes = (1 + (a / 24) % 6) * GIB / 2;
        step(new Trigger.ModelDeployed(ModelSpec.builder().name(model(a)).memory(MemoryQuantity.ofBytes(memoryBytes))
            .scaling(new ScalingSpec(replicas, min, MaxReplicas.of(max))).build()));
    }

    /** Traffic of one model rises or falls, and the stats period comes round. */
    private void traffic(int a, boolean up) {
        ModelName name = model(a);
        ModelSignals before = signals.of(name);
        long outstanding = up ? 1 + a % 120 : a % 3;
        ModelSignals after = new ModelSignals(outstanding, 0, Math.min(outstanding, before.outstanding()),
            outstanding / 2.0, Option.none(), up ? Option.some(now) : before.lastRequest(), 2);
        signals = signals.with(name, after);
        log("traffic " + name + " " + outstanding);
        step(Trigger.tick(signals));
    }

    /** Moves one model replica in flight one step, as its agent reports it. */
    private void progress(int a, boolean loadFails) {
        Seq<Placement> inFlight = cluster.placements().filter(p -> cluster.replica(p.replica()).isDefined())
            .filter(p -> switch (p.status().state()) {
            case LOAD_REQUESTED, LOADING, UNLOAD_ENVOY_REQUESTED, UNLOAD_REQUESTED, UNLOADING -> true;
            default -> false;
        });
        if (inFlight.isEmpty()) {
            return;
        }
        Placement placement = inFlight.get(a % inFlight.size());
        boolean draining = cluster.replica(placement.replica()).get().draining();
        switch (placement.status().state()) {
            case LOAD_REQUESTED -> report(placement, ModelReplicaState.LOADING, "");
            case LOADING -> {
                if (loadFails || draining) {
                    report(placement, ModelReplicaState.LOAD_FAILED, draining ? "server replica is draining" : "");
                } else {
                    report(placement, ModelReplicaState.LOADED, "");
                    report(placement, ModelReplicaState.AVAILABLE, "");
                }
            }
            default -> report(placement, ModelReplicaState.UNLOADED, "");
        }
    }

    /** A server replica restarts: it leaves with what it held and comes back empty. */
    private void restart(int a, int b) {
        ServerName name = SERVERS.get(a % SERVERS.size());
        Seq<ServerReplica> connected = cluster.server(name).get().replicas().values().toList();
        if (connected.isEmpty()) {
            return;
        }
        ReplicaIndex index = connected.get(b % connected.size()).index();
        step(new Trigger.ServerReplicaDisconnected(new ServerReplicaId(name, index)));
        step(new Trigger.ServerReplicaConnected(name, emptyReplica(name, index.value())));
    }

    /** A server replica's pod is evicted: it drains, and the control step moves its models. */
    private void evict(int a, int b) {
        ServerName name = SERVERS.get(a % SERVERS.size());
        Seq<ServerReplica> connected = cluster.server(name).get().replicas().values().filter(r -> !r.draining())
            .toList();
        if (!connected.isEmpty()) {
            step(new Trigger.ServerReplicaDraining(new ServerReplicaId(name, connected.get(b % connected.size())
                .index())));
        }
    }

    private void report(Placement placement, ModelReplicaState state, String reason) {
        step(new Trigger.ModelReplicaReported(placement.version(), placement.replica(), Option.none(), state, reason));
    }

    /**
     * One control step, its result carried out as the world does (new server replicas join, released ones leave),
     * and every invariant checked.
     */
    private void step(Trigger trigger) {
        Cluster before = cluster;
        ControlResult result = autoscaler.step(memory, cluster, trigger, now, random);
        log(trigger.describe() + result.refused().map(f -> " refused: " + f.describe()).getOrElse(""));
        result.describe().filter(line -> !line.startsWith("hold") && !line.startsWith("keep"))
            .forEach(line -> log("  " + line));
        memory = result.memory();
        cluster = result.cluster();
        checkDecisions(before, result);
        check();
        for (ServerScalingDecision.Scale scale : result.serverScales()) {
            if (scale.up()) {
                for (int i = 0; i < scale.to(); i++) {
                    if (cluster.server(scale.server()).get().replica(ReplicaIndex.of(i)).isEmpty()) {
                        step(new Trigger.ServerReplicaConnected(scale.server(), emptyReplica(scale.server(), i)));
                    }
                }
            }
        }
        Cluster decided = result.cluster();
        for (ServerReplicaId released : result.released()) {
            Cluster serving = cluster;
            if (servedOn(serving, released)) {
                servingReleases++;
            }
            step(new Trigger.ServerReplicaDisconnected(released));
            if (refusesUnsafeScaleDowns) {
                Seq<ModelName> lost = serving(serving).removeAll(serving(cluster)).filter(name ->
                    decided.model(name).exists(m -> !m.deleted()
                        && m.latest().status().state() != ModelState.SCHEDULE_FAILED));
                if (!lost.isEmpty()) {
                    throw new AssertionError("releasing " + released + " left " + lost + " without a serving replica\n"
                        + log);
                }
            }
            int expected = cluster.server(released.server()).get().spec().expectedReplicas().count().getOrElse(0);
            if (released.index().value() < expected) {
                step(new Trigger.ServerReplicaConnected(released.server(), emptyReplica(released.server(),
                    released.index().value())));
            }
        }
    }

    /** What the step decided keeps every model within its range and, through a server scale-down, served. */
    private void checkDecisions(Cluster before, ControlResult result) {
        for (ModelScalingDecision decision : result.modelDecisions()) {
            if (decision instanceof ModelScalingDecision.Scale scale) {
                ScalingSpec range = before.model(scale.version().model()).get().latest().spec().scaling();
                if (scale.to() < range.autoscalingFloor() || !range.maxReplicas().admits(scale.to())) {
                    throw new AssertionError("the model policy scaled " + scale.version() + " to " + scale.to()
                        + " outside " + range + "\n" + log);
                }
                if (scale.up()) {
                    modelScaleUps++;
                } else {
                    modelScaleDowns++;
                }
            }
        }
        if (result.serverScales().exists(s -> !s.up())) {
            serverScaleDowns++;
            Seq<ModelName> lost = serving(before).removeAll(serving(cluster));
            if (!lost.isEmpty()) {
                throw new AssertionError("a server scale-down left " + lost + " without a serving replica\n" + log);
            }
        }
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

    /**
     * The models with a replica requests reach, read from the snapshot's raw entries rather than through the
     * library's own {@code Cluster.serves}, which the release rule uses: a replica in a state the router sends to
     * (Loaded, Available, LoadedUnavailable, Draining) whose server replica still lists the version as loaded.
     */
    private static Seq<ModelName> serving(Cluster cluster) {
        return routed(cluster).map(p -> p.version().model()).distinct();
    }

    private static Seq<Placement> routed(Cluster cluster) {
        java.util.Set<ModelReplicaState> routed = java.util.EnumSet.of(ModelReplicaState.LOADED,
            ModelReplicaState.AVAILABLE, ModelReplicaState.LOADED_UNAVAILABLE, ModelReplicaState.DRAINING);
        return cluster.placements().filter(p -> routed.contains(p.status().state())
            && cluster.replica(p.replica()).exists(r -> r.loadedModels().contains(p.version())));
    }

    /** Whether {@code replica} holds a replica of a live model that requests reach. */
    private static boolean servedOn(Cluster cluster, ServerReplicaId replica) {
        return routed(cluster).exists(p -> p.replica().equals(replica)
            && cluster.model(p.version().model()).exists(m -> !m.deleted()));
    }

    private void log(String line) {
        log.append(Duration.between(T0, now).getSeconds()).append("s ").append(line).append('\n');
    }

    private static ModelName model(int a) {
        return ModelName.of("m" + a % MODELS);
    }

    private static ServerReplica emptyReplica(ServerName server, int index) {
        long capacity = server.value().equals("small") ? 2 * GIB : 4 * GIB;
        return ServerReplica.empty(ReplicaIndex.of(index), List.empty(), new ReplicaMemory(capacity, 0));
    }
}
