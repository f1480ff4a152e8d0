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
 * reason, and what the agents and the server operator must now do. A value: equal when its five parts are.
 *
 * <p>A stats tick decides for every model, and nearly all of those decisions are holds; {@link #changes()} is the
 * rest, in order, so that a caller carrying out the step reads a handful of decisions rather than one per model.
 */
public final class ControlResult {

    private final ControlMemory memory;
    private final Cluster cluster;
    private final Seq<Decision> decisions;
    private final Seq<AgentCommand> commands;
    private final Option<UpdateFailure> refused;
    private final Seq<Decision> changes;

    /**
     * A result with these parts.
     *
     * @param memory    the control memory for the next step
     * @param cluster   the snapshot after the step: load and unload requests made, replicas drained, counts changed
     * @param decisions everything decided, in order, holds included
     * @param commands  the loads and unloads to send to agents, in order
     * @param refused   why the trigger could not be applied, if it could not; then nothing changed
     */
    public ControlResult(ControlMemory memory, Cluster cluster, Seq<Decision> decisions,
                         Seq<AgentCommand> commands, Option<UpdateFailure> refused) {
        this(memory, cluster, decisions, commands, refused, Objects.requireNonNull(decisions, "decisions")
            .filter(d -> !isModelHold(d)));
    }

    /** The step's own result, which collected the decisions other than model holds as it made them. */
    ControlResult(ControlMemory memory, Cluster cluster, Seq<Decision> decisions, Seq<AgentCommand> commands,
                  Option<UpdateFailure> refused, Seq<Decision> changes) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.refused = Objects.requireNonNull(refused, "refused");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    static boolean isModelHold(Decision decision) {
        return decision instanceof Decision.ModelScaling m && m.decision() instanceof ModelScalingDecision.Hold;
    }

    /** The control memory for the next step. */
    public ControlMemory memory() {
        return memory;
    }

    /** The snapshot after the step: load and unload requests made, replicas drained, counts changed. */
    public Cluster cluster() {
        return cluster;
    }

    /** Everything decided, in order, holds included. */
    public Seq<Decision> decisions() {
        return decisions;
    }

    /** The loads and unloads to send to agents, in order. */
    public Seq<AgentCommand> commands() {
        return commands;
    }

    /** Why the trigger could not be applied, if it could not; then nothing changed. */
    public Option<UpdateFailure> refused() {
        return refused;
    }

    /**
     * Every decision except a model policy's hold, in order: model scalings, placements, server decisions and their
     * holds, released replicas, replaced versions unloaded. What a caller carrying out the step must read.
     */
    public Seq<Decision> changes() {
        return changes;
    }

    /** The model policies' decisions, holds included. */
    public Seq<ModelScalingDecision> modelDecisions() {
        return only(decisions, d -> d instanceof Decision.ModelScaling m ? m.decision() : null);
    }

    /** The placements the scheduler made, failed ones included. */
    public Seq<ScheduleResult> placements() {
        return only(changes, d -> d instanceof Decision.Scheduling s ? s.result() : null);
    }

    /** The server policies' decisions, after the scale-down check. */
    public Seq<ServerScalingDecision> serverDecisions() {
        return only(changes, d -> d instanceof Decision.ServerScaling s ? s.decision() : null);
    }

    /** The server scale-ups and scale-downs to carry out: the StatefulSet's new replica counts. */
    public Seq<ServerScalingDecision.Scale> serverScales() {
        return only(changes, d -> d instanceof Decision.ServerScaling s
            && s.decision() instanceof ServerScalingDecision.Scale scale ? scale : null);
    }

    /** The draining server replicas that may now stop. */
    public Seq<ServerReplicaId> released() {
        return only(changes, d -> d instanceof Decision.ReplicaReleased r ? r.replica() : null);
    }

    /* One pass over some decisions, picking those {@code pick} maps to a value. */
    private static <T> Seq<T> only(Seq<Decision> from, java.util.function.Function<Decision, T> pick) {
        java.util.ArrayList<T> picked = new java.util.ArrayList<>();
        for (Decision decision : from) {
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

    @Override
    public boolean equals(Object other) {
        return other instanceof ControlResult that && memory.equals(that.memory) && cluster.equals(that.cluster)
            && decisions.equals(that.decisions) && commands.equals(that.commands) && refused.equals(that.refused);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memory, cluster, decisions, commands, refused);
    }

    @Override
    public String toString() {
        return "ControlResult[memory=" + memory + ", cluster=" + cluster + ", decisions=" + decisions + ", commands="
            + commands + ", refused=" + refused + "]";
    }
}
