package io.modelscale.core.cluster;

import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelReplicaState;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelStatus;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.model.ReplicaStatus;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.core.server.ServerSpec;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeMap;
import io.vavr.collection.TreeSet;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of a whole multi-model serving cluster: every server with its connected replicas, and every
 * model with its versions and the state of each model replica.
 *
 * <p>Every operation is pure: it returns a new snapshot, or an {@link UpdateFailure} and no change at all. The
 * operations follow Seldon Core 2's scheduler store ({@code shared/spec/seldon-core-2.md} §3, §4.5, §4.7):
 * <ul>
 *   <li>{@link #withServer} and {@link #connectReplica} / {@link #disconnectReplica}: the operator's and agents'
 *       view of servers;</li>
 *   <li>{@link #deployModel} and {@link #deleteModel}: model resources created, changed or removed;</li>
 *   <li>{@link #updateLoadedModels}: the scheduler's choice of server replicas for a version (load requests with
 *       reserved memory, unload requests for the replicas no longer chosen, a new version on a server change);</li>
 *   <li>{@link #updateModelState}: an agent's or router's report of one replica's state, as a compare-and-set that
 *       keeps the server replica's loaded and loading sets, reserved and available memory in step;</li>
 *   <li>{@link #drainReplica} and {@link #failScheduling}.</li>
 * </ul>
 * After each replica change the version's status is derived again ({@link ModelStatus#derive}).
 * {@link #checkInvariants()} returns every broken invariant; a snapshot built only through these operations from
 * valid inputs has none.
 *
 * @param servers every server by name
 * @param models  every model by name, deleted ones included until their replicas are gone
 */
public record Cluster(SortedMap<ServerName, Server> servers, SortedMap<ModelName, Model> models) {

    /**
     * A snapshot of these servers and models. Each should be listed under its own name; the operations keep it so,
     * and {@link #checkInvariants()} reports an entry that is not (checking here would cost every update a pass over
     * the whole cluster).
     */
    public Cluster {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(models, "models");
    }

    /** A cluster with no servers and no models. */
    public static Cluster empty() {
        return new Cluster(TreeMap.empty(), TreeMap.empty());
    }

    /** The server called {@code name}, if any. */
    public Option<Server> server(ServerName name) {
        return servers.get(name);
    }

    /** The server replica {@code id}, if connected. */
    public Option<ServerReplica> replica(ServerReplicaId id) {
        return servers.get(id.server()).flatMap(s -> s.replica(id.index()));
    }

    /** The model called {@code name}, if any. */
    public Option<Model> model(ModelName name) {
        return models.get(name);
    }

    /** The model version {@code id}, if any. */
    public Option<ModelVersion> version(ModelVersionId id) {
        return models.get(id.model()).flatMap(m -> m.version(id.version()));
    }

    /**
     * The state of version {@code id}'s replica on server replica {@code at}; Unknown if it has none there. A
     * version whose placement was reset has no server, yet a replica that still registers it holds it there.
     */
    public ModelReplicaState state(ModelVersionId id, ServerReplicaId at) {
        return version(id)
            .filter(v -> v.server().contains(at.server())
                || v.server().isEmpty() && replica(at).exists(r -> registers(r, id)))
            .map(v -> v.state(at.index()))
            .getOrElse(ModelReplicaState.UNKNOWN);
    }

    /**
     * Whether requests reach version {@code id} on server replica {@code at}: its replica there is Loaded, Available
     * or LoadedUnavailable, or Draining after it had loaded (a replica drained while it was still loading never
     * serves: its agent reports the load as failed).
     */
    public boolean serves(ModelVersionId id, ServerReplicaId at) {
        ModelReplicaState state = state(id, at);
        return state.canReceiveTraffic()
            && (state != ModelReplicaState.DRAINING || replica(at).exists(r -> r.loadedModels().contains(id)));
    }

    /** Every model replica placed on a server, by model, version and server replica. */
    public Seq<Placement> placements() {
        return models.values().toList()
            .flatMap(Model::versions)
            .flatMap(v -> v.server().toList().flatMap(server -> v.replicas().toList().map(entry ->
                new Placement(v.id(), new ServerReplicaId(server, entry._1), entry._2))));
    }

    /** Adds a server with no replicas, or replaces an existing server's spec and keeps its replicas. */
    public Cluster withServer(ServerSpec spec) {
        Server server = servers.get(spec.name()).map(s -> s.withSpec(spec)).getOrElse(() -> Server.of(spec));
        return new Cluster(servers.put(spec.name(), server), models);
    }

    /**
     * A replica joins a server, with no models yet.
     *
     * @return the new snapshot, or a failure if the server does not exist, the index is taken or the replica lists
     *     models
     */
    public Either<UpdateFailure, Cluster> connectReplica(ServerName serverName, ServerReplica replica) {
        ServerReplicaId id = new ServerReplicaId(serverName, replica.index());
        Option<Server> server = servers.get(serverName);
        if (server.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownServer(serverName));
        }
        if (server.get().replica(replica.index()).isDefined()) {
            return Either.left(new UpdateFailure.ReplicaExists(id));
        }
        if (!replica.isEmpty()) {
            return Either.left(new UpdateFailure.ReplicaNotEmpty(id));
        }
        return Either.right(withServerValue(server.get().withReplica(replica)));
    }

    /**
     * A replica leaves its server (its agent disconnected). Each model version's replica there is forgotten, so that
     * the model is placed again, or marked Unloaded if the model is deleted or the version is not the latest.
     */
    public Either<UpdateFailure, Cluster> disconnectReplica(ServerReplicaId id, Instant now) {
        Option<Server> server = servers.get(id.server());
        if (server.isEmpty() || server.get().replica(id.index()).isEmpty()) {
            return Either.left(new UpdateFailure.UnknownReplica(id));
        }
        SortedMap<ModelName, Model> updated = models.mapValues(model -> {
            Model result = model;
            for (ModelVersion version : model.versions()) {
                if (!version.server().contains(id.server()) || version.replicas().get(id.index()).isEmpty()) {
                    continue;
                }
                boolean goingAway = model.deleted() || !model.isLatest(version.version());
                SortedMap<ReplicaIndex, ReplicaStatus> replicas = goingAway
                    ? version.replicas().put(id.index(), ReplicaStatus.of(ModelReplicaState.UNLOADED, now))
                    : version.replicas().remove(id.index());
                result = result.withVersion(version.withReplicas(replicas));
            }
            return result;
        });
        return Either.right(new Cluster(servers.put(id.server(), server.get().withoutReplica(id.index())), updated));
    }

    /**
     * A replica starts draining: it takes no new models, and every model version it has loaded or is loading
     * becomes Draining there and keeps serving until it is placed elsewhere.
     */
    public Either<UpdateFailure, Cluster> drainReplica(ServerReplicaId id, Instant now) {
        Option<ServerReplica> replica = replica(id);
        if (replica.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownReplica(id));
        }
        Cluster result = withReplicaValue(id.server(), replica.get().withDraining(true));
        for (ModelVersionId held : replica.get().loadedModels().addAll(replica.get().loadingModels())) {
            Option<Model> model = result.models.get(held.model());
            Option<ModelVersion> version = model.flatMap(m -> m.version(held.version()))
                .filter(v -> v.server().contains(id.server()) && v.replicas().containsKey(id.index()));
            if (version.isDefined()) {
                ModelVersion drained = version.get().withReplicas(version.get().replicas()
                    .put(id.index(), ReplicaStatus.of(ModelReplicaState.DRAINING, now)));
                result = result.withModelValue(model.get().withVersion(drained));
            }
        }
        return Either.right(result);
    }

    /**
     * A Model resource is created or changed. A new model (or one deleted earlier) gets a new version with no
     * server; a change of the scaling spec alone updates the latest version in place, as Seldon does for
     * autoscaling; any other change adds a new version, which placement puts on a server while the old one keeps
     * serving.
     */
    public Cluster deployModel(ModelSpec spec, Instant now) {
        Option<Model> existing = models.get(spec.name());
        Model model;
        if (existing.isEmpty()) {
            model = Model.deploy(spec, now);
        } else if (existing.get().deleted()) {
            model = existing.get().withDeleted(false).appendVersion(spec, now);
        } else {
            ModelVersion latest = existing.get().latest();
            if (latest.spec().equals(spec)) {
                return this;
            }
            model = latest.spec().differsOnlyInScaling(spec)
                ? existing.get().withVersion(latest.withSpec(spec))
                : existing.get().appendVersion(spec, now);
        }
        return withModelValue(model);
    }

    /** A Model resource is deleted: the model is flagged, and every version is now terminating. */
    public Either<UpdateFailure, Cluster> deleteModel(ModelName name) {
        Option<Model> model = models.get(name);
        if (model.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownModel(name));
        }
        return Either.right(withModelValue(model.get().withDeleted(true)));
    }

    /**
     * The scheduler's choice of server replicas for the latest version of a model ({@code seldon-core-2.md} §4.5):
     * <ol>
     *   <li>only the latest version may be placed; with no server, nothing changes;</li>
     *   <li>every chosen replica must be connected, and chosen once;</li>
     *   <li>if the version is on another server, a new version is added for the new server, and the old one keeps
     *       serving until the version cleaner unloads it;</li>
     *   <li>each chosen replica not already loading or loaded becomes LoadRequested, and the model's memory is
     *       reserved on it (also when it was LoadRequested already, as in Seldon);</li>
     *   <li>each replica not chosen that is neither unloading, unloaded nor draining becomes UnloadEnvoyRequested:
     *       draining replicas keep serving;</li>
     *   <li>the version is placed on the server and its status derived again.</li>
     * </ol>
     *
     * @param id     the model version, which must be the latest
     * @param server the server chosen, or none
     * @param chosen the replica indexes chosen on it; empty unloads every replica
     */
    public Either<UpdateFailure, Cluster> updateLoadedModels(
        ModelVersionId id, Option<ServerName> server, Seq<ReplicaIndex> chosen, Instant now) {
        Either<UpdateFailure, Tuple2<Model, ModelVersion>> found = locate(id);
        if (found.isLeft()) {
            return Either.left(found.getLeft());
        }
        Model model = found.get()._1;
        if (!model.isLatest(id.version())) {
            return Either.left(new UpdateFailure.VersionNotLatest(id, model.latest().version()));
        }
        if (server.isEmpty()) {
            return Either.right(this);
        }
        ServerName serverName = server.get();
        Option<Server> target = servers.get(serverName);
        if (target.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownServer(serverName));
        }
        SortedSet<ReplicaIndex> chosenSet = TreeSet.empty();
        for (ReplicaIndex index : chosen) {
            ServerReplicaId replicaId = new ServerReplicaId(serverName, index);
            if (target.get().replica(index).isEmpty()) {
                return Either.left(new UpdateFailure.UnknownReplica(replicaId));
            }
            if (chosenSet.contains(index)) {
                return Either.left(new UpdateFailure.ReplicaChosenTwice(replicaId));
            }
            chosenSet = chosenSet.add(index);
        }
        model = reanchored(model);
        if (model.latest().server().exists(current -> !current.equals(serverName))) {
            model = model.appendVersion(model.latest().spec(), now);
        }
        ModelVersion latest = model.latest();
        long required = latest.spec().requiredMemoryBytes();
        SortedMap<ReplicaIndex, ReplicaStatus> replicas = latest.replicas();
        Server updatedServer = target.get();
        for (ReplicaIndex index : chosenSet) {
            if (!latest.state(index).alreadyLoadingOrLoaded()) {
                replicas = replicas.put(index, ReplicaStatus.of(ModelReplicaState.LOAD_REQUESTED, now));
                ServerReplica replica = updatedServer.replica(index).get();
                updatedServer = updatedServer.withReplica(
                    replica.withReservedMemoryBytes(saturatingAdd(replica.reservedMemoryBytes(), required)));
            }
        }
        for (Tuple2<ReplicaIndex, ReplicaStatus> entry : latest.replicas()) {
            ModelReplicaState state = entry._2.state();
            if (!chosenSet.contains(entry._1) && !state.unloadingOrUnloaded() && state != ModelReplicaState.DRAINING) {
                replicas = replicas.put(entry._1, ReplicaStatus.of(ModelReplicaState.UNLOAD_ENVOY_REQUESTED, now));
            }
        }
        Model placed = model.withVersion(latest.withServer(Option.some(serverName)).withReplicas(replicas));
        return Either.right(withServerValue(updatedServer).withModelValue(placed));
    }

    /**
     * Seldon's version cleaner: once the latest version of {@code name} is Available, every older version that still
     * has replicas serving, loading or loaded is asked to unload ({@link #unloadVersion}). Anything else, including an
     * unknown model, leaves the snapshot as it is.
     */
    public Cluster unloadReplacedVersions(ModelName name, Instant now) {
        Option<Model> model = models.get(name);
        if (model.isEmpty() || model.get().latest().status().state() != ModelState.AVAILABLE) {
            return this;
        }
        Cluster result = this;
        for (ModelVersion version : model.get().versions().init()) {
            if (version.hasLiveReplicas() || version.isLoadingOrLoaded()) {
                result = result.unloadVersion(version.id(), now).getOrElse(result);
            }
        }
        return result;
    }

    /**
     * Whether a draining server replica can be removed without taking a model away. Every model version it holds
     * (loaded or loading) must be one of: of a deleted model; the latest version, Available on a replica that stays;
     * an older version that does not serve here, or whose model's latest version is Available on a replica that
     * stays (make-before-break: the version that replaces it serves first); or of a model whose latest version was
     * given up on (ScheduleFailed), since waiting would not place it. Replicas of the same server at or above
     * {@code keptReplicas} are leaving too and do not count as staying. An unknown replica can leave.
     */
    public boolean canLeave(ServerReplicaId id, int keptReplicas) {
        Option<ServerReplica> replica = replica(id);
        if (replica.isEmpty()) {
            return true;
        }
        for (ModelVersionId held : replica.get().loadedModels().addAll(replica.get().loadingModels())) {
            Option<Model> model = models.get(held.model());
            if (model.isEmpty() || model.get().deleted()) {
                continue;
            }
            ModelVersion latest = model.get().latest();
            boolean replaced = !model.get().isLatest(held.version()) && !serves(held, id);
            boolean stays = latest.replicas().exists(e -> e._2.state() == ModelReplicaState.AVAILABLE
                && !(latest.server().contains(id.server()) && e._1.value() >= keptReplicas));
            if (!replaced && !stays && latest.status().state() != ModelState.SCHEDULE_FAILED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every replica of a version that is not already unloading or unloaded is asked to unload (UnloadRequested), as
     * Seldon's {@code UnloadVersionModels} does for a deleted model and for versions a newer one replaced.
     */
    public Either<UpdateFailure, Cluster> unloadVersion(ModelVersionId id, Instant now) {
        return locate(id).map(found -> {
            SortedMap<ReplicaIndex, ReplicaStatus> replicas = found._2.replicas().mapValues(status ->
                status.state().unloadingOrUnloaded() ? status
                    : ReplicaStatus.of(ModelReplicaState.UNLOAD_REQUESTED, now));
            return withModelValue(found._1.withVersion(found._2.withReplicas(replicas)));
        });
    }

    /**
     * One replica's state as reported by its agent or the router ({@code seldon-core-2.md} §4.7), as a
     * compare-and-set: if {@code expected} is given and the replica is in another state, nothing changes.
     *
     * <p>The server replica's sets follow the new state ({@link ModelReplicaState#membership()}): listed as loading
     * while Loading, as loaded while Loaded, Available or LoadedUnavailable, kept where it was while it unloads or
     * drains, and in neither once Unloaded or LoadFailed. Memory reserved for the load is released when it ends
     * (Loaded or LoadFailed). The available memory moves as the agent's would: down by the version's memory when it
     * registers (to zero at most), up by it when it unregisters, unchanged when the registrations do not change;
     * after an unregistration from a replica that had nothing available it is the capacity less the memory of the
     * versions still registered. A figure set from outside (an agent's own report) thus keeps what it says beyond
     * the models, rather than being replaced by the capacity less the models on the next report.
     *
     * @param id       the model version
     * @param at       the server replica, on the server the version is placed on
     * @param expected the state the replica must be in now, or none to set it whatever it is
     * @param desired  the new state
     * @param reason   why, for failures; empty otherwise
     */
    public Either<UpdateFailure, Cluster> updateModelState(
        ModelVersionId id, ServerReplicaId at, Option<ModelReplicaState> expected, ModelReplicaState desired,
        String reason, Instant now) {
        Either<UpdateFailure, Tuple2<Model, ModelVersion>> found = locate(id);
        if (found.isLeft()) {
            return Either.left(found.getLeft());
        }
        Option<Model> model = Option.some(found.get()._1);
        ModelVersion version = found.get()._2;
        Option<ServerReplica> replica = replica(at);
        ModelReplicaState current = version.state(at.index());
        // After a reset placement the version has no server, but a replica still unloading on the old one reports
        // its unload from the server replica that registers it.
        boolean unloadingAfterReset = version.server().isEmpty() && current.unloadingOrUnloaded()
            && replica.exists(r -> registers(r, id));
        if (!version.server().contains(at.server()) && !unloadingAfterReset) {
            return Either.left(new UpdateFailure.NotPlacedThere(id, at));
        }
        if (replica.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownReplica(at));
        }
        if (expected.isDefined() && expected.get() != current) {
            return Either.left(new UpdateFailure.StateMismatch(id, at, expected.get(), current));
        }
        Model changed = model.get().withVersion(version.withReplicas(
            version.replicas().put(at.index(), new ReplicaStatus(desired, reason, now))));
        ServerReplica before = replica.get();
        boolean inLoaded = before.loadedModels().contains(id);
        boolean inLoading = before.loadingModels().contains(id);
        boolean toLoaded;
        boolean toLoading;
        switch (desired.membership()) {
            case LOADING:
                toLoaded = false;
                toLoading = true;
                break;
            case LOADED:
                toLoaded = true;
                toLoading = false;
                break;
            case LOADED_OR_LOADING:
                toLoading = inLoading && !inLoaded;
                toLoaded = !toLoading;
                break;
            case AT_MOST_ONE:
                toLoading = inLoading && !inLoaded;
                toLoaded = inLoaded;
                break;
            default:
                toLoaded = false;
                toLoading = false;
                break;
        }
        long reserved = before.reservedMemoryBytes();
        if (desired == ModelReplicaState.LOADED || desired == ModelReplicaState.LOAD_FAILED) {
            reserved = Math.max(0, reserved - version.spec().requiredMemoryBytes());
        }
        ServerReplica after = before
            .withLoadedModels(toLoaded ? before.loadedModels().add(id) : before.loadedModels().remove(id))
            .withLoadingModels(toLoading ? before.loadingModels().add(id) : before.loadingModels().remove(id))
            .withReservedMemoryBytes(reserved);
        Cluster withModel = withModelValue(changed);
        return Either.right(withModel.withReplicaValue(at.server(),
            after.withAvailableMemoryBytes(availableAfter(withModel, before, after, inLoaded || inLoading,
                toLoaded || toLoading, version.spec().requiredMemoryBytes()))));
    }

    /**
     * What a replica reports available once one version's registration has changed, without summing every
     * version it registers when the answer follows from the figure before: the same versions registered leave it
     * as it was, one more takes the version's memory (down to zero), and one fewer gives it back unless the
     * replica was overcommitted (nothing available), when only the full sum can say how much is free.
     */
    private static long availableAfter(Cluster cluster, ServerReplica before, ServerReplica after,
                                       boolean wasRegistered, boolean isRegistered, long bytes) {
        long available = before.availableMemoryBytes();
        if (wasRegistered == isRegistered) {
            return available;
        }
        if (isRegistered) {
            return Math.max(0, available - bytes);
        }
        if (available > 0) {
            return Math.min(after.memory().capacityBytes(), saturatingAdd(available, bytes));
        }
        return after.memory().availableBytes(cluster.registeredBytes(after));
    }

    /**
     * Placement could not find replicas for the version ({@code seldon-core-2.md} §4.1, {@code FailedScheduling}):
     * its state becomes ScheduleFailed with the reason, its existing replicas keep serving, and with {@code reset}
     * it no longer counts as placed on its server.
     */
    public Either<UpdateFailure, Cluster> failScheduling(
        ModelVersionId id, String reason, boolean reset, Instant now) {
        Either<UpdateFailure, Tuple2<Model, ModelVersion>> found = locate(id);
        if (found.isLeft()) {
            return Either.left(found.getLeft());
        }
        Option<Model> model = Option.some(found.get()._1);
        ModelVersion failed = reset ? found.get()._2.withServer(Option.none()) : found.get()._2;
        int available = failed.loadedElseDrainingReplicas().size();
        ModelStatus status = new ModelStatus(ModelState.SCHEDULE_FAILED, reason, available,
            Math.max(0, failed.spec().scaling().replicas() - available), failed.status().drainingReplicas(), now);
        Model updated = new Model(model.get().name(),
            model.get().versions().map(v -> v.version() == id.version() ? failed.withStatus(status) : v),
            model.get().deleted());
        return Either.right(withModelValue(updated));
    }

    /**
     * Every broken invariant, in a deterministic order; empty for a healthy snapshot:
     * <ul>
     *   <li>at most one replica of a model version per server replica (never listed both loaded and loading);</li>
     *   <li>no server replica holds more model memory than its capacity with overcommit, counting the versions it
     *       lists as loaded or loading (what its agent has registered) and those whose load it was asked for
     *       (LoadRequested);</li>
     *   <li>every model replica's state agrees with its server replica's loaded and loading sets, and every model
     *       replica that occupies memory and is not unloading is on a connected replica of the version's server
     *       (an unloading replica's memory is what its server replica still registers, counted there);</li>
     *   <li>every model's and server's scaling spec is valid;</li>
     *   <li>every server and model is listed under its own name.</li>
     * </ul>
     */
    public Seq<Violation> checkInvariants() {
        List<Violation> found = List.empty();
        for (Tuple2<ServerName, Server> entry : servers) {
            if (!entry._2.name().equals(entry._1)) {
                found = found.append(new Violation.MisfiledEntry("server", entry._1.value(), entry._2.name().value()));
            }
        }
        for (Tuple2<ModelName, Model> entry : models) {
            if (!entry._2.name().equals(entry._1)) {
                found = found.append(new Violation.MisfiledEntry("model", entry._1.value(), entry._2.name().value()));
            }
        }
        for (Server server : servers.values()) {
            for (var problem : server.spec().scaling().problems()) {
                found = found.append(new Violation.InvalidScalingSpec("server " + server.name(), problem));
            }
        }
        for (Model model : models.values()) {
            for (var problem : model.latest().spec().scaling().problems()) {
                found = found.append(new Violation.InvalidScalingSpec("model " + model.name(), problem));
            }
        }
        SortedMap<ServerReplicaId, SortedSet<ModelVersionId>> listed = TreeMap.empty();
        SortedMap<ServerReplicaId, Long> requested = TreeMap.empty();
        for (Server server : servers.values()) {
            for (ServerReplica replica : server.replicas().values()) {
                ServerReplicaId id = new ServerReplicaId(server.name(), replica.index());
                for (ModelVersionId twice : replica.loadedModels().intersect(replica.loadingModels())) {
                    found = found.append(new Violation.DuplicateModelReplica(id, twice));
                }
                listed = listed.put(id, replica.loadedModels().addAll(replica.loadingModels()));
            }
        }
        for (Model model : models.values()) {
            for (ModelVersion version : model.versions()) {
                if (version.server().isEmpty()) {
                    // A reset placement may leave replicas unloading on the old server: their memory is what
                    // that server replica still registers, counted there; any other live replica is lost.
                    if (version.replicas().values().exists(r -> r.state().holdsMemory()
                        && !r.state().unloadingOrUnloaded())) {
                        found = found.append(new Violation.ReplicasWithoutServer(version.id()));
                    }
                    continue;
                }
                for (Tuple2<ReplicaIndex, ReplicaStatus> entry : version.replicas()) {
                    ServerReplicaId at = new ServerReplicaId(version.server().get(), entry._1);
                    ModelReplicaState state = entry._2.state();
                    if (replica(at).isEmpty()) {
                        // An unload on a replica that is gone frees nothing: no agent registers the model there.
                        if (state.holdsMemory() && !state.unloadingOrUnloaded()) {
                            found = found.append(new Violation.MissingServerReplica(at, version.id(), state));
                        }
                        continue;
                    }
                    listed = listed.put(at, listed.get(at).getOrElse(TreeSet.empty()).add(version.id()));
                    if (state == ModelReplicaState.LOAD_REQUESTED && !registers(replica(at).get(), version.id())) {
                        long bytes = version.spec().requiredMemoryBytes();
                        requested = requested.put(at, saturatingAdd(requested.get(at).getOrElse(0L), bytes));
                    }
                }
            }
        }
        for (Tuple2<ServerReplicaId, SortedSet<ModelVersionId>> entry : listed) {
            ServerReplica replica = replica(entry._1).get();
            for (ModelVersionId id : entry._2) {
                ModelReplicaState state = state(id, entry._1);
                boolean inLoaded = replica.loadedModels().contains(id);
                boolean inLoading = replica.loadingModels().contains(id);
                if (!state.membership().agreesWith(inLoaded, inLoading)) {
                    found = found.append(
                        new Violation.InconsistentReplicaState(entry._1, id, state, inLoaded, inLoading));
                }
            }
        }
        for (Server server : servers.values()) {
            for (ServerReplica replica : server.replicas().values()) {
                ServerReplicaId id = new ServerReplicaId(server.name(), replica.index());
                long occupied = saturatingAdd(registeredBytes(replica), requested.get(id).getOrElse(0L));
                long capacity = replica.memory().capacityBytes();
                if (occupied > capacity) {
                    found = found.append(new Violation.OvercommittedReplica(id, occupied, capacity));
                }
            }
        }
        return found;
    }

    /**
     * A latest version whose placement was reset ({@link #failScheduling} with {@code reset}) has no server, yet its
     * replica entries still describe replicas of the server it was on. Before it is placed again, it is put back on
     * the server whose replicas still hold it, so that a placement elsewhere adds a new version (make-before-break)
     * rather than reading the old entries as replicas of the new server; when no replica holds it any more, its
     * entries are stale and are dropped. Seldon reuses the version and its index-keyed entries here.
     */
    private Model reanchored(Model model) {
        ModelVersion latest = model.latest();
        if (latest.server().isDefined() || latest.replicas().isEmpty()) {
            return model;
        }
        Option<ServerName> holder = servers.values()
            .find(s -> s.replicas().values().exists(r -> registers(r, latest.id())))
            .map(Server::name);
        return holder.isDefined() ? model.withVersion(latest.withServer(holder))
            : model.withVersion(latest.withReplicas(TreeMap.empty()));
    }

    private static boolean registers(ServerReplica replica, ModelVersionId id) {
        return replica.loadedModels().contains(id) || replica.loadingModels().contains(id);
    }

    /** The memory of the model versions a replica lists as loaded or loading: what its agent has registered. */
    long registeredBytes(ServerReplica replica) {
        long sum = 0;
        for (ModelVersionId id : replica.loadedModels()) {
            sum = saturatingAdd(sum, requiredBytes(id));
        }
        for (ModelVersionId id : replica.loadingModels()) {
            if (!replica.loadedModels().contains(id)) {
                sum = saturatingAdd(sum, requiredBytes(id));
            }
        }
        return sum;
    }

    private long requiredBytes(ModelVersionId id) {
        Option<Model> model = models.get(id.model());
        if (model.isEmpty()) {
            return 0;
        }
        Option<ModelVersion> version = model.get().version(id.version());
        return version.isEmpty() ? 0 : version.get().spec().requiredMemoryBytes();
    }

    private Either<UpdateFailure, Tuple2<Model, ModelVersion>> locate(ModelVersionId id) {
        Option<Model> model = models.get(id.model());
        if (model.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownModel(id.model()));
        }
        Option<ModelVersion> version = model.get().version(id.version());
        if (version.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownVersion(id));
        }
        return Either.right(new Tuple2<>(model.get(), version.get()));
    }

    private Cluster withServerValue(Server server) {
        return new Cluster(servers.put(server.name(), server), models);
    }

    private Cluster withReplicaValue(ServerName server, ServerReplica replica) {
        return withServerValue(servers.get(server).get().withReplica(replica));
    }

    private Cluster withModelValue(Model model) {
        return new Cluster(servers, models.put(model.name(), model));
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
