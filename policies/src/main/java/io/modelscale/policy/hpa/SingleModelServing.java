package io.modelscale.policy.hpa;

import java.util.Objects;

/**
 * Single-model serving with two HPAs (seed 003, "Single-Model Serving HPA Autoscaling"): a model HPA and a server
 * HPA on the same metric, one model replica per server replica, each reconciled by the same
 * {@link HorizontalPodAutoscaler} on its own memory, as a function over both.
 *
 * <p>The two converge on the same count when their specs agree, but each samples the metric on its own; while the
 * model asks for more replicas than the server has, the model is ScheduleFailed and only as many of its replicas
 * serve as there are server replicas, the ones already loaded keeping on serving. The server's scheduler never
 * scales the server for the model here: that is the server HPA's job.
 */
public final class SingleModelServing {

    /**
     * The two HPAs.
     *
     * @param model  the HPA whose target is the Model
     * @param server the HPA whose target is the Server
     */
    public record Pair(HpaSpec model, HpaSpec server) {
        public Pair {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(server, "server");
        }
    }

    /**
     * The memories of the two HPAs.
     *
     * @param model  the model HPA's
     * @param server the server HPA's
     */
    public record Memory(HpaMemory model, HpaMemory server) {
        public Memory {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(server, "server");
        }

        /** Two new HPAs. */
        public static Memory initial() {
            return new Memory(HpaMemory.initial(), HpaMemory.initial());
        }
    }

    /**
     * One reconcile of both.
     *
     * @param memory          the memories for the next reconcile
     * @param model           the model HPA's decision
     * @param server          the server HPA's decision
     * @param scheduleFailed  whether the model wants more replicas than the server has, and is ScheduleFailed
     * @param servingReplicas how many model replicas serve: the desired count, capped at the server's replicas
     */
    public record Step(Memory memory, HpaDecision model, HpaDecision server, boolean scheduleFailed,
                       int servingReplicas) {

        /** One line a person understands. */
        public String describe() {
            return "model: " + model.describe() + "; server: " + server.describe()
                + (scheduleFailed ? "; model ScheduleFailed, " + servingReplicas + " replicas keep serving" : "");
        }
    }

    private final HorizontalPodAutoscaler controller;

    /** The pairing, reconciled by {@code controller}. */
    public SingleModelServing(HorizontalPodAutoscaler controller) {
        this.controller = Objects.requireNonNull(controller, "controller");
    }

    /**
     * Reconciles both HPAs on their own observations (each HPA samples the metric at its own time).
     *
     * @param serverReplicasReady the server replicas that are up and can take a model replica
     */
    public Step step(Pair pair, Memory memory, HpaObservation modelObservation, HpaObservation serverObservation,
                     int serverReplicasReady) {
        HorizontalPodAutoscaler.Step model = controller.step(pair.model(), memory.model(), modelObservation);
        HorizontalPodAutoscaler.Step server = controller.step(pair.server(), memory.server(), serverObservation);
        int wanted = model.decision().desired();
        boolean failed = wanted > serverReplicasReady;
        return new Step(new Memory(model.memory(), server.memory()), model.decision(), server.decision(), failed,
            Math.min(wanted, serverReplicasReady));
    }
}
