package io.modelscale.policy.server.internal;

import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ExpectedReplicas;
import io.modelscale.policy.server.PackingChance;
import io.vavr.control.Option;

/**
 * Seldon Core 2's server scaling functions, exactly ({@code shared/spec/seldon-core-2.md} §5.2–5.3,
 * {@code shouldScaleUp} and {@code shouldScaleDown}), over the scheduler's view of a server. They answer
 * whether to send a scaling request and its target; the shipped server policies add the range and the reasons,
 * and the control loop the safety check.
 */
public final class SeldonServerScaling {

    /** The maximum Seldon's operator sends for a Server without {@code maxReplicas} ({@code MaxUint32}). */
    public static final long UNBOUNDED_MAX = 4_294_967_295L;

    private SeldonServerScaling() {
    }

    /**
     * {@code wanted} within {@code [max(minReplicas, 1), maxReplicas]}, the maximum read as Seldon's scheduler reads
     * it ({@link #schedulerMax}), as an {@code int}.
     */
    public static int clamp(ScalingSpec scaling, long wanted) {
        long bounded = Math.max(scaling.autoscalingFloor(), Math.min(schedulerMax(scaling.maxReplicas()), wanted));
        return (int) Math.min(Integer.MAX_VALUE, bounded);
    }

    /** The scheduler's {@code MaxReplicas}: the bound, or {@link #UNBOUNDED_MAX} without one. */
    public static long schedulerMax(MaxReplicas max) {
        return max.bound().map(Integer::longValue).getOrElse(UNBOUNDED_MAX);
    }

    /**
     * Scale-up by model replica count: with the expected count known and a maximum of at least 1, scale when the
     * largest desired model replica count exceeds the expected count, to {@code min(largest, max)}. The minimum is
     * not considered, and an expected count already at the maximum still yields a request for the maximum.
     *
     * @param expected    the server's expected replicas
     * @param maxReplicas the scheduler's maximum, 0 when missing
     * @param stats       the server's statistics
     * @return the target, or none for no request
     */
    public static Option<Long> scaleUp(ExpectedReplicas expected, long maxReplicas, ServerStats stats) {
        if (expected.count().isEmpty() || maxReplicas < 1) {
            return Option.none();
        }
        long largest = stats.maxNumReplicaHostedModels();
        return largest > expected.count().get() ? Option.some(Math.min(largest, maxReplicas)) : Option.none();
    }

    /**
     * Scale-down, evaluated when a model replica on the server became Unloaded or LoadFailed: remove the empty
     * replicas, or, when packing is tried for this draw and the largest model replica count is below the expected
     * count, pack down to that count if it removes more; never below {@code max(minReplicas, 1)}, and nothing when
     * the expected count is unknown or at most 1. Where Seldon's unsigned arithmetic wraps, this clamps.
     *
     * @param expected    the server's expected replicas
     * @param minReplicas the server's minimum, 0 when not set
     * @param stats       the server's statistics
     * @param chance      how often packing is tried
     * @param draw        the uniform draw in {@code [0, 1)} for this evaluation
     * @return the target, or none for no request
     */
    public static Option<Long> scaleDown(ExpectedReplicas expected, int minReplicas, ServerStats stats,
                                         PackingChance chance, double draw) {
        if (expected.count().isEmpty()) {
            return Option.none();
        }
        long current = expected.count().get();
        long floor = minReplicas == 0 ? 1 : minReplicas;
        boolean tryPack = chance.tries(draw) && stats.maxNumReplicaHostedModels() < current;
        long target = Math.max(floor, Math.max(0, current - stats.numEmptyReplicas()));
        if (tryPack) {
            long toRemove = current - stats.maxNumReplicaHostedModels();
            long remaining = current - toRemove;
            if (toRemove > stats.numEmptyReplicas() && remaining > 0) {
                target = Math.max(floor, remaining);
            }
        }
        return (tryPack || stats.numEmptyReplicas() > 0) && current > 1 ? Option.some(target) : Option.none();
    }
}
