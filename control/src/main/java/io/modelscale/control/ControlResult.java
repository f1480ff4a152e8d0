package io.modelscale.control;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.UpdateFailure;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.placement.ScheduleResult;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.server.ServerScalingDecision;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * What one control step did: the memory and snapshot to carry forward, everything it decided in order with its
 * reason, and what the agents and the server operator must now do.
 *
 * @param memory    the control memory for the next step
 * @param cluster   the snapshot after the step: load and unload requests made, replicas drained, counts changed
 * @param decisions everything decided, in order, holds included
 * @param commands  the loads and unloads to send to agents, in order
 * @param refused   why the trigger could not be applied, if it could not; then nothing changed
 */
public record ControlResult(ControlMemory memory, Cluster cluster, Seq<Decision> decisions,
                            Seq<AgentCommand> commands, Option<UpdateFailure> refused) {

    public ControlResult {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(refused, "refused");
    }

    /** The model policies' decisions, holds included. */
    public Seq<ModelScalingDecision> modelDecisions() {
        return only(d -> d instanceof Decision.ModelScaling m ? m.decision() : null);
    }

    /** The placements the scheduler made, failed ones included. */
    public Seq<ScheduleResult> placements() {
        return only(d -> d instanceof Decision.Scheduling s ? s.result() : null);
    }

    /** The server policies' decisions, after the scale-down check. */
    public Seq<ServerScalingDecision> serverDecisions() {
        return only(d -> d instanceof Decision.ServerScaling s ? s.decision() : null);
    }

    /** The server scale-ups and scale-downs to carry out: the StatefulSet's new replica counts. */
    public Seq<ServerScalingDecision.Scale> serverScales() {
        return only(d -> d instanceof Decision.ServerScaling s && s.decision() instanceof ServerScalingDecision.Scale
            scale ? scale : null);
    }

    /** The draining server replicas that may now stop. */
    public Seq<ServerReplicaId> released() {
        return only(d -> d instanceof Decision.ReplicaReleased r ? r.replica() : null);
    }

    /* One pass over the decisions, picking those {@code pick} maps to a value: a tick decides for every model. */
    private <T> Seq<T> only(java.util.function.Function<Decision, T> pick) {
        java.util.ArrayList<T> picked = new java.util.ArrayList<>();
        for (Decision decision : decisions) {
            T value = pick.apply(decision);
            if (value != null) {
                picked.add(value);
            }
        }
        return io.vavr.collection.Vector.ofAll(picked);
    }

    /** Every decision and command as a line a person reads, in order; a refused trigger first. */
    public Seq<String> describe() {
        return refused.map(f -> "refused: " + f.describe()).toList()
            .appendAll(decisions.map(Decision::describe))
            .appendAll(commands.map(AgentCommand::describe));
    }
}
