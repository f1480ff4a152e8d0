package io.modelscale.placement;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.UpdateFailure;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelStatus;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.placement.rule.PlacementRequest;
import io.modelscale.placement.rule.ReplicaFilter;
import io.modelscale.placement.rule.ServerFilter;
import io.vavr.Tuple2;
import io.vavr.collection.Iterator;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Places one model on a cluster the way Seldon Core 2's scheduler does ({@code shared/spec/seldon-core-2.md}
 * §4.1–4.5), as a pure function from a snapshot to a new snapshot and an outcome that explains itself.
 *
 * <p>For the model's latest version:
 * <ol>
 *   <li>A deleted model has every replica of every version asked to unload, and nothing is placed.</li>
 *   <li>The servers are filtered by the server filters; the model's current server comes first, the others in the
 *       configured {@link ServerOrder}. With no server left the version is ScheduleFailed ("no matching servers").</li>
 *   <li>On each server, in order, the replicas are taken in the configured replica order and kept if they pass
 *       every replica filter, until {@code replicas} are found. The first server with enough wins (first fit, not
 *       best fit).</li>
 *   <li>If none has enough and {@code minReplicas > 0}, the first server with at least {@code minReplicas}
 *       eligible replicas gets as many as it offers, up to {@code replicas} (partial scheduling).</li>
 *   <li>The chosen replicas are requested through {@link Cluster#updateLoadedModels}: new loads reserve memory,
 *       replicas no longer chosen are asked to unload (draining ones keep serving), and a move to another server
 *       loads a new version there while the old one keeps serving.</li>
 *   <li>Otherwise the version is ScheduleFailed ("no matching server had enough suitable replicas") and its
 *       existing replicas keep serving; the failure names, for every server, the filter that rejected it, and for
 *       every replica of each server tried, the filter that rejected it.</li>
 * </ol>
 * When the desired count could not be placed and the version already had a server, the result asks for that
 * server to scale up (§5.2).
 *
 * <p>A scheduler is immutable and thread-safe; all randomness comes from the caller.
 */
public final class Scheduler {

    private final SchedulerConfig config;

    /** A scheduler applying {@code config}. */
    public Scheduler(SchedulerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Seldon's rules, made deterministic: {@link SchedulerConfig#spreading()}. */
    public static Scheduler spreading() {
        return new Scheduler(SchedulerConfig.spreading());
    }

    /** Seldon's rules with the packing replica order: {@link SchedulerConfig#packing()}. */
    public static Scheduler packing() {
        return new Scheduler(SchedulerConfig.packing());
    }

    /** The rules this scheduler applies. */
    public SchedulerConfig config() {
        return config;
    }

    /**
     * Places the latest version of {@code model}.
     *
     * @param cluster the snapshot to place on
     * @param model   the model to place
     * @param now     the time of the placement, stamped on every replica state it changes
     * @param random  the source for rules that choose at random; deterministic rules never draw from it
     * @return the new snapshot with the outcome, or a failure if the model does not exist
     */
    public Either<UpdateFailure, ScheduleResult> schedule(
        Cluster cluster, ModelName model, Instant now, RandomGenerator random) {
        Option<Model> found = cluster.model(model);
        if (found.isEmpty()) {
            return Either.left(new UpdateFailure.UnknownModel(model));
        }
        PlacementRequest request = new PlacementRequest(cluster, found.get(), found.get().latest(), random);
        return found.get().deleted() ? unloadEverywhere(request, now) : place(request, now);
    }

    /**
     * Places the latest version of {@code model} with rules that never draw randomness (every configuration but
     * {@link SchedulerConfig#seldonCore()}).
     *
     * @throws IllegalStateException if the rules draw randomness after all: pass a {@link RandomGenerator}
     */
    public Either<UpdateFailure, ScheduleResult> schedule(Cluster cluster, ModelName model, Instant now) {
        return schedule(cluster, model, now, NoRandomness.INSTANCE);
    }

    /**
     * The models placement should try again ({@code getFailedModels}): those whose latest version is Failed or
     * ScheduleFailed, or Available or Progressing with fewer replicas available than desired.
     */
    public static SortedSet<ModelName> failedModels(Cluster cluster) {
        return TreeSet.ofAll(cluster.models().values()
            .filter(m -> !m.deleted() && needsPlacement(m.latest()))
            .map(Model::name));
    }

    /**
     * Schedules every model of {@link #failedModels(Cluster)} again, in name order, as Seldon does when a server
     * replica connects or disconnects. Server scale-up requests are dropped here, as in Seldon.
     *
     * @return the snapshot after all attempts, with every attempt's result
     */
    public Rescheduled scheduleFailedModels(Cluster cluster, Instant now, RandomGenerator random) {
        Cluster current = cluster;
        Seq<ScheduleResult> results = List.empty();
        for (ModelName name : failedModels(cluster)) {
            ScheduleResult result = schedule(current, name, now, random).get();
            current = result.cluster();
            results = results.append(result);
        }
        return new Rescheduled(current, results);
    }

    /**
     * What {@link #scheduleFailedModels} did.
     *
     * @param cluster  the snapshot after every attempt
     * @param attempts each attempt's result, in the order made; their server scale-up requests were not acted on
     */
    public record Rescheduled(Cluster cluster, Seq<ScheduleResult> attempts) {
        public Rescheduled {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(attempts, "attempts");
        }

        /** The models that were placed, fully or partially, in the order placed. */
        public Seq<ModelName> placed() {
            return attempts.filter(r -> r.outcome() instanceof ScheduleOutcome.Placed)
                .map(r -> ((ScheduleOutcome.Placed) r.outcome()).version().model());
        }
    }

    private static boolean needsPlacement(ModelVersion version) {
        ModelStatus status = version.status();
        return status.state() == ModelState.FAILED || status.state() == ModelState.SCHEDULE_FAILED
            || ((status.state() == ModelState.AVAILABLE || status.state() == ModelState.PROGRESSING)
                && status.availableReplicas() < version.spec().scaling().replicas());
    }

    private Either<UpdateFailure, ScheduleResult> unloadEverywhere(PlacementRequest request, Instant now) {
        Either<UpdateFailure, Cluster> cluster = Either.right(request.cluster());
        for (ModelVersion version : request.model().versions()) {
            if (version.hasLiveReplicas()) {
                cluster = cluster.flatMap(c -> c.unloadVersion(version.id(), now));
            }
        }
        ModelVersion latest = request.version();
        return cluster
            .flatMap(c -> c.updateLoadedModels(latest.id(), latest.server(), List.empty(), now))
            .map(c -> new ScheduleResult(c, new ScheduleOutcome.Unloaded(request.model().name()), Option.none()));
    }

    private Either<UpdateFailure, ScheduleResult> place(PlacementRequest request, Instant now) {
        ModelVersion version = request.version();
        Seq<ServerRejection> rejected = Vector.empty();
        Seq<Server> candidates = Vector.empty();
        for (Server server : orderedServers(request)) {
            Option<ServerRejection> rejection = rejectServer(request, server);
            if (rejection.isDefined()) {
                rejected = rejected.append(rejection.get());
            } else {
                candidates = candidates.append(server);
            }
        }
        if (candidates.isEmpty()) {
            ScheduleFailure failure = new ScheduleFailure.NoMatchingServers(rejected);
            return fail(request, failure, !version.hasLiveReplicas(), Option.none(), now);
        }
        int desired = version.spec().scaling().replicas();
        int minimum = version.spec().scaling().minReplicas();
        Seq<Seq<ServerReplica>> eligible = Vector.empty();
        Option<Tuple2<Server, Seq<ServerReplica>>> chosen = Option.none();
        for (Server server : candidates) {
            Seq<ServerReplica> replicas = eligibleReplicas(request, server, desired);
            eligible = eligible.append(replicas);
            if (replicas.size() >= desired) {
                chosen = Option.some(new Tuple2<>(server, replicas));
                break;
            }
        }
        boolean complete = chosen.isDefined();
        if (!complete && minimum > 0) {
            for (int i = 0; i < candidates.size() && chosen.isEmpty(); i++) {
                if (eligible.get(i).size() >= minimum) {
                    chosen = Option.some(new Tuple2<>(candidates.get(i), eligible.get(i)));
                }
            }
        }
        Option<ServerName> scaleUp = complete ? Option.none() : version.server();
        if (chosen.isEmpty()) {
            Seq<ServerShortfall> tried = candidates.map(server -> shortfall(request, server));
            ScheduleFailure failure = new ScheduleFailure.NotEnoughReplicas(desired, minimum, rejected, tried);
            return fail(request, failure, !version.hasLiveReplicas() && !version.isLoadingOrLoaded(), scaleUp, now);
        }
        ServerName server = chosen.get()._1.name();
        Seq<ReplicaIndex> indexes = chosen.get()._2.map(ServerReplica::index);
        return request.cluster().updateLoadedModels(version.id(), Option.some(server), indexes, now).map(c ->
            new ScheduleResult(c, new ScheduleOutcome.Placed(c.model(version.id().model()).get().latest().id(),
                server, indexes, desired), scaleUp));
    }

    private Seq<Server> orderedServers(PlacementRequest request) {
        Seq<Server> servers = request.cluster().servers().values().toVector();
        Option<ServerName> current = request.version().server();
        Seq<Server> first = servers.filter(s -> current.contains(s.name()));
        Seq<Server> others = servers.filter(s -> !current.contains(s.name()));
        if (config.serverOrder() == ServerOrder.RANDOM) {
            others = shuffle(others, request.random());
        }
        return first.appendAll(others);
    }

    private static <T> Seq<T> shuffle(Seq<T> values, RandomGenerator random) {
        Vector<T> shuffled = Vector.ofAll(values);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = shuffled.get(i);
            shuffled = shuffled.update(i, shuffled.get(j)).update(j, swap);
        }
        return shuffled;
    }

    private Option<ServerRejection> rejectServer(PlacementRequest request, Server server) {
        for (ServerFilter filter : config.serverFilters()) {
            Option<String> reason = filter.reject(request, server);
            if (reason.isDefined()) {
                return Option.some(new ServerRejection(server.name(), filter.ruleName(), reason.get()));
            }
        }
        return Option.none();
    }

    /** Whether every replica filter admits the replica: the same as no rejection, without writing one. */
    private boolean admitted(PlacementRequest request, Server server, ServerReplica replica) {
        for (ReplicaFilter filter : config.replicaFilters()) {
            if (!filter.admits(request, server, replica)) {
                return false;
            }
        }
        return true;
    }

    private Option<ReplicaRejection> rejectReplica(PlacementRequest request, Server server, ServerReplica replica) {
        for (ReplicaFilter filter : config.replicaFilters()) {
            Option<String> reason = filter.reject(request, server, replica);
            if (reason.isDefined()) {
                return Option.some(new ReplicaRejection(replica.index(), filter.ruleName(), reason.get()));
            }
        }
        return Option.none();
    }

    private Seq<ServerReplica> eligibleReplicas(PlacementRequest request, Server server, int limit) {
        Vector<ServerReplica> found = Vector.empty();
        Iterator<ServerReplica> candidates = config.replicaOrder().candidates(request, server);
        while (found.size() < limit && candidates.hasNext()) {
            ServerReplica replica = candidates.next();
            if (admitted(request, server, replica)) {
                found = found.append(replica);
            }
        }
        return found;
    }

    private ServerShortfall shortfall(PlacementRequest request, Server server) {
        Seq<ReplicaRejection> rejections = server.replicas().values().toVector()
            .flatMap(replica -> rejectReplica(request, server, replica));
        return new ServerShortfall(server.name(), server.replicas().size() - rejections.size(), rejections);
    }

    private static Either<UpdateFailure, ScheduleResult> fail(
        PlacementRequest request, ScheduleFailure failure, boolean reset, Option<ServerName> scaleUp, Instant now) {
        return request.cluster().failScheduling(request.version().id(), failure.message(), reset, now).map(c ->
            new ScheduleResult(c, new ScheduleOutcome.Failed(request.version().id(), failure), scaleUp));
    }

    /** The randomness given to rules that are meant not to draw any. */
    private enum NoRandomness implements RandomGenerator {
        INSTANCE;

        @Override
        public long nextLong() {
            throw new IllegalStateException("these placement rules draw randomness: call schedule with a "
                + "RandomGenerator");
        }
    }
}
