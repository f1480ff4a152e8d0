package io.modelscale.policy.server;

import io.modelscale.policy.Step;
import java.util.Objects;

/**
 * A scale-up policy and a scale-down policy as one server policy: a placement that fell short asks the scale-up
 * policy, an unloaded model replica and the stats period ask the scale-down policy, and a stats period on which the
 * scale-down policy holds asks the scale-up policy too when it says it wants that
 * ({@link ServerScaleUpPolicy#actsOnTick(Object, ServerObservation)}). Each keeps its own memory.
 *
 * @param up   the scale-up policy
 * @param down the scale-down policy
 * @param <U>  the scale-up policy's memory
 * @param <D>  the scale-down policy's memory
 */
public record ServerScaling<U, D>(ServerScaleUpPolicy<U> up, ServerScaleDownPolicy<D> down)
    implements ServerScalingPolicy<ServerScaling.Memory<U, D>> {

    public ServerScaling {
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
    }

    /** The two policies put together. */
    public static <U, D> ServerScaling<U, D> of(ServerScaleUpPolicy<U> up, ServerScaleDownPolicy<D> down) {
        return new ServerScaling<>(up, down);
    }

    /**
     * Both policies' memories.
     *
     * @param up   the scale-up policy's
     * @param down the scale-down policy's
     * @param <U>  the scale-up policy's memory
     * @param <D>  the scale-down policy's memory
     */
    public record Memory<U, D>(U up, D down) {
        public Memory {
            Objects.requireNonNull(up, "up");
            Objects.requireNonNull(down, "down");
        }
    }

    @Override
    public Memory<U, D> initialMemory() {
        return new Memory<>(up.initialMemory(), down.initialMemory());
    }

    @Override
    public Step<Memory<U, D>, ServerScalingDecision> decide(Memory<U, D> memory, ServerObservation observation) {
        if (observation.trigger() == ServerTrigger.PLACEMENT_SHORT) {
            Step<U, ServerScalingDecision> step = up.decide(memory.up(), observation);
            return Step.of(new Memory<>(step.memory(), memory.down()), step.decision());
        }
        Step<D, ServerScalingDecision> step = down.decide(memory.down(), observation);
        if (observation.trigger() == ServerTrigger.TICK && step.decision() instanceof ServerScalingDecision.Hold
            && up.actsOnTick(memory.up(), observation)) {
            Step<U, ServerScalingDecision> again = up.decide(memory.up(), observation);
            return Step.of(new Memory<>(again.memory(), step.memory()),
                again.decision() instanceof ServerScalingDecision.Scale ? again.decision() : step.decision());
        }
        return Step.of(new Memory<>(memory.up(), step.memory()), step.decision());
    }
}
