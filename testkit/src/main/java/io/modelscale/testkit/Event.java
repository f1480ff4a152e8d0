package io.modelscale.testkit;

/**
 * One thing that happens around the control step in a generated sequence: a Model deployed or deleted, traffic that
 * changes, agents that load and unload, a server replica that restarts or is evicted, a periodic drain check, a stats
 * period, or a stretch of time under a load that does not change. {@link Events} generates them;
 * {@link ControlLoopCheck#replay} runs a list of them, so a counterexample the kit prints can be pasted back as a
 * regression test.
 *
 * <p>The world they act on is fixed (see {@link ControlLoopCheck}): servers {@code small} (2 GiB replicas) and
 * {@code large} (4 GiB replicas), each starting at 2 replicas in {@code [1, 5]}, and models {@code m0} to
 * {@code m5}. Indices that pick a model, a server or an in-flight replica wrap around, so every event is valid
 * whatever came before; an event that finds nothing to act on does nothing.
 */
public sealed interface Event {

    /** The names of the models events act on: {@code m0} to {@code m5}. */
    int MODELS = 6;

    /** How many seconds pass before the event happens. */
    int afterSeconds();

    /** One line: what happens. */
    String describe();

    /**
     * Refuses a delay that would move the clock back.
     *
     * @throws IllegalArgumentException naming the value, when {@code afterSeconds} is negative
     */
    static void requireTimeForward(int afterSeconds) {
        if (afterSeconds < 0) {
            throw new IllegalArgumentException("afterSeconds must not be negative (time only moves on), got "
                + afterSeconds);
        }
    }

    /**
     * Model {@code m<model>} is deployed (again, if it exists: a new version) needing {@code halfGibs} half-GiB of
     * memory, with {@code replicas} replicas in {@code [minReplicas, maxReplicas]}.
     */
    record Deploy(int afterSeconds, int model, int halfGibs, int replicas, int minReplicas, int maxReplicas)
        implements Event {

        public Deploy {
            requireTimeForward(afterSeconds);
            if (halfGibs < 1 || maxReplicas < 1 || minReplicas < 0 || minReplicas > maxReplicas
                || replicas < Math.max(1, minReplicas) || replicas > maxReplicas) {
                throw new IllegalArgumentException("Deploy needs halfGibs >= 1 and 1 <= max(1, minReplicas) <="
                    + " replicas <= maxReplicas, got " + halfGibs + ", " + replicas + " in [" + minReplicas + ", "
                    + maxReplicas + "]");
            }
        }

        @Override
        public String describe() {
            return "deploy m" + Math.floorMod(model, MODELS) + ": " + (halfGibs * 512) + "Mi, " + replicas
                + " replicas in [" + minReplicas + ", " + maxReplicas + "]";
        }
    }

    /** Model {@code m<model>} is deleted (refused by the control step if it was never deployed). */
    record Delete(int afterSeconds, int model) implements Event {

        public Delete {
            requireTimeForward(afterSeconds);
        }

        @Override
        public String describe() {
            return "delete m" + Math.floorMod(model, MODELS);
        }
    }

    /**
     * From now on model {@code m<model>} has {@code outstanding} requests in flight, arriving at half that many per
     * second, two served at once per replica; a stats period follows.
     */
    record Traffic(int afterSeconds, int model, int outstanding) implements Event {

        public Traffic {
            requireTimeForward(afterSeconds);
            if (outstanding < 0) {
                throw new IllegalArgumentException("outstanding must not be negative, got " + outstanding);
            }
        }

        @Override
        public String describe() {
            return "traffic of m" + Math.floorMod(model, MODELS) + ": " + outstanding + " outstanding";
        }
    }

    /**
     * The agents move {@code count} model replicas in flight (loading or unloading) one step on, starting with the
     * {@code pick}-th; with {@code loadFails}, a load in progress fails instead of completing.
     */
    record AgentProgress(int afterSeconds, int pick, int count, boolean loadFails) implements Event {

        public AgentProgress {
            requireTimeForward(afterSeconds);
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, got " + count);
            }
        }

        @Override
        public String describe() {
            return "agents move " + count + " replica" + (count == 1 ? "" : "s") + " in flight on"
                + (loadFails ? ", a load failing" : "");
        }
    }

    /** The periodic check of draining replicas on server {@code server} (or on every server when negative). */
    record DrainCheck(int afterSeconds, int server) implements Event {

        public DrainCheck {
            requireTimeForward(afterSeconds);
        }

        @Override
        public String describe() {
            return server < 0 ? "drain check on every server" : "drain check on " + ControlLoopCheck.serverName(server);
        }
    }

    /** A replica of server {@code server} restarts: it leaves with what it held and connects again empty. */
    record Restart(int afterSeconds, int server, int pick) implements Event {

        public Restart {
            requireTimeForward(afterSeconds);
        }

        @Override
        public String describe() {
            return "a replica of " + ControlLoopCheck.serverName(server) + " restarts";
        }
    }

    /** A replica of server {@code server} is evicted: it drains, and the control step moves its models. */
    record Evict(int afterSeconds, int server, int pick) implements Event {

        public Evict {
            requireTimeForward(afterSeconds);
        }

        @Override
        public String describe() {
            return "a replica of " + ControlLoopCheck.serverName(server) + " is evicted";
        }
    }

    /** A stats period with the traffic as it stands. */
    record Tick(int afterSeconds) implements Event {

        public Tick {
            requireTimeForward(afterSeconds);
        }

        @Override
        public String describe() {
            return "stats period";
        }
    }

    /**
     * The load stays exactly as it is for {@code ticks} stats periods {@code spacingSeconds} apart, requests still
     * arriving: before each period the agents finish every load and unload in flight and every server's drains are
     * checked. Under such a load no model or server may scale one way and then the other within the stability window
     * ({@code shared/spec/README.md} §4.6).
     */
    record HoldLoad(int afterSeconds, int ticks, int spacingSeconds) implements Event {

        public HoldLoad {
            requireTimeForward(afterSeconds);
            if (ticks < 1 || spacingSeconds < 1) {
                throw new IllegalArgumentException("ticks and spacingSeconds must be at least 1, got " + ticks
                    + " and " + spacingSeconds);
            }
        }

        @Override
        public String describe() {
            return "the load holds for " + ticks + " stats periods " + spacingSeconds + " s apart";
        }
    }
}
