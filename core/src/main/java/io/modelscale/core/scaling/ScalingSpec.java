package io.modelscale.core.scaling;

import io.modelscale.core.Problem;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import io.vavr.control.Validation;

/**
 * The replica counts of a Model or Server resource after Seldon Core 2's operator has normalised them
 * ({@code shared/spec/seldon-core-2.md} §1.3, {@code GetValidatedScalingSpec}).
 *
 * <p>Read a resource's fields with {@link #validate(Option, Option, Option)}, which applies the defaults and
 * returns Seldon's error messages. The record itself only requires non-negative counts, so that a snapshot holding
 * a spec that a faulty policy pushed out of range can still be built and reported by
 * {@link #problems()} (and by the cluster's invariant check) rather than crash.
 *
 * @param replicas    the desired number of replicas; autoscaling moves this value
 * @param minReplicas the lower end of the autoscaling range, {@code 0} when not set
 * @param maxReplicas the upper end of the autoscaling range
 */
public record ScalingSpec(int replicas, int minReplicas, MaxReplicas maxReplicas) {

    /** The prefix Seldon puts on every scaling-spec error. */
    public static final String INVALID = "scaling spec is invalid: ";

    public ScalingSpec {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
        if (minReplicas < 0) {
            throw new IllegalArgumentException("minReplicas must not be negative, got " + minReplicas);
        }
        if (maxReplicas == null) {
            throw new IllegalArgumentException("maxReplicas must not be null: use MaxReplicas.unbounded()");
        }
    }

    /** Exactly {@code replicas} replicas, with autoscaling off. */
    public static ScalingSpec fixed(int replicas) {
        return new ScalingSpec(replicas, 0, MaxReplicas.unbounded());
    }

    /**
     * Normalises and validates a resource's scaling fields exactly as Seldon's operator does, starting from
     * {@code replicas = 1, min = 0, max = unbounded}:
     * <ol>
     *   <li>a given {@code replicas} is used; otherwise a positive {@code minReplicas} is;</li>
     *   <li>a positive {@code minReplicas} becomes the minimum, and {@code replicas} must not be below it;</li>
     *   <li>a positive {@code maxReplicas} becomes the maximum, the minimum must not exceed it, nor may
     *       {@code replicas}. A {@code maxReplicas} of {@code 0} means no maximum.</li>
     * </ol>
     * A negative field is reported as such (Seldon ignores a negative {@code minReplicas} or {@code maxReplicas};
     * here every negative count is rejected). All negative fields are reported at once; otherwise the first broken
     * relation is reported, with Seldon's message, for example
     * {@code scaling spec is invalid: number of replicas 1 must be >= min replicas 2}.
     */
    public static Validation<Seq<Problem>, ScalingSpec> validate(
        Option<Integer> replicas, Option<Integer> minReplicas, Option<Integer> maxReplicas) {
        List<Problem> negative = List.<Problem>empty()
            .appendAll(negativeProblem("replicas", "number of replicas", replicas))
            .appendAll(negativeProblem("minReplicas", "min replicas", minReplicas))
            .appendAll(negativeProblem("maxReplicas", "max replicas", maxReplicas));
        if (!negative.isEmpty()) {
            return Validation.invalid(negative);
        }
        int min = minReplicas.getOrElse(0);
        int count = replicas.getOrElse(min > 0 ? min : 1);
        int max = maxReplicas.getOrElse(0);
        ScalingSpec spec = new ScalingSpec(count, min, max > 0 ? MaxReplicas.of(max) : MaxReplicas.unbounded());
        Seq<Problem> problems = spec.problems();
        return problems.isEmpty() ? Validation.valid(spec) : Validation.invalid(problems.take(1));
    }

    /** {@link #validate(Option, Option, Option)} with plain ints, each field present. */
    public static Validation<Seq<Problem>, ScalingSpec> validate(int replicas, int minReplicas, int maxReplicas) {
        return validate(Option.some(replicas), Option.some(minReplicas), Option.some(maxReplicas));
    }

    /**
     * Every broken relation between the counts, in Seldon's order and with its messages: replicas below the
     * minimum, the minimum above the maximum, replicas above the maximum. Empty for a valid spec.
     */
    public Seq<Problem> problems() {
        List<Problem> found = List.empty();
        if (replicas < minReplicas) {
            found = found.append(Problem.of("replicas", replicas,
                INVALID + "number of replicas " + replicas + " must be >= min replicas " + minReplicas));
        }
        for (Integer max : maxReplicas.bound()) {
            if (minReplicas > max) {
                found = found.append(Problem.of("minReplicas", minReplicas,
                    INVALID + "min number of replicas " + minReplicas + " must be <= max number of replicas " + max));
            }
            if (replicas > max) {
                found = found.append(Problem.of("replicas", replicas,
                    INVALID + "number of replicas " + replicas + " must be <= max replicas " + max));
            }
        }
        return found;
    }

    /** {@code true} when {@link #problems()} is empty. */
    public boolean isValid() {
        return problems().isEmpty();
    }

    /**
     * Whether the resource asks for autoscaling: a minimum or a maximum is set (Seldon's
     * {@code AutoscalingEnabled(min, max)}: {@code (1, 0)} and {@code (0, 3)} are enabled, {@code (0, 0)} is not).
     */
    public boolean autoscalingEnabled() {
        return minReplicas > 0 || maxReplicas.isBounded();
    }

    /** The lowest count autoscaling may set: {@code max(minReplicas, 1)}, since a deployed model keeps a replica. */
    public int autoscalingFloor() {
        return Math.max(minReplicas, 1);
    }

    /** {@code true} if autoscaling may set {@code count}: it lies in {@code [autoscalingFloor(), maxReplicas]}. */
    public boolean admitsAutoscaledCount(int count) {
        return count >= autoscalingFloor() && maxReplicas.admits(count);
    }

    /** The same range with a new desired count; the result may be invalid, see {@link #problems()}. */
    public ScalingSpec withReplicas(int newReplicas) {
        return new ScalingSpec(newReplicas, minReplicas, maxReplicas);
    }

    private static Option<Problem> negativeProblem(String field, String label, Option<Integer> value) {
        return value.filter(v -> v < 0)
            .map(v -> Problem.of(field, v, INVALID + label + " " + v + " must be >= 0"));
    }

    @Override
    public String toString() {
        return "replicas " + replicas + " in [" + minReplicas + ", " + maxReplicas + "]";
    }
}
