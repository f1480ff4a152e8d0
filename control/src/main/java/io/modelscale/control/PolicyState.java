package io.modelscale.control;

import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerScalingPolicy;
import java.util.Objects;

/** A policy bound to its memory for one model or server, so that memories of any type live in one map. */
final class PolicyState {

    private PolicyState() {
    }

    /*
     * A step that returns the very memory it was given returns the same state object, so that the control step can
     * leave its entry untouched: on a tick where nothing changes, no model's entry is rewritten. An equal memory in a
     * new object gets a new state: comparing memories field by field would cost on every step whose memory did change
     * (a busy model's HPA recommendations, its Knative window), which is most of them, to save an allocation.
     */

    /**
     * A model policy with its memory for one model.
     *
     * @param policy the policy
     * @param memory its memory
     * @param <M>    the memory's type
     */
    record OfModel<M>(ModelScalingPolicy<M> policy, M memory) {
        OfModel {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(memory, "memory");
        }

        static <M> OfModel<M> start(ModelScalingPolicy<M> policy, ModelObservation first) {
            return new OfModel<>(policy, policy.initialMemory(first));
        }

        Step<OfModel<M>, ModelScalingDecision> decide(ModelObservation observation) {
            Step<M, ModelScalingDecision> step = policy.decide(memory, observation);
            if (step == null) {
                throw new IllegalStateException("the policy returned no step (null)");
            }
            return new Step<>(step.memory() == memory ? this : new OfModel<>(policy, step.memory()),
                step.decision(), step.steadyUntil());
        }
    }

    /**
     * A server policy with its memory for one server.
     *
     * @param policy the policy
     * @param memory its memory
     * @param <M>    the memory's type
     */
    record OfServer<M>(ServerScalingPolicy<M> policy, M memory) {
        OfServer {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(memory, "memory");
        }

        static <M> OfServer<M> start(ServerScalingPolicy<M> policy) {
            return new OfServer<>(policy, policy.initialMemory());
        }

        Step<OfServer<M>, ServerScalingDecision> decide(ServerObservation observation) {
            Step<M, ServerScalingDecision> step = policy.decide(memory, observation);
            if (step == null) {
                throw new IllegalStateException("the policy returned no step (null)");
            }
            return Step.of(step.memory() == memory ? this : new OfServer<>(policy, step.memory()),
                step.decision());
        }
    }
}
