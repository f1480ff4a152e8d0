package io.modelscale.policy.model;

import io.modelscale.core.Problem;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's inference-lag settings ({@code shared/spec/seldon-core-2.md} §2.1).
 *
 * @param lagThreshold      in-flight requests at or above which a scale-up is triggered
 *                          ({@code SELDON_MODEL_INFERENCE_LAG_THRESHOLD}), at least 1
 * @param inactiveThreshold idle time at or above which a scale-down is triggered
 *                          ({@code SELDON_MODEL_INACTIVE_SECONDS_THRESHOLD}), whole seconds, at least 1 s
 * @param statsPeriod       how often the statistics are evaluated ({@code SELDON_SCALING_STATS_PERIOD_SECONDS}),
 *                          whole seconds, at least 1 s
 */
public record LagSettings(long lagThreshold, Duration inactiveThreshold, Duration statsPeriod) {

    public LagSettings {
        Objects.requireNonNull(inactiveThreshold, "inactiveThreshold");
        Objects.requireNonNull(statsPeriod, "statsPeriod");
        Seq<Problem> problems = problems(lagThreshold, inactiveThreshold, statsPeriod);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.map(Problem::describe).mkString("; "));
        }
    }

    /** The agent's command-line defaults: lag 30, inactive 30 s, period 5 s. */
    public static LagSettings cliDefaults() {
        return new LagSettings(30, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    /** The Helm chart's defaults: lag 30, inactive 600 s, period 20 s. */
    public static LagSettings helmDefaults() {
        return new LagSettings(30, Duration.ofSeconds(600), Duration.ofSeconds(20));
    }

    /** The settings, or every problem with them. */
    public static Validation<Seq<Problem>, LagSettings> validate(
        long lagThreshold, long inactiveSeconds, long periodSeconds) {
        Seq<Problem> problems = problems(lagThreshold, Duration.ofSeconds(inactiveSeconds),
            Duration.ofSeconds(periodSeconds));
        return problems.isEmpty()
            ? Validation.valid(new LagSettings(lagThreshold, Duration.ofSeconds(inactiveSeconds),
                Duration.ofSeconds(periodSeconds)))
            : Validation.invalid(problems);
    }

    private static Seq<Problem> problems(long lag, Duration inactive, Duration period) {
        List<Problem> found = List.empty();
        if (lag < 1) {
            found = found.append(Problem.of("lagThreshold", lag,
                "the lag threshold must be at least 1 in-flight request, got " + lag));
        }
        if (inactive.isNegative() || inactive.isZero() || inactive.getNano() != 0) {
            found = found.append(Problem.of("inactiveThreshold", inactive,
                "the inactive threshold must be a whole number of seconds, at least 1, got " + inactive));
        }
        if (period.isNegative() || period.isZero() || period.getNano() != 0) {
            found = found.append(Problem.of("statsPeriod", period,
                "the stats period must be a whole number of seconds, at least 1, got " + period));
        }
        return found;
    }
}
