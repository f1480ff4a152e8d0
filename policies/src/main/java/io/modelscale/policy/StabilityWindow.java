package io.modelscale.policy;

import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScalingDecision;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stability window that composes with any policy: a change the policy decides is held while the last change is
 * more recent than {@code window}, in both directions or for scale-downs only. The policy still decides and keeps
 * its memory; only its {@code Scale} becomes a {@code Hold} that says when the window ends.
 *
 * <p>What counts as the last change is the {@link Basis}: Seldon's scheduler holds a model whose status changed
 * within the window (its latest status timestamp is not before {@code now - window};
 * {@code shared/spec/seldon-core-2.md} §2.2, step 5); a cooldown holds a model or server whose desired count the
 * control loop changed less than {@code window} ago. A server has no status of its own, so a server window always
 * counts from the last change of its replica count.
 *
 * @param window     how long after a change another is held, zero or more
 * @param directions which changes are held
 * @param basis      what counts as the last change
 */
public record StabilityWindow(Duration window, Directions directions, Basis basis) {

    public StabilityWindow {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(directions, "directions");
        Objects.requireNonNull(basis, "basis");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative, got " + window);
        }
    }

    /** Which changes a window holds. */
    public enum Directions {
        /** Scale-ups and scale-downs. */
        BOTH,
        /** Scale-downs only. */
        SCALE_DOWN_ONLY
    }

    /** What a window counts from. */
    public enum Basis {
        /** The model's last status change, as Seldon's {@code isModelStable} reads it. */
        STATUS_CHANGE,
        /** The control loop's last change of the desired count: a cooldown. */
        LAST_SCALE
    }

    /** Seldon's window: held while the model's status changed within {@code window}. */
    public static StabilityWindow sinceStatusChange(Duration window, Directions directions) {
        return new StabilityWindow(window, directions, Basis.STATUS_CHANGE);
    }

    /** A cooldown: held while the control loop changed the count less than {@code window} ago. */
    public static StabilityWindow sinceLastScale(Duration window, Directions directions) {
        return new StabilityWindow(window, directions, Basis.LAST_SCALE);
    }

    /** {@code policy} with this window. */
    public <M> ModelScalingPolicy<M> wrap(ModelScalingPolicy<M> policy) {
        return new ModelPolicy<>(this, policy);
    }

    /** {@code policy} with this window, counted from the server's last change. */
    public <M> ServerScaleDownPolicy<M> wrap(ServerScaleDownPolicy<M> policy) {
        return new ServerPolicy<>(this, policy);
    }

    private boolean covers(boolean up) {
        return !up || directions == Directions.BOTH;
    }

    /**
     * A model policy held by a window.
     *
     * @param window the window
     * @param inner  the policy
     * @param <M>    the policy's memory
     */
    public record ModelPolicy<M>(StabilityWindow window, ModelScalingPolicy<M> inner)
        implements ModelScalingPolicy<M> {

        public ModelPolicy {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public M initialMemory(ModelObservation first) {
            return inner.initialMemory(first);
        }

        @Override
        public boolean readsOutstandingPerSecond() {
            return inner.readsOutstandingPerSecond();
        }

        @Override
        public Step<M, ModelScalingDecision> decide(M memory, ModelObservation observation) {
            Step<M, ModelScalingDecision> step = inner.decide(memory, observation);
            if (!(step.decision() instanceof ModelScalingDecision.Scale scale) || !window.covers(scale.up())) {
                return step;
            }
            Instant now = observation.now();
            Duration length = window.window();
            if (window.basis() == Basis.STATUS_CHANGE) {
                Instant changed = observation.latest().status().timestamp();
                if (!changed.isBefore(now.minus(length))) {
                    return Step.of(step.memory(), new ModelScalingDecision.Hold(scale.version(),
                        ModelScalingDecision.HoldReason.NOT_STABLE, "status " + observation.latest().status().state()
                            + " since " + changed + ", stable after " + changed.plus(length) + "; wanted " + scale.to()));
                }
                return step;
            }
            Option<Instant> scaled = observation.lastScaled().filter(t -> now.isBefore(t.plus(length)));
            if (scaled.isDefined()) {
                return Step.of(step.memory(), new ModelScalingDecision.Hold(scale.version(),
                    ModelScalingDecision.HoldReason.COOLING_DOWN, "last change at " + scaled.get() + ", cooldown "
                        + length.getSeconds() + " s; wanted " + scale.to()));
            }
            return step;
        }
    }

    /**
     * A server scale-down policy held by a window.
     *
     * @param window the window
     * @param inner  the policy
     * @param <M>    the policy's memory
     */
    public record ServerPolicy<M>(StabilityWindow window, ServerScaleDownPolicy<M> inner)
        implements ServerScaleDownPolicy<M> {

        public ServerPolicy {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public M initialMemory() {
            return inner.initialMemory();
        }

        @Override
        public Step<M, ServerScalingDecision> decide(M memory, ServerObservation observation) {
            Step<M, ServerScalingDecision> step = inner.decide(memory, observation);
            if (!(step.decision() instanceof ServerScalingDecision.Scale scale) || !window.covers(scale.up())) {
                return step;
            }
            Instant now = observation.now();
            Option<Instant> scaled = observation.lastScaled().filter(t -> now.isBefore(t.plus(window.window())));
            if (scaled.isEmpty()) {
                return step;
            }
            Instant until = scaled.get().plus(window.window());
            return Step.of(step.memory(), new ServerScalingDecision.Hold(scale.server(),
                new ServerHoldReason.NotStable(scaled.get(), until, scale.to()), Option.some(until), scale.bounds()));
        }
    }
}
