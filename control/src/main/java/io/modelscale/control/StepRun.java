package io.modelscale.control;

import io.modelscale.control.ControlMemory.ModelEntry;
import io.modelscale.control.ControlMemory.ServerEntry;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.cluster.UpdateFailure;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.model.ReplicaStatus;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.policy.model.Signals;
import io.modelscale.policy.server.ScaleDownCheck;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerScalingPolicy;
import io.modelscale.policy.server.ServerTrigger;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.SortedMap;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One control step in progress. It lives for one call of {@link Autoscaler#step}: the fields it changes are its own,
 * and what it returns is immutable.
 */
final class StepRun {

    private final Autoscaler autoscaler;
    private final ControlMemory memory;
    private final Cluster input;
    private final Instant now;
    private final RandomGenerator random;
    private final ArrayList<Decision> decisions = new ArrayList<>();
    /** The decisions other than model holds, in order: what {@link ControlResult#changes()} returns. */
    private final ArrayList<Decision> changes = new ArrayList<>();
    private final TreeSet<ModelName> touched = new TreeSet<>();
    private Cluster cluster;
    /** The models' entries (and the decisions that stand) after this step so far; its servers are {@link #servers}. */
    private ControlMemory models;
    /** The entry {@link #decide} left for the model it decided on. */
    private ModelEntry decided;
    private SortedMap<ServerName, ServerEntry> servers;
    private Signals signals = Signals.none();

    StepRun(Autoscaler autoscaler, ControlMemory memory, Cluster cluster, Instant now, RandomGenerator random) {
        this.autoscaler = autoscaler;
        this.memory = memory;
        this.input = cluster;
        this.cluster = cluster;
        this.now = now;
        this.random = random;
        this.models = memory;
        this.servers = memory.servers();
    }

    ControlResult run(Trigger trigger) {
        Option<UpdateFailure> refused = apply(trigger);
        if (refused.isDefined()) {
            return new ControlResult(memory, input, List.empty(), List.empty(), refused);
        }
        return new ControlResult(models.withServers(servers), cluster,
            Vector.ofAll(decisions), commands(), Option.none(), Vector.ofAll(changes));
    }

    /** Records a decision, and among the changes unless it is a model hold. */
    private void record(Decision decision) {
        decisions.add(decision);
        if (!ControlResult.isModelHold(decision)) {
            changes.add(decision);
        }
    }

    private Option<UpdateFailure> apply(Trigger trigger) {
        if (trigger instanceof Trigger.Tick tick) {
            tick(tick.signals());
        } else if (trigger instanceof Trigger.ModelDeployed deployed) {
            io.vavr.collection.Seq<io.modelscale.core.Problem> invalid = deployed.spec().scaling().problems();
            if (!invalid.isEmpty()) {
                return Option.some(new UpdateFailure.InvalidScaling("model " + deployed.spec().name(),
                    deployed.spec().scaling(), invalid));
            }
            cluster = cluster.deployModel(deployed.spec(), now);
            touched.add(deployed.spec().name());
            schedule(deployed.spec().name());
        } else if (trigger instanceof Trigger.ModelDeleted deleted) {
            Either<UpdateFailure, Cluster> updated = cluster.deleteModel(deleted.model());
            if (updated.isLeft()) {
                return Option.some(updated.getLeft());
            }
            cluster = updated.get();
            touched.add(deleted.model());
            models = models.withoutModel(deleted.model());
            schedule(deleted.model());
        } else if (trigger instanceof Trigger.ModelReplicaReported report) {
            return reported(report);
        } else if (trigger instanceof Trigger.ServerReplicaConnected connected) {
            return connected(connected.server(), connected.replica());
        } else if (trigger instanceof Trigger.ServerReplicaDisconnected disconnected) {
            return disconnected(disconnected.replica());
        } else if (trigger instanceof Trigger.ServerReplicaDraining draining) {
            return draining(draining.replica());
        } else if (trigger instanceof Trigger.ServerUpdated updated) {
            io.vavr.collection.Seq<io.modelscale.core.Problem> invalid = updated.spec().scaling().problems();
            if (!invalid.isEmpty()) {
                return Option.some(new UpdateFailure.InvalidScaling("server " + updated.spec().name(),
                    updated.spec().scaling(), invalid));
            }
            serverUpdated(updated);
        } else if (trigger instanceof Trigger.DrainCheck check) {
            return drainCheck(check.server());
        } else if (trigger instanceof Trigger.PlacementShort shortfall) {
            if (cluster.server(shortfall.server()).isEmpty()) {
                return Option.some(new UpdateFailure.UnknownServer(shortfall.server()));
            }
            serverStep(shortfall.server(), ServerTrigger.PLACEMENT_SHORT);
        }
        return Option.none();
    }

    // --- the stats period ---------------------------------------------------------------------------------------

    /** The comparator of a vavr sorted map in its keys' natural order. */
    private static final java.util.Comparator<?> NATURAL = io.vavr.collection.TreeMap.<ModelName, Model>empty()
        .comparator();

    private void tick(Signals reported) {
        signals = reported;
        Cluster start = cluster;
        if (reported instanceof Signals.Reported named) {
            // signals kept by name can say which models they name: one the cluster lacks is read by no policy
            io.vavr.collection.Seq<ModelName> unknown = named.byModel().keySet()
                .filter(name -> start.model(name).isEmpty()).toList();
            if (!unknown.isEmpty()) {
                record(new Decision.SignalsIgnored(unknown));
            }
        }
        // The snapshot's models and the memory are both in name order: walk them together instead of looking each
        // model's memory up, and write the next memory in the same pass, so that a tick costs one pass over both.
        // A snapshot whose map is ordered otherwise (its constructor takes any sorted map) is read by look-ups and
        // its entries sorted at the end.
        boolean natural = start.models().comparator() == NATURAL;
        int size = start.models().size();
        ModelName[] names = new ModelName[size];
        ModelEntry[] entries = new ModelEntry[size];
        ControlMemory.Steady[] steadies = new ControlMemory.Steady[size];
        ControlMemory before = models;
        int count = 0;
        int next = 0;
        int remembered = before.modelCount();
        for (Tuple2<ModelName, Model> entry : start.models()) {
            ModelName name = entry._1;
            ModelEntry known = ModelEntry.EMPTY;
            ControlMemory.Steady prior = null;
            int at = -1;
            if (natural) {
                while (next < remembered && before.name(next) != name && before.name(next).compareTo(name) < 0) {
                    next++;
                }
                if (next < remembered && (before.name(next) == name || before.name(next).equals(name))) {
                    at = next++;
                }
            } else {
                at = before.indexOf(name);
            }
            if (at >= 0) {
                known = before.entry(at);
                prior = before.steady(at);
            }
            Model model = current(start, entry);
            if (model.deleted()) {
                continue; // a deleted model's memory is dropped
            }
            ControlMemory.Steady steady = decide(model, known, prior);
            names[count] = name;
            entries[count] = decided;
            steadies[count] = steady;
            count++;
        }
        if (!natural) {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            ModelName[] byName = names;
            java.util.Arrays.sort(order, (a, b) -> byName[a].compareTo(byName[b]));
            ModelName[] sortedNames = new ModelName[count];
            ModelEntry[] sortedEntries = new ModelEntry[count];
            ControlMemory.Steady[] sortedSteadies = new ControlMemory.Steady[count];
            for (int i = 0; i < count; i++) {
                sortedNames[i] = names[order[i]];
                sortedEntries[i] = entries[order[i]];
                sortedSteadies[i] = steadies[order[i]];
            }
            names = sortedNames;
            entries = sortedEntries;
            steadies = sortedSteadies;
        } else if (count < size) {
            names = java.util.Arrays.copyOf(names, count);
            entries = java.util.Arrays.copyOf(entries, count);
            steadies = java.util.Arrays.copyOf(steadies, count);
        }
        // A step never deletes a model, and a tick decides on every model it does not drop: the memory of models
        // deleted or gone from the snapshot is all it leaves out.
        models = new ControlMemory(names, entries, steadies, servers);
        for (Tuple2<ServerName, Server> entry : start.servers()) {
            serverStep(entry._1, ServerTrigger.TICK);
        }
        Cluster after = cluster;
        if (servers.exists(entry -> after.server(entry._1).isEmpty())) {
            servers = servers.filter((name, entry) -> after.server(name).isDefined());
        }
    }

    /**
     * The model policy's decision on one model, or the decision it made earlier if that one stands; returns the
     * decision that stands after this one, if any.
     */
    private ControlMemory.Steady decide(Model model, ModelEntry entry, ControlMemory.Steady prior) {
        ModelName name = model.name();
        ModelScalingPolicy<?> policy = autoscaler.modelPolicyOf(name);
        ModelSignals own = signals.of(name);
        // A decision is kept only for quiet signals: the very same signals need not be read again to know it.
        boolean quiet = prior != null && own == prior.signals() || own.outstanding() == 0 && own.arrivalsPerSecond() == 0;
        if (quiet && prior != null && prior.standsFor(model, own, now, entry.state(), policy)) {
            decisions.add(prior.decision()); // a hold: only holds stand
            decided = entry;
            return prior;
        }
        ModelObservation observation = new ModelObservation(now, model, cluster, signals, entry.lastScaled());
        Step<? extends PolicyState.OfModel<?>, ModelScalingDecision> step;
        try {
            PolicyState.OfModel<?> state = entry.state()
                .filter(s -> s.policy() == policy || s.policy().equals(policy))
                .getOrElse(() -> PolicyState.OfModel.start(policy, observation));
            step = state.decide(observation);
        } catch (RuntimeException e) {
            throw PolicyFailure.thrown(autoscaler.modelPolicy(name).name(), "model", name.value(), now, e);
        }
        ModelName decidedFor = step.decision().version().model();
        if (decidedFor != name && !decidedFor.equals(name)) {
            throw new PolicyFailure(autoscaler.modelPolicy(name).name(), "model", name.value(), now,
                "it decided for model " + decidedFor.value() + " instead: " + step.decision().describe(), null);
        }
        ModelScalingDecision decision = admit(step.decision(), model);
        Option<PolicyState.OfModel<?>> next = Option.some(step.memory());
        Decision.ModelScaling made = new Decision.ModelScaling(decision);
        record(made);
        if (!(decision instanceof ModelScalingDecision.Scale scale)) {
            Option<PolicyState.OfModel<?>> kept = entry.state();
            decided = entry;
            if (!kept.exists(s -> s == step.memory())) {
                kept = next;
                decided = new ModelEntry(next, entry.lastScaled());
            }
            // Kept only for a model without traffic, whose signals repeat from period to period: a busy model's
            // differ every period, and keeping its decision would cost for nothing.
            return quiet && step.steadyUntil().exists(now::isBefore)
                ? new ControlMemory.Steady(model, own, now, step.steadyUntil().get(), kept, made) : null;
        }
        decided = new ModelEntry(next, Option.some(now));
        ModelSpec spec = model.latest().spec();
        cluster = cluster.deployModel(spec.withScaling(spec.scaling().withReplicas(scale.to())), now);
        touched.add(name);
        schedule(name);
        return null;
    }

    /** The decision as the loop carries it out: a target outside the model's range is refused. */
    private static ModelScalingDecision admit(ModelScalingDecision decision, Model model) {
        if (!(decision instanceof ModelScalingDecision.Scale scale)) {
            return decision;
        }
        ModelVersion latest = model.latest();
        ScalingSpec range = latest.spec().scaling();
        if (!scale.version().equals(latest.id())) {
            return new ModelScalingDecision.Hold(latest.id(), ModelScalingDecision.HoldReason.VERSION_MISMATCH,
                "the policy decided for " + scale.version() + ": " + scale.describe());
        }
        if (scale.to() == range.replicas()) {
            return new ModelScalingDecision.Hold(latest.id(), ModelScalingDecision.HoldReason.AT_RECOMMENDATION,
                "the policy asked for the current " + range.replicas() + " replicas");
        }
        if (scale.to() < range.autoscalingFloor() || !range.maxReplicas().admits(scale.to())) {
            return new ModelScalingDecision.Hold(latest.id(), ModelScalingDecision.HoldReason.OUT_OF_RANGE,
                "the policy asked for " + scale.to() + ", " + range + ": " + scale.reason().describe());
        }
        return scale.from() == range.replicas() ? scale
            : new ModelScalingDecision.Scale(scale.version(), range.replicas(), scale.to(), scale.reason());
    }

    // --- servers ------------------------------------------------------------------------------------------------

    private void serverStep(ServerName name, ServerTrigger trigger) {
        Server server = cluster.server(name).get();
        ServerEntry entry = servers.get(name).getOrElse(ServerEntry.EMPTY);
        ServerScalingPolicy<?> policy = autoscaler.serverPolicyOf(name);
        ServerObservation observation = new ServerObservation(now, trigger, server, cluster, signals,
            entry.lastScaled(), random);
        Step<? extends PolicyState.OfServer<?>, ServerScalingDecision> step;
        try {
            PolicyState.OfServer<?> state = entry.state()
                .filter(s -> s.policy() == policy || s.policy().equals(policy))
                .getOrElse(() -> PolicyState.OfServer.start(policy));
            step = state.decide(observation);
        } catch (RuntimeException e) {
            throw PolicyFailure.thrown(autoscaler.serverPolicy(name).name(), "server", name.value(), now, e);
        }
        if (!step.decision().server().equals(name)) {
            throw new PolicyFailure(autoscaler.serverPolicy(name).name(), "server", name.value(), now,
                "it decided for server " + step.decision().server().value() + " instead", null);
        }
        ServerScalingDecision decision = autoscaler.preset().scaleDownCheck()
            .apply(admit(step.decision(), observation), cluster, now);
        Option<PolicyState.OfServer<?>> next = Option.some(step.memory());
        record(new Decision.ServerScaling(decision));
        if (!(decision instanceof ServerScalingDecision.Scale scale)) {
            if (!entry.state().exists(s -> s == step.memory())) {
                servers = servers.put(name, new ServerEntry(next, entry.lastScaled()));
            }
            return;
        }
        servers = servers.put(name, new ServerEntry(next, Option.some(now)));
        resize(server, scale);
    }

    /** The decision as the loop carries it out: a target outside the server's range is refused. */
    private static ServerScalingDecision admit(ServerScalingDecision decision, ServerObservation observation) {
        if (!(decision instanceof ServerScalingDecision.Scale scale)) {
            return decision;
        }
        int expected = observation.expectedReplicas();
        ScalingSpec range = observation.scaling();
        if (scale.to() == expected) {
            return new ServerScalingDecision.Hold(scale.server(), new ServerHoldReason.NoChange(expected),
                scale.nextActAt(), scale.bounds());
        }
        if (scale.to() < range.autoscalingFloor() || !range.maxReplicas().admits(scale.to())) {
            return new ServerScalingDecision.Hold(scale.server(), new ServerHoldReason.OutOfRange(scale.to(), range),
                scale.nextActAt(), scale.bounds());
        }
        return scale.from() == expected ? scale : new ServerScalingDecision.Scale(scale.server(), expected, scale.to(),
            scale.reason(), scale.drain(), scale.nextActAt(), scale.bounds());
    }

    /**
     * What the operator and the StatefulSet do with a new count: the scheduler expects it at once; on a scale-down
     * the highest ordinals drain and every model with a replica on them that is not unloading (requested, loading or
     * loaded) is placed again. Models wholly on the replicas that stay are left alone: placing one again while its load is
     * only requested would count its own reservation against it and fail it.
     */
    private void resize(Server server, ServerScalingDecision.Scale scale) {
        ServerName name = server.name();
        cluster = cluster.withServer(server.spec().withExpectedReplicas(ExpectedReplicas.of(scale.to())));
        if (scale.to() > scale.from()) {
            return;
        }
        java.util.Set<ReplicaIndex> drained = new java.util.HashSet<>();
        for (ServerReplica replica : server.replicas().values()) {
            if (replica.index().value() >= scale.to() && !replica.draining()) {
                replica.loadedModels().addAll(replica.loadingModels()).forEach(v -> touched.add(v.model()));
                cluster = cluster.drainReplica(new ServerReplicaId(name, replica.index()), now).get();
                drained.add(replica.index());
            }
        }
        for (ModelName model : ScaleDownCheck.placedAgain(cluster, name, drained)) {
            schedule(model);
        }
    }

    private void serverUpdated(Trigger.ServerUpdated updated) {
        cluster = cluster.withServer(updated.spec());
        if (updated.spec().expectedReplicas().beingDeleted()) {
            scheduleModelsOn(updated.spec().name());
        }
    }

    /** A replica's pod is stopping: its models drain and are placed elsewhere, as Seldon's drain does. */
    private Option<UpdateFailure> draining(ServerReplicaId id) {
        Option<ServerReplica> replica = cluster.replica(id);
        Either<UpdateFailure, Cluster> updated = cluster.drainReplica(id, now);
        if (updated.isLeft()) {
            return Option.some(updated.getLeft());
        }
        cluster = updated.get();
        java.util.TreeSet<ModelName> held = new java.util.TreeSet<>();
        replica.get().loadedModels().addAll(replica.get().loadingModels()).forEach(v -> held.add(v.model()));
        touched.addAll(held);
        for (ModelName name : held) {
            if (cluster.model(name).exists(m -> !m.deleted())) {
                schedule(name);
            }
        }
        return Option.none();
    }

    private Option<UpdateFailure> drainCheck(ServerName name) {
        Option<Server> found = cluster.server(name);
        if (found.isEmpty()) {
            return Option.some(new UpdateFailure.UnknownServer(name));
        }
        int expected = found.get().spec().expectedReplicas().count().getOrElse(found.get().replicas().size());
        for (ServerReplica replica : found.get().replicas().values()) {
            ServerReplicaId id = new ServerReplicaId(name, replica.index());
            if (replica.draining() && cluster.canLeave(id, expected)) {
                record(new Decision.ReplicaReleased(id));
            }
        }
        return Option.none();
    }

    // --- agents -------------------------------------------------------------------------------------------------

    private Option<UpdateFailure> reported(Trigger.ModelReplicaReported report) {
        Either<UpdateFailure, Cluster> updated = cluster.updateModelState(report.version(), report.replica(),
            report.expected(), report.state(), report.reason(), now);
        if (updated.isLeft()) {
            return Option.some(updated.getLeft());
        }
        cluster = updated.get();
        ModelName model = report.version().model();
        touched.add(model);
        if (report.state() == ModelReplicaState.UNLOADED || report.state() == ModelReplicaState.LOAD_FAILED) {
            if (report.state() == ModelReplicaState.UNLOADED && autoscaler.preset().retryWhenRoomFrees()) {
                // the room the replica held goes to the models short of replicas before the server policy looks
                placeShortModels();
            }
            serverStep(report.replica().server(), ServerTrigger.MODEL_REPLICA_UNLOADED);
        } else if (report.state() == ModelReplicaState.AVAILABLE) {
            Cluster cleaned = cluster.unloadReplacedVersions(model, now);
            if (cleaned != cluster) {
                cluster = cleaned;
                record(new Decision.ReplacedVersionsUnloaded(model, cluster.model(model).get().latest()
                    .version()));
            }
        }
        return Option.none();
    }

    private Option<UpdateFailure> connected(ServerName server, ServerReplica replica) {
        Either<UpdateFailure, Cluster> updated = cluster.connectReplica(server, replica);
        if (updated.isLeft()) {
            return Option.some(updated.getLeft());
        }
        cluster = updated.get();
        scheduleFailedModels();
        return Option.none();
    }

    private Option<UpdateFailure> disconnected(ServerReplicaId id) {
        Either<UpdateFailure, Cluster> updated = cluster.disconnectReplica(id, now);
        if (updated.isLeft()) {
            return Option.some(updated.getLeft());
        }
        Cluster before = cluster;
        cluster = updated.get();
        // The models that had a replica there (their snapshot changed) are placed again, each as a placement of
        // its own that may ask for a server scale-up; then those still failed or short of replicas, with their
        // scale-up requests not acted on, as when a replica connects.
        java.util.List<ModelName> affected = new java.util.ArrayList<>();
        for (Tuple2<ModelName, Model> entry : cluster.models()) {
            if (before.model(entry._1).exists(m -> m != entry._2)) {
                touched.add(entry._1);
                if (!entry._2.deleted()) {
                    affected.add(entry._1);
                }
            }
        }
        for (ModelName name : affected) {
            schedule(name);
        }
        scheduleFailedModels();
        return Option.none();
    }

    // --- placement ----------------------------------------------------------------------------------------------

    /**
     * Places again every model that failed or is short of replicas, as Seldon's {@code ScheduleFailedModels} does:
     * their server scale-up requests are not acted on.
     */
    private void scheduleFailedModels() {
        Scheduler.Rescheduled rescheduled = autoscaler.scheduler().scheduleFailedModels(cluster, now, random);
        cluster = rescheduled.cluster();
        for (ScheduleResult attempt : rescheduled.attempts()) {
            touched.add(modelOf(attempt.outcome()));
            record(new Decision.Scheduling(attempt));
        }
    }

    /**
     * Places again, in name order, every model short of room: failed to schedule, or placed on fewer replicas than it
     * wants, with no load of it only requested (a model whose load failed, or whose placement is still being carried
     * out, waits for a server replica to connect or disconnect, as in Seldon: placing it again would load it again).
     * Only the attempts that place it on other replicas are kept: an attempt that fails, or chooses the replicas it
     * has, leaves the model as it was (its status already says it is short), so that room freed on one server replica
     * never marks a serving model failed. Server scale-up requests are not acted on, as in
     * {@link #scheduleFailedModels()}.
     */
    private void placeShortModels() {
        for (ModelName name : Scheduler.failedModels(cluster)) {
            Model model = cluster.model(name).get();
            if (!shortOfRoom(model.latest())) {
                continue;
            }
            ScheduleResult result = autoscaler.scheduler().schedule(cluster, name, now, random).get();
            if (result.outcome() instanceof ScheduleOutcome.Placed placed && !placedAsItIs(model.latest(), placed)) {
                cluster = result.cluster();
                touched.add(name);
                record(new Decision.Scheduling(result));
            }
        }
    }

    /** Not failed, and no replica whose load is requested but not yet under way. */
    private static boolean shortOfRoom(ModelVersion version) {
        if (version.status().state() == io.modelscale.core.model.ModelState.FAILED) {
            return false;
        }
        for (ReplicaStatus replica : version.replicas().values()) {
            if (replica.state() == ModelReplicaState.LOAD_REQUESTED) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code placed} chooses the server and the replicas the version keeps already (none unloading). */
    private static boolean placedAsItIs(ModelVersion version, ScheduleOutcome.Placed placed) {
        java.util.Set<ReplicaIndex> kept = new java.util.TreeSet<>();
        for (Tuple2<ReplicaIndex, ReplicaStatus> replica : version.replicas()) {
            ModelReplicaState state = replica._2.state();
            if (!state.unloadingOrUnloaded() && state != ModelReplicaState.DRAINING) {
                kept.add(replica._1);
            }
        }
        return version.server().contains(placed.server()) && kept.equals(new java.util.TreeSet<>(placed.replicas()
            .toJavaList()));
    }

    private void schedule(ModelName name) {
        ScheduleResult result = autoscaler.scheduler().schedule(cluster, name, now, random).get();
        cluster = result.cluster();
        touched.add(name);
        record(new Decision.Scheduling(result));
        for (ServerName server : result.serverScaleUp()) {
            serverStep(server, ServerTrigger.PLACEMENT_SHORT);
        }
    }

    /** Places again every live model whose latest version is on {@code server}. */
    private void scheduleModelsOn(ServerName server) {
        Cluster start = cluster;
        for (Tuple2<ModelName, Model> entry : start.models()) {
            Model model = current(start, entry);
            if (!model.deleted() && model.latest().server().contains(server)) {
                schedule(entry._1);
            }
        }
    }

    /** A model of {@code start} as it is now: the step may have changed the snapshot since. */
    private Model current(Cluster start, Tuple2<ModelName, Model> entry) {
        return cluster == start ? entry._2 : cluster.model(entry._1).get();
    }

    private static ModelName modelOf(ScheduleOutcome outcome) {
        if (outcome instanceof ScheduleOutcome.Placed placed) {
            return placed.version().model();
        }
        if (outcome instanceof ScheduleOutcome.Failed failed) {
            return failed.version().model();
        }
        return ((ScheduleOutcome.Unloaded) outcome).model();
    }

    // --- what the agents must do --------------------------------------------------------------------------------

    /**
     * Every replica of a changed model that this step left LoadRequested, UnloadEnvoyRequested or UnloadRequested,
     * in model, version and replica order.
     */
    private List<AgentCommand> commands() {
        java.util.List<AgentCommand> found = new ArrayList<>();
        for (ModelName name : touched) {
            Option<Model> after = cluster.model(name);
            if (after.isEmpty()) {
                continue;
            }
            Option<Model> before = input.model(name);
            for (ModelVersion version : after.get().versions()) {
                if (version.server().isEmpty()) {
                    continue;
                }
                ServerName server = version.server().get();
                for (Tuple2<ReplicaIndex, ReplicaStatus> replica : version.replicas()) {
                    ModelReplicaState state = replica._2.state();
                    boolean load = state == ModelReplicaState.LOAD_REQUESTED;
                    boolean unload = state == ModelReplicaState.UNLOAD_ENVOY_REQUESTED
                        || state == ModelReplicaState.UNLOAD_REQUESTED;
                    if ((load || unload) && !unchanged(before, version, replica._1, replica._2)) {
                        Placement placement = new Placement(new ModelVersionId(name, version.version()),
                            new ServerReplicaId(server, replica._1), replica._2);
                        found.add(load ? new AgentCommand.Load(placement) : new AgentCommand.Unload(placement));
                    }
                }
            }
        }
        return List.ofAll(found);
    }

    private static boolean unchanged(Option<Model> before, ModelVersion version, ReplicaIndex index,
                                     ReplicaStatus status) {
        return before.flatMap(m -> m.version(version.version()))
            .filter(v -> v.server().equals(version.server()))
            .flatMap(v -> v.replicas().get(index))
            .contains(status);
    }
}
