package io.modelscale.testkit;

/**
 * What {@link ControlLoopCheck} checks after every step of every generated sequence: the invariants of
 * {@code shared/spec/README.md} §4, with the safe scale-down of §3 item 3 as a separate one because Seldon Core 2
 * does not have it. The checks read the snapshot's raw entries (the agents' lists of loaded and loading versions,
 * each version's replica states, specs and expected counts) and the counts the policies asked for before the
 * control step admitted them; they do not call {@code Cluster.checkInvariants} or {@code Cluster.serves}. They do
 * rely on the library's classification of replica states (which hold memory) and on a version's derived status
 * (ScheduleFailed).
 */
public enum Invariant {

    /**
     * §4.1: at most one replica of a model version per server replica: no server replica lists a version as both
     * loaded and loading. (During a rollout the old and the new version may share a replica, as in Seldon Core 2.)
     * The library's updates keep this by construction; the check guards against a defect in them.
     */
    ONE_REPLICA_PER_SERVER_REPLICA("at most one replica of a model version per server replica (§4.1)"),

    /**
     * §4.2: every deployed model wants at least one replica, and every count a model policy asks for lies within
     * {@code [max(minReplicas, 1), maxReplicas]} (a count outside is a fault of the policy even though the control
     * step refuses it).
     */
    MODEL_BOUNDS("every model within [max(minReplicas, 1), maxReplicas] (§4.2)"),

    /**
     * §4.3: no server replica holds more model memory (the versions it lists as loaded or loading, plus the loads
     * requested on it) than its capacity including overcommit.
     */
    MEMORY("no server replica above its memory capacity (§4.3)"),

    /** §4.4: every server expects a count within its range, and a server policy never asks for one outside it. */
    SERVER_BOUNDS("every server within [max(minReplicas, 1), maxReplicas] (§4.4)"),

    /**
     * §4.5: a step the autoscaler takes on its own (a stats period, a drain check, a placement shortfall, a replica
     * joining) never leaves a served model unserved, and releasing a drained replica never stops the last serving
     * replica of a live model the control step has not given up on. A model whose latest version is ScheduleFailed
     * counts as given up, as the release rule has it: with {@link #SAFE_SCALE_DOWN} left out, a scale-down that
     * strands a model and the release that follows pass.
     */
    NO_DOWNTIME("no downtime through the autoscaler (§4.5)"),

    /**
     * §3 item 3: no server scale-down leaves a model that was served unplaceable (its replicas on the removed
     * replicas with nowhere to go). Seldon Core 2 lets such scale-downs through.
     */
    SAFE_SCALE_DOWN("no server scale-down leaves a served model unplaceable (§3.3)"),

    /**
     * §4.6: under constant load, no model or server scales one way and then the other within the stability window:
     * between the two scales nothing happened but stats periods and, under a {@link Event.HoldLoad}, the agents
     * finishing what they were asked and the drains being checked.
     */
    NO_FLIP_FLOP("no flip-flop under constant load (§4.6)"),

    /** §4.7: the same events and seed give the same decisions and the same cluster. */
    DETERMINISM("the same inputs give the same decisions (§4.7)"),

    /** The control step returns for every trigger: neither it nor a policy throws. It cannot be left out. */
    NO_EXCEPTION("every step returns a result");

    private final String text;

    Invariant(String text) {
        this.text = text;
    }

    /** The invariant in a few words, with the section of the specification it comes from. */
    public String describe() {
        return text;
    }
}
