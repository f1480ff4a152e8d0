package io.modelscale.policy.server;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelState;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.placement.packing.MigrationStep;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Whether lowering a server to {@code target} replicas is safe ({@code shared/spec/README.md} §3, item 3), applied
 * by the control loop to every scale-down a server policy decides. A StatefulSet removes the highest ordinals, so the
 * replicas at {@code target} and above drain, and the models on them are placed again, one after another on shared
 * state, by the scheduler with {@code placement}. A target that leaves any of those models without all its desired
 * replicas, or that stops an older version serving a model only there while its newer version is not yet
 * Available, is refused when {@code refuseUnplaceable} is set, and passed on as Seldon would otherwise; a safe one
 * carries the make-before-break steps: each new replica loads and becomes available before the replica on a removed
 * server replica unloads. The steps are those of the dry run; the control loop places the models again with the
 * preset's own scheduler, which reaches the same placement when the two rules agree and draw no randomness.
 *
 * @param refuseUnplaceable whether a scale-down that leaves a model unplaceable is refused
 * @param placement         the placement rules the dry run uses; random choices draw from a fixed seed
 */
public record ScaleDownCheck(boolean refuseUnplaceable, SchedulerConfig placement) {

    public ScaleDownCheck {
        Objects.requireNonNull(placement, "placement");
    }

    /** A check that refuses unsafe scale-downs, dry-running these placement rules. */
    public static ScaleDownCheck refusing(SchedulerConfig placement) {
        return new ScaleDownCheck(true, placement);
    }

    /** A check that only plans the drain, as Seldon lets every scale-down through. */
    public static ScaleDownCheck planningOnly(SchedulerConfig placement) {
        return new ScaleDownCheck(false, placement);
    }

    /**
     * The decision as the control loop carries it out: a scale-down gets its drain steps, or is refused (a
     * {@link ServerHoldReason.Refused} hold) when it would leave a model unplaceable and this check refuses such;
     * anything else passes unchanged.
     */
    public ServerScalingDecision apply(ServerScalingDecision decision, Cluster cluster, Instant now) {
        if (!(decision instanceof ServerScalingDecision.Scale scale) || scale.to() >= scale.from()) {
            return decision;
        }
        Either<ScaleDownRefusal, Seq<DrainStep>> checked = check(cluster, scale.server(), scale.to(), now);
        if (checked.isLeft()) {
            return refuseUnplaceable ? new ServerScalingDecision.Hold(scale.server(),
                new ServerHoldReason.Refused(scale.to(), checked.getLeft()), scale.nextActAt(), scale.bounds())
                : scale;
        }
        return scale.drain().isEmpty() ? scale.withDrain(checked.get()) : scale;
    }

    /**
     * The drain steps for lowering {@code server} to {@code target} replicas, or why that would leave a model
     * unplaceable.
     */
    public Either<ScaleDownRefusal, Seq<DrainStep>> check(Cluster cluster, ServerName server, int target,
                                                          Instant now) {
        Server found = cluster.server(server).getOrNull();
        if (found == null) {
            return Either.left(new ScaleDownRefusal.UnknownServer(server));
        }
        Scheduler scheduler = new Scheduler(placement);
        SortedSet<ReplicaIndex> removed = TreeSet.ofAll(found.replicas().keySet().filter(i -> i.value() >= target));
        Seq<Placement> all = cluster.placements();
        java.util.function.Predicate<Placement> goes = p -> p.replica().server().equals(server)
            && removed.contains(p.replica().index());
        Seq<Placement> onRemoved = all.filter(goes);
        Option<Placement> stranded = onRemoved.find(p -> cluster.serves(p.version(), p.replica())
            && cluster.model(p.version().model()).exists(m -> !m.deleted() && !m.isLatest(p.version().version()))
            && !all.exists(q -> q.version().model().equals(p.version().model()) && !goes.test(q)
                && cluster.serves(q.version(), q.replica())));
        if (stranded.isDefined()) {
            return Either.left(new ScaleDownRefusal.OnlyServedThere(server, removed, stranded.get().version()));
        }
        Seq<Placement> leaving = onRemoved.filter(p ->
            (p.status().state().canReceiveTraffic() || p.status().state().isLoadingOrLoaded())
            && cluster.model(p.version().model()).exists(m -> !m.deleted() && m.isLatest(p.version().version())));
        Cluster simulated = cluster;
        for (ReplicaIndex index : removed) {
            simulated = simulated.drainReplica(new ServerReplicaId(server, index), now).get();
        }
        SortedSet<ModelName> affected = TreeSet.ofAll(leaving.map(p -> p.version().model()))
            .addAll(placedAgain(simulated, server, removed.toJavaSet()));
        Vector<DrainStep> steps = Vector.empty();
        for (ModelName name : affected) {
            ModelVersion before = simulated.model(name).get().latest();
            ScheduleResult result = scheduler.schedule(simulated, name, now, new SplittableRandom(0)).get();
            if (!(result.outcome() instanceof ScheduleOutcome.Placed placed) || placed.partial()) {
                return Either.left(new ScaleDownRefusal.ModelUnplaceable(server, removed, name, result.outcome()));
            }
            simulated = result.cluster();
            Model model = simulated.model(name).get();
            for (ReplicaIndex index : placed.replicas()) {
                boolean fresh = placed.version().version() != before.version()
                    || !before.server().contains(placed.server()) || !before.state(index).isLoadingOrLoaded();
                if (fresh) {
                    ServerReplicaId at = new ServerReplicaId(placed.server(), index);
                    steps = steps.append(new DrainStep(MigrationStep.Action.LOAD, placed.version(), at))
                        .append(new DrainStep(MigrationStep.Action.AWAIT_AVAILABLE, placed.version(), at));
                }
            }
            for (Placement gone : leaving.filter(p -> p.version().model().equals(name))) {
                steps = steps.append(new DrainStep(MigrationStep.Action.UNLOAD, gone.version(), gone.replica()));
            }
            if (model.latest().status().state() == ModelState.SCHEDULE_FAILED) {
                return Either.left(new ScaleDownRefusal.ScheduleFailed(name));
            }
        }
        return Either.right(steps);
    }

    /**
     * The models placed again when {@code drained} replicas of {@code server} start draining, read off the cluster
     * after the drain: every model not deleted whose latest version is on the server and holds memory, not unloading,
     * on a drained replica. A replica whose unload was only requested when the drain began counts too, since the
     * drain marks it Draining. The control loop places exactly these again after a scale-down, and the check dry-runs
     * all of them (and every model still live on a removed replica), so a scale-down the check lets through places
     * again no model it did not try.
     */
    public static SortedSet<ModelName> placedAgain(Cluster afterDrain, ServerName server,
                                                   java.util.Set<ReplicaIndex> drained) {
        return TreeSet.ofAll(afterDrain.models().filter(entry -> !entry._2.deleted()
            && entry._2.latest().server().contains(server)
            && entry._2.latest().replicas().exists(r -> drained.contains(r._1)
                && r._2.state().holdsMemory() && !r._2.state().unloadingOrUnloaded())).map(entry -> entry._1));
    }
}
