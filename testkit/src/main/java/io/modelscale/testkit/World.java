package io.modelscale.testkit;

import io.modelscale.control.Autoscaler;
import io.modelscale.control.ControlMemory;
import io.modelscale.control.ControlResult;
import io.modelscale.control.Trigger;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelState;
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
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The world around the control step, in miniature: it turns one {@link Event} at a time into what a cluster does
 * and hands each to {@link Autoscaler#step} as a {@link Trigger}, the way an embedding control plane does, carrying
 * out what the step decides (new server replicas join, released ones leave and, below the expected count, come
 * back). It decides nothing itself. After every step it checks the {@link Invariant}s it was given and counts what
 * the step {@link Reach reached}.
 *
 * <p>The world keeps its state and steps in place; the library values it holds never change.
 */
final class World {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<ServerName> SERVERS = List.of(ServerName.of("small"), ServerName.of("large"));
    private static final long GIB = 1L << 30;
    private static final java.util.Set<ModelScalingDecision.HoldReason> REFUSED = EnumSet.of(
        ModelScalingDecision.HoldReason.OUT_OF_RANGE, ModelScalingDecision.HoldReason.BELOW_MINIMUM,
        ModelScalingDecision.HoldReason.ABOVE_MAXIMUM, ModelScalingDecision.HoldReason.NO_CAPACITY);
    private static final java.util.Set<ModelReplicaState> ROUTED = EnumSet.of(ModelReplicaState.LOADED,
        ModelReplicaState.AVAILABLE, ModelReplicaState.LOADED_UNAVAILABLE, ModelReplicaState.DRAINING);

    /** One control step, as {@link Autoscaler#step} takes it; a test may plant a fault around it. */
    @FunctionalInterface
    interface Step {
        ControlResult apply(ControlMemory memory, Cluster cluster, Trigger trigger, Instant now,
                            java.util.random.RandomGenerator random);
    }

    private final Autoscaler autoscaler;
    private final Step control;
    private final Set<Invariant> checked;
    private final Duration window;
    private final SplittableRandom random;
    private final StringBuilder log = new StringBuilder();
    private final EnumMap<Reach, Integer> reached = new EnumMap<>(Reach.class);
    private final Map<String, Scaled> steadyScales = new HashMap<>();
    private final Recorded recorded = new Recorded();
    private ControlMemory memory = ControlMemory.initial();
    private Cluster cluster = Cluster.empty();
    private Signals signals = Signals.none();
    private Instant now = T0;

    /** A scale seen since the last event that changed anything but the time: when, and which way. */
    private record Scaled(Instant at, boolean up, int from, int to) {
    }

    World(Preset preset, long seed, Set<Invariant> checked, Duration window) {
        this(preset, seed, checked, window, java.util.function.UnaryOperator.identity());
    }

    World(Preset preset, long seed, Set<Invariant> checked, Duration window,
          java.util.function.UnaryOperator<Step> fault) {
        this.autoscaler = Autoscaler.of(recorded.wrap(preset));
        this.control = fault.apply(autoscaler::step);
        this.checked = checked.isEmpty() ? EnumSet.noneOf(Invariant.class) : EnumSet.copyOf(checked);
        this.window = window;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Sets the world up: its servers, each at two connected replicas. Every invariant is checked from this first
     * step on, so a break here is reported as any other, with the log so far.
     *
     * @throws Broken naming the invariant broken and how
     */
    World start() {
        for (ServerName name : SERVERS) {
            step(new Trigger.ServerUpdated(new ServerSpec(name, new ScalingSpec(2, 1, MaxReplicas.of(5)), true,
                ExpectedReplicas.of(2))));
            for (int i = 0; i < 2; i++) {
                step(new Trigger.ServerReplicaConnected(name, emptyReplica(name, i)));
            }
        }
        return this;
    }

    /** The cluster as the world left it. */
    Cluster cluster() {
        return cluster;
    }

    /** What happened so far, one line per trigger and per decision other than a hold. */
    String log() {
        return log.toString();
    }

    /** How many times each {@link Reach} was reached so far. */
    Map<Reach, Integer> reached() {
        return reached;
    }

    /**
     * Applies one event and checks the invariants after every step it causes.
     *
     * @throws Broken naming the invariant broken and how
     */
    void apply(Event event) {
        now = now.plusSeconds(event.afterSeconds());
        log(event.describe());
        if (!(event instanceof Event.Tick || event instanceof Event.HoldLoad)) {
            steadyScales.clear();
        }
        if (event instanceof Event.Deploy deploy) {
            deploy(deploy);
        } else if (event instanceof Event.Delete delete) {
            step(new Trigger.ModelDeleted(model(delete.model())));
        } else if (event instanceof Event.Traffic traffic) {
            traffic(model(traffic.model()), traffic.outstanding());
        } else if (event instanceof Event.AgentProgress progress) {
            for (int i = 0; i < progress.count(); i++) {
                progress(progress.pick() + i, progress.loadFails());
            }
        } else if (event instanceof Event.DrainCheck check) {
            List<ServerName> servers = check.server() < 0 ? SERVERS : List.of(server(check.server()));
            servers.forEach(server -> step(new Trigger.DrainCheck(server)));
        } else if (event instanceof Event.Restart restart) {
            restart(server(restart.server()), restart.pick());
        } else if (event instanceof Event.Evict evict) {
            evict(server(evict.server()), evict.pick());
        } else if (event instanceof Event.Tick) {
            step(Trigger.tick(signals));
        } else if (event instanceof Event.HoldLoad hold) {
            hold(hold);
        }
    }

    static ServerName server(int index) {
        return SERVERS.get(Math.floorMod(index, SERVERS.size()));
    }

    private static ModelName model(int index) {
        return ModelName.of("m" + Math.floorMod(index, Event.MODELS));
    }

    private void deploy(Event.Deploy deploy) {
        step(new Trigger.ModelDeployed(ModelSpec.builder().name(model(deploy.model()))
            .memory(MemoryQuantity.ofBytes(deploy.halfGibs() * GIB / 2))
            .scaling(new ScalingSpec(deploy.replicas(), deploy.minReplicas(), MaxReplicas.of(deploy.maxReplicas())))
            .build()));
    }

    /**
     * Traffic of one model changes, and the stats period comes round: of the requests outstanding, those beyond what
     * the model's routed replicas serve at once ({@value #CONCURRENCY} each) are queued, the rest in flight; they
     * arrive at half that number per second and take {@value #SERVICE_SECONDS} s each.
     */
    private void traffic(ModelName name, long outstanding) {
        ModelSignals before = signals.of(name);
        long serving = (long) CONCURRENCY * routedReplicas(name);
        long inFlight = Math.min(outstanding, serving);
        signals = signals.with(name, new ModelSignals(inFlight, outstanding - inFlight,
            Math.min(outstanding, before.outstanding()), outstanding / 2.0,
            outstanding > 0 ? Option.some(Duration.ofSeconds(SERVICE_SECONDS)) : Option.none(),
            outstanding > 0 ? Option.some(now) : before.lastRequest(), CONCURRENCY));
        step(Trigger.tick(signals));
    }

    /** The requests a model replica serves at once in this world. */
    static final int CONCURRENCY = 2;
    /** How long a request of this world takes. */
    static final int SERVICE_SECONDS = 1;

    /** The replicas of the model's versions requests are routed to. */
    private int routedReplicas(ModelName name) {
        int routed = 0;
        for (Placement placement : cluster.placements()) {
            if (placement.version().model().equals(name) && ROUTED.contains(placement.status().state())) {
                routed++;
            }
        }
        return routed;
    }

    /** The load holds: agents finish, drains are checked, and stats periods come round with requests arriving. */
    private void hold(Event.HoldLoad hold) {
        for (int i = 0; i < hold.ticks(); i++) {
            if (i > 0) {
                now = now.plusSeconds(hold.spacingSeconds());
            }
            settle();
            SERVERS.forEach(server -> step(new Trigger.DrainCheck(server)));
            Signals held = signals;
            for (ModelName name : cluster.models().keySet()) {
                ModelSignals own = held.of(name);
                if (own.outstanding() > 0) {
                    held = held.with(name, new ModelSignals(own.inFlight(), own.queued(), own.outstanding(),
                        own.arrivalsPerSecond(), own.meanServiceTime(), Option.some(now),
                        own.concurrencyPerReplica()));
                }
            }
            signals = held;
            step(Trigger.tick(signals));
        }
    }

    /** Every load and unload in flight completes, as agents report them. */
    private void settle() {
        for (int i = 0; i < 200 && !inFlight().isEmpty(); i++) {
            progress(0, false);
        }
    }

    private Seq<Placement> inFlight() {
        return cluster.placements().filter(p -> cluster.replica(p.replica()).isDefined())
            .filter(p -> switch (p.status().state()) {
            case LOAD_REQUESTED, LOADING, UNLOAD_ENVOY_REQUESTED, UNLOAD_REQUESTED, UNLOADING -> true;
            default -> false;
        });
    }

    /** Moves one model replica in flight one step on, as its agent reports it. */
    private void progress(int pick, boolean loadFails) {
        Seq<Placement> moving = inFlight();
        if (moving.isEmpty()) {
            return;
        }
        Placement placement = moving.get(Math.floorMod(pick, moving.size()));
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
    private void restart(ServerName name, int pick) {
        Seq<ServerReplica> connected = cluster.server(name).get().replicas().values().toList();
        if (connected.isEmpty()) {
            return;
        }
        ReplicaIndex index = connected.get(Math.floorMod(pick, connected.size())).index();
        step(new Trigger.ServerReplicaDisconnected(new ServerReplicaId(name, index)));
        step(new Trigger.ServerReplicaConnected(name, emptyReplica(name, index.value())));
    }

    /** A server replica's pod is evicted: it drains, and the control step moves its models. */
    private void evict(ServerName name, int pick) {
        Seq<ServerReplica> connected = cluster.server(name).get().replicas().values().filter(r -> !r.draining())
            .toList();
        if (!connected.isEmpty()) {
            step(new Trigger.ServerReplicaDraining(new ServerReplicaId(name,
                connected.get(Math.floorMod(pick, connected.size())).index())));
        }
    }

    private void report(Placement placement, ModelReplicaState state, String reason) {
        step(new Trigger.ModelReplicaReported(placement.version(), placement.replica(), Option.none(), state, reason));
    }

    /** Where {@code thrown} (or, for a policy's failure the step wrapped, its cause) came from: its first frames. */
    private static String where(Throwable thrown) {
        Throwable origin = thrown.getCause() != null ? thrown.getCause() : thrown;
        StackTraceElement[] frames = origin.getStackTrace();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(4, frames.length); i++) {
            text.append(i == 0 ? " (at " : " < ").append(frames[i]);
        }
        return text.length() == 0 ? "" : text.append(')').toString();
    }

    /**
     * One control step, every invariant checked, and its result carried out as the world does: new server replicas
     * join, released ones leave (and come back when below the expected count).
     */
    private void step(Trigger trigger) {
        Cluster before = cluster;
        ControlResult result;
        try {
            result = control.apply(memory, cluster, trigger, now, random);
        } catch (RuntimeException | Error e) {
            log("  " + trigger.describe());
            throw broken(Invariant.NO_EXCEPTION, "the control step threw on '" + trigger.describe() + "': " + e
                + where(e));
        }
        log("  " + trigger.describe());
        result.describe().filter(line -> !line.startsWith("hold") && !line.startsWith("keep"))
            .forEach(line -> log("    " + line));
        memory = result.memory();
        cluster = result.cluster();
        checkAsks();
        checkModelDecisions(before, result);
        checkServerDecisions(before, result);
        checkSnapshot();
        checkServing(before, trigger, result);
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
            step(new Trigger.ServerReplicaDisconnected(released));
            if (checked.contains(Invariant.NO_DOWNTIME)) {
                Seq<ModelName> lost = serving(serving).removeAll(serving(cluster)).filter(name ->
                    decided.model(name).exists(m -> !m.deleted()
                        && m.latest().status().state() != ModelState.SCHEDULE_FAILED));
                if (!lost.isEmpty()) {
                    throw broken(Invariant.NO_DOWNTIME, "releasing " + released + " left " + names(lost)
                        + " without a serving replica");
                }
            }
            int expected = cluster.server(released.server()).get().spec().expectedReplicas().count().getOrElse(0);
            if (released.index().value() < expected) {
                step(new Trigger.ServerReplicaConnected(released.server(), emptyReplica(released.server(),
                    released.index().value())));
            }
        }
    }

    /** Every count a policy asked for, as it asked it, lies in the range of the model or server it was for. */
    private void checkAsks() {
        for (Recorded.Ask ask : recorded.drain()) {
            Invariant invariant = ask.subject().startsWith("model ") ? Invariant.MODEL_BOUNDS : Invariant.SERVER_BOUNDS;
            if (!within(ask.to(), ask.range()) && checked.contains(invariant)) {
                throw broken(invariant, "the policy " + ask.policy() + " asked for " + ask.to() + " replicas of "
                    + ask.subject() + ", outside " + bounds(ask.range()));
            }
        }
    }

    /** Model scales are counted and watched for flip-flops; held-back scales count as refusals. */
    private void checkModelDecisions(Cluster before, ControlResult result) {
        for (ModelScalingDecision decision : result.modelDecisions()) {
            if (decision instanceof ModelScalingDecision.Hold hold && REFUSED.contains(hold.reason())) {
                reach(Reach.REFUSAL);
            }
            if (decision instanceof ModelScalingDecision.Scale scale) {
                ScalingSpec range = before.model(scale.version().model()).get().latest().spec().scaling();
                if (checked.contains(Invariant.MODEL_BOUNDS) && !within(scale.to(), range)) {
                    throw broken(Invariant.MODEL_BOUNDS, "the control step scaled " + scale.version().model()
                        + " to " + scale.to() + ", outside " + bounds(range));
                }
                reach(scale.up() ? Reach.MODEL_SCALE_UP : Reach.MODEL_SCALE_DOWN);
                watch("model " + scale.version().model(), scale.up(), scale.from(), scale.to());
            }
        }
    }

    /** Server scales are counted and watched for flip-flops, held-back ones count as refusals, drains are counted. */
    private void checkServerDecisions(Cluster before, ControlResult result) {
        for (ServerScalingDecision decision : result.serverDecisions()) {
            if (decision instanceof ServerScalingDecision.Hold hold
                && (hold.reason() instanceof ServerHoldReason.Refused
                || hold.reason() instanceof ServerHoldReason.OutOfRange
                || hold.reason() instanceof ServerHoldReason.AtFloor
                || hold.reason() instanceof ServerHoldReason.NoSafePlan)) {
                reach(Reach.REFUSAL);
            }
        }
        for (ServerScalingDecision.Scale scale : result.serverScales()) {
            reach(scale.up() ? Reach.SERVER_SCALE_UP : Reach.SERVER_SCALE_DOWN);
            watch("server " + scale.server(), scale.up(), scale.from(), scale.to());
        }
        for (Server server : cluster.servers().values()) {
            for (ServerReplica replica : server.replicas().values()) {
                ServerReplicaId id = new ServerReplicaId(server.name(), replica.index());
                boolean wasDraining = before.replica(id).exists(ServerReplica::draining);
                if (replica.draining() && !wasDraining
                    && before.replica(id).exists(r -> !r.loadedModels().isEmpty() || !r.loadingModels().isEmpty())) {
                    reach(Reach.DRAIN);
                }
            }
        }
    }

    /**
     * A scale the other way within the window, with nothing but time passing in between (stats periods, and under a
     * held load the agents finishing what they were asked), is a flip-flop.
     */
    private void watch(String what, boolean up, int from, int to) {
        Scaled last = steadyScales.get(what);
        if (checked.contains(Invariant.NO_FLIP_FLOP) && last != null && last.up() != up
            && Duration.between(last.at(), now).compareTo(window) < 0) {
            throw broken(Invariant.NO_FLIP_FLOP, what + " scaled " + direction(last.up()) + " from " + last.from()
                + " to " + last.to() + " at " + seconds(last.at()) + " and " + direction(up) + " from " + from + " to "
                + to + " at " + seconds(now) + ", " + Duration.between(last.at(), now).getSeconds()
                + " s apart, while the load held (window " + window.getSeconds() + " s)");
        }
        steadyScales.put(what, new Scaled(now, up, from, to));
    }

    /** The snapshot's invariants, each read from its raw entries. */
    private void checkSnapshot() {
        for (Model model : cluster.models().values()) {
            ScalingSpec range = model.latest().spec().scaling();
            if (checked.contains(Invariant.MODEL_BOUNDS) && !model.deleted()
                && (range.replicas() < 1 || range.replicas() < range.minReplicas()
                || !within(range.replicas(), range))) {
                throw broken(Invariant.MODEL_BOUNDS, "model " + model.name() + " wants " + range.replicas()
                    + " replicas, outside " + bounds(range));
            }
        }
        Seq<Placement> requested = cluster.placements()
            .filter(p -> p.status().state() == ModelReplicaState.LOAD_REQUESTED);
        for (Server server : cluster.servers().values()) {
            ScalingSpec range = server.spec().scaling();
            int expected = server.spec().expectedReplicas().count().getOrElse(-1);
            if (checked.contains(Invariant.SERVER_BOUNDS)
                && (expected < Math.max(1, range.minReplicas()) || !within(expected, range))) {
                throw broken(Invariant.SERVER_BOUNDS, "server " + server.name() + " expects " + expected
                    + " replicas, outside " + bounds(range));
            }
            for (ServerReplica replica : server.replicas().values()) {
                checkReplica(new ServerReplicaId(server.name(), replica.index()), replica, requested);
            }
        }
    }

    private void checkReplica(ServerReplicaId id, ServerReplica replica, Seq<Placement> requested) {
        if (checked.contains(Invariant.ONE_REPLICA_PER_SERVER_REPLICA)) {
            Seq<ModelVersionId> twice = replica.loadedModels().intersect(replica.loadingModels()).toList();
            if (!twice.isEmpty()) {
                throw broken(Invariant.ONE_REPLICA_PER_SERVER_REPLICA, id + " lists " + twice.head()
                    + " as both loaded and loading");
            }
        }
        if (checked.contains(Invariant.MEMORY)) {
            java.util.Set<ModelVersionId> registered = new TreeSet<>();
            replica.loadedModels().forEach(registered::add);
            replica.loadingModels().forEach(registered::add);
            BigInteger held = BigInteger.ZERO;
            for (ModelVersionId version : registered) {
                held = held.add(bytes(version));
            }
            for (Placement placement : requested) {
                if (placement.replica().equals(id) && !registered.contains(placement.version())) {
                    held = held.add(bytes(placement.version()));
                }
            }
            ReplicaMemory memory = replica.memory();
            BigInteger capacity = BigInteger.valueOf(memory.totalBytes())
                .multiply(BigInteger.valueOf(100L + memory.overcommitPercentage())).divide(BigInteger.valueOf(100));
            if (held.compareTo(capacity) > 0) {
                throw broken(Invariant.MEMORY, id + " holds " + held + " bytes of models, above its capacity of "
                    + capacity);
            }
        }
    }

    /** One replica's memory: the model's memory times its instance count. */
    private BigInteger bytes(ModelVersionId version) {
        return cluster.version(version).map(v -> BigInteger.valueOf(v.spec().memory().bytes())
            .multiply(BigInteger.valueOf(v.spec().instanceCount()))).getOrElse(BigInteger.ZERO);
    }

    /** The autoscaler's own steps leave every served model served, and its scale-downs leave them placeable. */
    private void checkServing(Cluster before, Trigger trigger, ControlResult result) {
        boolean own = trigger instanceof Trigger.Tick || trigger instanceof Trigger.DrainCheck
            || trigger instanceof Trigger.PlacementShort || trigger instanceof Trigger.ServerReplicaConnected;
        if (own && checked.contains(Invariant.NO_DOWNTIME)) {
            Seq<ModelName> lost = serving(before).removeAll(serving(cluster))
                .filter(name -> cluster.model(name).exists(m -> !m.deleted()));
            if (!lost.isEmpty()) {
                throw broken(Invariant.NO_DOWNTIME, "'" + trigger.describe() + "' left " + names(lost)
                    + " without a serving replica");
            }
        }
        for (ServerScalingDecision.Scale down : result.serverScales().filter(s -> !s.up())) {
            if (!checked.contains(Invariant.SAFE_SCALE_DOWN)) {
                break;
            }
            Seq<ModelName> removedHeld = before.placements().filter(p -> p.replica().server().equals(down.server())
                && p.replica().index().value() >= down.to() && p.status().state().holdsMemory())
                .map(p -> p.version().model()).distinct();
            Seq<ModelName> stranded = serving(before).filter(removedHeld::contains).filter(name ->
                cluster.model(name).exists(m -> !m.deleted()
                    && before.model(name).exists(b -> b.latest().spec().equals(m.latest().spec()))
                    && m.latest().status().state() == ModelState.SCHEDULE_FAILED
                    && !before.model(name).exists(b -> b.latest().id().equals(m.latest().id())
                        && b.latest().status().state() == ModelState.SCHEDULE_FAILED)));
            if (!stranded.isEmpty()) {
                throw broken(Invariant.SAFE_SCALE_DOWN, "scaling " + down.server() + " down from " + down.from()
                    + " to " + down.to() + " left " + names(stranded) + " unplaceable, its replicas on the removed"
                    + " replicas with nowhere to go: " + cluster.model(stranded.head()).get().latest().status()
                    .reason());
            }
        }
    }

    /** The models with a replica requests reach: routed state, and the replica lists the version as loaded. */
    private static Seq<ModelName> serving(Cluster cluster) {
        return routed(cluster).map(p -> p.version().model()).distinct();
    }

    private static Seq<Placement> routed(Cluster cluster) {
        return cluster.placements().filter(p -> ROUTED.contains(p.status().state())
            && cluster.replica(p.replica()).exists(r -> r.loadedModels().contains(p.version())));
    }

    private static boolean within(int count, ScalingSpec range) {
        return count >= Math.max(1, range.minReplicas())
            && range.maxReplicas().bound().forAll(max -> count <= max);
    }

    private static String bounds(ScalingSpec range) {
        return "[" + Math.max(1, range.minReplicas()) + ", "
            + range.maxReplicas().bound().map(String::valueOf).getOrElse("unbounded") + "]";
    }

    private void reach(Reach what) {
        reached.merge(what, 1, Integer::sum);
    }

    private Broken broken(Invariant invariant, String message) {
        return new Broken(invariant, "at " + seconds(now) + ": " + message);
    }

    private static String names(Seq<ModelName> names) {
        return names.map(ModelName::value).mkString(", ");
    }

    private static String direction(boolean up) {
        return up ? "up" : "down";
    }

    private static String seconds(Instant at) {
        return Duration.between(T0, at).getSeconds() + " s";
    }

    private void log(String line) {
        log.append(String.format("%6d s  ", Duration.between(T0, now).getSeconds())).append(line).append('\n');
    }

    private static ServerReplica emptyReplica(ServerName server, int index) {
        long capacity = server.value().equals("small") ? 2 * GIB : 4 * GIB;
        return ServerReplica.empty(ReplicaIndex.of(index), List.empty(), new ReplicaMemory(capacity, 0));
    }

    /** An invariant broken during a step. */
    static final class Broken extends AssertionError {

        private static final long serialVersionUID = 1L;

        private final transient Invariant invariant;
        private final String detail;

        Broken(Invariant invariant, String detail) {
            super(invariant.describe() + " broken " + detail);
            this.invariant = invariant;
            this.detail = detail;
        }

        Invariant invariant() {
            return invariant;
        }

        /** How it broke, with the time. */
        String detail() {
            return detail;
        }
    }
}
