package io.modelscale.simulation.engine;

import io.modelscale.control.AgentCommand;
import io.modelscale.control.Autoscaler;
import io.modelscale.control.ControlMemory;
import io.modelscale.control.ControlResult;
import io.modelscale.control.Trigger;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ReplicaStatus;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.policy.server.ServerScalingDecision;
import io.vavr.Tuple2;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The cluster side of a run: it holds the snapshot and the control memory, hands every trigger to the
 * {@link Autoscaler}, and plays out what the control step decided as agents, pods and the StatefulSet would, after
 * the scenario's delays: a load request is Loading at once and Available after the model load time, a fixed part plus
 * a part per GiB of the model's memory (LoadFailed if its
 * server replica began draining meanwhile), an unload completes after the unload time, a new server replica
 * connects after the start-up time, draining replicas are polled until they may stop (one below the expected count
 * restarts, as a StatefulSet's pod does), and a failed replica restarts empty.
 * It decides nothing itself.
 */
final class Actuator {

    private static final long DRAIN_POLL_MICROS = 5_000_000L;

    private final Autoscaler autoscaler;
    private final Scenario scenario;
    private final Settings settings;
    private final EventQueue queue;
    private final Serving serving;
    private final Metrics metrics;
    private final SplittableRandom random;
    private final SplittableRandom failures;
    private final Map<ServerName, Integer> starting = new HashMap<>();
    private Cluster cluster = Cluster.empty();
    private ControlMemory memory = ControlMemory.initial();
    private int startingPods;
    private Cluster podsCountedFor;
    private int connectedPods;
    private long now;

    Actuator(Autoscaler autoscaler, Scenario scenario, EventQueue queue, Serving serving, Metrics metrics, long seed) {
        this.autoscaler = autoscaler;
        this.scenario = scenario;
        this.settings = scenario.settings();
        this.queue = queue;
        this.serving = serving;
        this.metrics = metrics;
        this.random = new SplittableRandom(seed);
        this.failures = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    Cluster cluster() {
        return cluster;
    }

    void setTime(long micros) {
        now = micros;
    }

    /**
     * The scenario's starting state: its servers with their initial replicas, every model deployed and placed, and
     * each requested load already Available, as in a cluster that has been running.
     */
    void start() {
        for (ServerSetup setup : scenario.servers()) {
            apply(new Trigger.ServerUpdated(setup.spec()));
            for (int i = 0; i < setup.spec().scaling().replicas(); i++) {
                cluster = cluster.connectReplica(setup.spec().name(), ServerReplica.empty(ReplicaIndex.of(i),
                    setup.capabilities(), setup.memory())).get();
            }
        }
        for (var spec : scenario.models()) {
            ControlResult result = step(new Trigger.ModelDeployed(spec));
            for (AgentCommand command : result.commands()) {
                if (command instanceof AgentCommand.Load load) {
                    for (ModelReplicaState state : io.vavr.collection.List.of(ModelReplicaState.LOADING,
                        ModelReplicaState.LOADED, ModelReplicaState.AVAILABLE)) {
                        step(new Trigger.ModelReplicaReported(load.placement().version(), load.placement().replica(),
                            Option.none(), state, ""));
                    }
                }
            }
            carryOutServers(result);
        }
        refreshServing(Cluster.empty());
        scheduleFailure();
    }

    /** A stats period: the control step on these signals. */
    void tick(io.modelscale.policy.model.Signals signals) {
        apply(new Trigger.Tick(signals));
    }

    void loadDone(Placement placement) {
        if (drainedWhileLoading(placement)) {
            apply(new Trigger.ModelReplicaReported(placement.version(), placement.replica(),
                Option.some(ModelReplicaState.DRAINING), ModelReplicaState.LOAD_FAILED, "server replica is draining"));
            return;
        }
        if (!current(placement) || cluster.replica(placement.replica()).isEmpty()) {
            return;
        }
        if (cluster.replica(placement.replica()).get().draining()) {
            apply(report(placement, ModelReplicaState.LOAD_FAILED, "server replica is draining"));
            return;
        }
        apply(report(placement, ModelReplicaState.LOADED, ""));
        apply(report(placement, ModelReplicaState.AVAILABLE, ""));
    }

    void unloadDone(Placement placement) {
        if (current(placement) && cluster.replica(placement.replica()).isDefined()) {
            apply(report(placement, ModelReplicaState.UNLOADED, ""));
        }
    }

    /** A server replica's pod is up: its agent connects, unless the StatefulSet was lowered meanwhile. */
    void replicaReady(ServerReplicaId id) {
        starting.merge(id.server(), -1, Integer::sum);
        startingPods--;
        Server server = cluster.server(id.server()).get();
        int expected = server.spec().expectedReplicas().count().getOrElse(0);
        if (id.index().value() >= expected || server.replica(id.index()).isDefined()) {
            return;
        }
        ServerSetup setup = scenario.servers().find(s -> s.spec().name().equals(id.server())).get();
        apply(new Trigger.ServerReplicaConnected(id.server(), ServerReplica.empty(id.index(), setup.capabilities(),
            setup.memory())));
    }

    /** Releases the draining replicas that may stop, and polls again while some still drain. */
    void drainPoll(ServerName name) {
        apply(new Trigger.DrainCheck(name));
        if (cluster.server(name).get().replicas().values().exists(ServerReplica::draining)) {
            queue.schedule(now + DRAIN_POLL_MICROS, new SimEvent.DrainPoll(name));
        }
    }

    /** A running server replica fails: it leaves with its models and its pod restarts. */
    void replicaFailure() {
        List<ServerReplicaId> running = new ArrayList<>();
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
        metrics.replicaFailed(now);
        restart(id);
        apply(new Trigger.ServerReplicaDisconnected(id));
    }

    /** Server replicas running or starting; recounted only when the cluster or the starting replicas change. */
    int pods() {
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

    // --- one control step and what follows ------------------------------------------------------------------

    private ControlResult step(Trigger trigger) {
        ControlResult result = autoscaler.step(memory, cluster, trigger, instant(), random);
        if (result.refused().isDefined()) {
            throw new IllegalStateException("the simulator sent a trigger the control step refused: "
                + trigger.describe() + ": " + result.refused().get().describe());
        }
        memory = result.memory();
        cluster = result.cluster();
        metrics.record(result, now, autoscaler);
        return result;
    }

    private void apply(Trigger trigger) {
        Cluster before = cluster;
        ControlResult result = step(trigger);
        for (AgentCommand command : result.commands()) {
            if (command instanceof AgentCommand.Load load) {
                step(new Trigger.ModelReplicaReported(load.placement().version(), load.placement().replica(),
                    Option.some(ModelReplicaState.LOAD_REQUESTED), ModelReplicaState.LOADING, ""));
                ReplicaStatus loading = cluster.version(load.placement().version()).get().replicas()
                    .get(load.placement().replica().index()).get();
                long bytes = cluster.version(load.placement().version()).get().spec().requiredMemoryBytes();
                queue.schedule(now + settings.loadMicros(bytes), new SimEvent.LoadDone(new Placement(
                    load.placement().version(), load.placement().replica(), loading)));
            } else {
                queue.schedule(now + micros(settings.modelUnload()), new SimEvent.UnloadDone(command.placement()));
            }
        }
        carryOutServers(result);
        for (ServerReplicaId released : result.released()) {
            apply(new Trigger.ServerReplicaDisconnected(released));
            int expected = cluster.server(released.server()).get().spec().expectedReplicas().count().getOrElse(0);
            if (released.index().value() < expected) {
                restart(released);
            }
        }
        refreshServing(before);
    }

    /** The StatefulSet starts the pod of this ordinal again; it connects after the start-up time. */
    private void restart(ServerReplicaId id) {
        starting.merge(id.server(), 1, Integer::sum);
        startingPods++;
        queue.schedule(now + micros(settings.serverStartup()), new SimEvent.ReplicaReady(id));
    }

    /** New server replicas start; a lowered server's draining replicas are polled. */
    private void carryOutServers(ControlResult result) {
        for (ServerScalingDecision.Scale scale : result.serverScales()) {
            ServerName name = scale.server();
            if (scale.up()) {
                int present = cluster.server(name).get().replicas().size() + starting.getOrDefault(name, 0);
                for (int i = present; i < scale.to(); i++) {
                    starting.merge(name, 1, Integer::sum);
                    startingPods++;
                    queue.schedule(now + micros(settings.serverStartup()),
                        new SimEvent.ReplicaReady(new ServerReplicaId(name, ReplicaIndex.of(i))));
                }
            } else {
                queue.schedule(now + DRAIN_POLL_MICROS, new SimEvent.DrainPoll(name));
            }
        }
    }

    /** Every model whose state changed gets its serving replicas counted again. */
    private void refreshServing(Cluster before) {
        if (cluster == before) {
            return;
        }
        // both maps in name order, walked side by side: a model is the same object in both unless it changed
        java.util.Comparator<ModelName> order = cluster.models().comparator();
        java.util.Iterator<Tuple2<ModelName, Model>> earlier = before.models().iterator();
        Tuple2<ModelName, Model> was = earlier.hasNext() ? earlier.next() : null;
        for (Tuple2<ModelName, Model> entry : cluster.models()) {
            while (was != null && was._1 != entry._1 && order.compare(was._1, entry._1) < 0) {
                was = earlier.hasNext() ? earlier.next() : null;
            }
            if (was != null && was._2 == entry._2) {
                continue;
            }
            Option<Integer> m = serving.index(entry._1);
            if (m.isDefined()) {
                List<ServerReplicaId> replicas = servingReplicas(entry._2);
                List<String> servers = new ArrayList<>(replicas.size());
                int[] indexes = new int[replicas.size()];
                long[] memory = new long[replicas.size()];
                for (int i = 0; i < replicas.size(); i++) {
                    servers.add(replicas.get(i).server().value());
                    indexes[i] = replicas.get(i).index().value();
                    memory[i] = cluster.replica(replicas.get(i)).map(ServerReplica::totalMemoryBytes)
                        .getOrElse(Long.MAX_VALUE);
                }
                long bytes = entry._2.latest().spec().requiredMemoryBytes();
                serving.setServingReplicas(m.get(), servers, indexes, memory, bytes, settings.loadMicros(bytes), now,
                    queue);
            }
        }
    }

    /** Replicas requests reach, over every placed version: Loaded, Available, or Draining after they loaded. */
    private List<ServerReplicaId> servingReplicas(Model model) {
        List<ServerReplicaId> serving = new ArrayList<>();
        for (ModelVersion version : model.versions()) {
            if (version.server().isEmpty()) {
                continue;
            }
            for (Tuple2<ReplicaIndex, ReplicaStatus> entry : version.replicas()) {
                ServerReplicaId id = new ServerReplicaId(version.server().get(), entry._1);
                if (entry._2.state() != ModelReplicaState.LOADED_UNAVAILABLE && cluster.serves(version.id(), id)) {
                    serving.add(id);
                }
            }
        }
        return serving;
    }

    private void scheduleFailure() {
        double perHour = settings.replicaFailuresPerHour();
        if (perHour > 0) {
            double hours = -Math.log(1 - failures.nextDouble()) / perHour;
            queue.schedule(now + Math.max(1, Math.round(hours * 3_600_000_000.0)), new SimEvent.ReplicaFailure());
        }
    }

    private static Trigger report(Placement placement, ModelReplicaState state, String reason) {
        return new Trigger.ModelReplicaReported(placement.version(), placement.replica(), Option.none(), state,
            reason);
    }

    /**
     * Whether the replica's server replica began draining while the model loaded: the agent then reports the load
     * as failed, as Seldon's draining agents do.
     */
    private boolean drainedWhileLoading(Placement placement) {
        Option<ServerReplica> replica = cluster.replica(placement.replica());
        return replica.exists(r -> r.draining() && r.loadingModels().contains(placement.version()))
            && cluster.version(placement.version())
                .filter(v -> v.server().contains(placement.replica().server()))
                .flatMap(v -> v.replicas().get(placement.replica().index()))
                .exists(status -> status.state() == ModelReplicaState.DRAINING);
    }

    /** Whether the replica is still in the state, entered at the time, that the event was scheduled for. */
    private boolean current(Placement placement) {
        return cluster.version(placement.version())
            .filter(v -> v.server().contains(placement.replica().server()))
            .flatMap(v -> v.replicas().get(placement.replica().index()))
            .contains(placement.status());
    }

    private Instant instant() {
        return settings.start().plusNanos(now * 1_000L);
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000L;
    }
}
