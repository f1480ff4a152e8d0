package io.modelscale.policy.server;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Placement;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.server.ReplicaIndex;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleOutcome;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.placement.Scheduler;
import io.modelscale.placement.packing.MigrationStep;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import java.time.Instant;

/**
 * Whether lowering a server to {@code target} replicas is safe ({@code shared/spec/README.md} §3, item 3): a
 * StatefulSet removes the highest ordinals, so the replicas at {@code target} and above drain, and the models on them
 * are placed again, one after another on shared state, by the scheduler. The target is refused if any of those
 * models cannot get all its desired replicas; otherwise the result is the make-before-break steps: each new replica
 * loads and becomes available before the replica on a removed server replica unloads.
 */
public final class ScaleDownCheck {

    private ScaleDownCheck() {
    }

    /**
     * The drain steps for lowering {@code server} to {@code target} replicas, or why that would leave a model
     * unplaceable.
     */
    public static Either<String, Seq<DrainStep>> check(Cluster cluster, ServerName server, int target,
                                                      Scheduler scheduler, Instant now) {
        Server found = cluster.server(server).getOrNull();
        if (found == null) {
            return Either.left("server " + server + " does not exist");
        }
        SortedSet<ReplicaIndex> removed = TreeSet.ofAll(found.replicas().keySet().filter(i -> i.value() >= target));
        Cluster simulated = cluster;
        for (ReplicaIndex index : removed) {
            simulated = simulated.drainReplica(new ServerReplicaId(server, index), now).get();
        }
        Seq<Placement> leaving = cluster.placements().filter(p -> p.replica().server().equals(server)
            && removed.contains(p.replica().index())
            && (p.status().state().canReceiveTraffic() || p.status().state().isLoadingOrLoaded())
            && cluster.model(p.version().model()).exists(m -> !m.deleted() && m.isLatest(p.version().version())));
        SortedSet<ModelName> affected = TreeSet.ofAll(leaving.map(p -> p.version().model()));
        Vector<DrainStep> steps = Vector.empty();
        for (ModelName name : affected) {
            ModelVersion before = simulated.model(name).get().latest();
            ScheduleResult result = scheduler.schedule(simulated, name, now).get();
            if (!(result.outcome() instanceof ScheduleOutcome.Placed placed) || placed.partial()) {
                return Either.left("removing replicas " + removed.mkString(", ") + " of " + server
                    + " would leave model " + name + " without its replicas: " + result.outcome().describe());
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
            if (model.latest().status().state() == io.modelscale.core.model.ModelState.SCHEDULE_FAILED) {
                return Either.left("model " + name + " would be ScheduleFailed");
            }
        }
        return Either.right(steps);
    }
}
