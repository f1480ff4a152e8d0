package io.modelscale.simulation.engine;

import io.modelscale.core.cluster.Placement;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplicaId;
import java.util.Objects;

/** Something that happens at a time in a run, besides request arrivals (read from the trace). */
sealed interface SimEvent {

    /**
     * A request of a model finishes its service.
     *
     * @param model         the model's index in the scenario
     * @param serviceMicros how long it was served
     * @param good          whether it counts towards goodput: it arrived in the measured window and started within
     *                      the SLO
     */
    record Completion(int model, long serviceMicros, boolean good) implements SimEvent {
    }

    /**
     * The next request in service on a server replica may have finished (per-replica routing). The event queue keeps
     * one pending completion per server replica ({@link EventQueue#scheduleSlot}) and gives it as this event when
     * asked for events in general; one handed to {@link Serving#slotComplete} other than the replica's pending one is
     * ignored.
     *
     * @param slot the server replica's index in the serving model
     * @param at   when it was scheduled to fire, microseconds from the start
     */
    record SlotCompletion(int slot, long at) implements SimEvent {
    }

    /**
     * An evicted model finishes loading again on a server replica (eviction); stale when the model left the replica
     * or began another reload since.
     *
     * @param slot  the server replica's index in the serving model
     * @param model the model's index in the scenario
     * @param ready when the reload was due, microseconds from the start
     */
    record Reloaded(int slot, int model, long ready) implements SimEvent {
    }

    /** The stats period comes round. */
    record Tick() implements SimEvent {
    }

    /**
     * A model replica that started loading finishes.
     *
     * @param placement the replica as it was when it started loading
     */
    record LoadDone(Placement placement) implements SimEvent {
        public LoadDone {
            Objects.requireNonNull(placement, "placement");
        }
    }

    /**
     * A model replica asked to unload finishes.
     *
     * @param placement the replica as it was when asked
     */
    record UnloadDone(Placement placement) implements SimEvent {
        public UnloadDone {
            Objects.requireNonNull(placement, "placement");
        }
    }

    /**
     * A server replica's pod has started and its agent connects.
     *
     * @param replica the replica
     */
    record ReplicaReady(ServerReplicaId replica) implements SimEvent {
        public ReplicaReady {
            Objects.requireNonNull(replica, "replica");
        }
    }

    /**
     * A poll of a server's draining replicas.
     *
     * @param server the server
     */
    record DrainPoll(ServerName server) implements SimEvent {
        public DrainPoll {
            Objects.requireNonNull(server, "server");
        }
    }

    /** A running server replica fails. */
    record ReplicaFailure() implements SimEvent {
    }
}
