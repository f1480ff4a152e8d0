package io.modelscale.simulation.engine;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.function.Function;

/**
 * The scenarios the command line knows by name: {@code mixed} (the default), {@code conversation}, {@code code} and
 * {@code synthetic-day}. Each is warm-started ({@link Settings.InitialState#WARM}).
 */
public final class BuiltInScenarios {

    /** The scenario used when none is named. */
    public static final String DEFAULT = "mixed";

    /** How many models {@code synthetic-day} has unless told otherwise. */
    public static final int SYNTHETIC_MODELS = 1_000;

    /** {@code synthetic-day}'s mean arrival rate, requests per second, unless told otherwise. */
    public static final double SYNTHETIC_RATE = 150;

    /** {@code synthetic-day}'s length in hours unless told otherwise. */
    public static final int SYNTHETIC_HOURS = 24;

    /**
     * What the command line may set on a built-in scenario: the fidelity of any, the size of a synthetic one.
     *
     * @param models how many models
     * @param rate   the mean arrival rate over a day, requests per second
     * @param hours    how long to run, in hours
     * @param fidelity how requests are served
     */
    public record Size(int models, double rate, int hours, Fidelity fidelity) {
    }

    /**
     * One named scenario.
     *
     * @param name        its name on the command line
     * @param description one line on what it holds
     * @param takesModels whether {@code --models}, {@code --rate} and {@code --hours} size it
     * @param make        the scenario for a size: its fidelity always, its models, rate and hours only where
     *                    {@code takesModels}
     */
    public record Entry(String name, String description, boolean takesModels, Function<Size, Scenario> make) {
    }

    private static final Seq<Entry> ALL = List.of(
        new Entry("mixed", "1 h of both Azure LLM traces over 8 models (5 chat, 3 code) on one autoscaled server",
            false, size -> DefaultScenario.scenario(size.fidelity())),
        new Entry("conversation", "1 h of the Azure conversation trace (19,366 requests) over 5 models",
            false, size -> DefaultScenario.conversation(size.fidelity())),
        new Entry("code", "1 h of the Azure coding trace (8,819 requests) over 3 models", false,
            size -> DefaultScenario.code(size.fidelity())),
        new Entry("synthetic-day", "24 h of diurnal Poisson traffic (mean 150 requests/s) over " + SYNTHETIC_MODELS
            + " models, Zipf popularity (--models N, --rate R, --hours H to change)", true,
            size -> warm(served(SyntheticScenario.of(size.models(), Duration.ofHours(size.hours()), size.rate(),
                DefaultScenario.SEED), size.fidelity()))));

    private BuiltInScenarios() {
    }

    /** Every named scenario, in the order listed. */
    public static Seq<Entry> all() {
        return ALL;
    }

    /**
     * The scenario called {@code name}, with {@code models} models where it takes a count, or a message saying what
     * was expected.
     */
    public static Either<String, Scenario> of(String name, Option<Integer> models) {
        return of(name, models, Option.none(), Option.none());
    }

    /**
     * The scenario called {@code name}, sized by whichever of {@code models}, {@code rate} (mean requests per second)
     * and {@code hours} are given where it takes a size, or a message naming the option, its value and what was
     * expected.
     */
    public static Either<String, Scenario> of(String name, Option<Integer> models, Option<Double> rate,
                                              Option<Integer> hours) {
        return of(name, models, rate, hours, Fidelity.DEFAULT);
    }

    /** {@link #of(String, Option, Option, Option)} with requests served under {@code fidelity}. */
    public static Either<String, Scenario> of(String name, Option<Integer> models, Option<Double> rate,
                                              Option<Integer> hours, Fidelity fidelity) {
        Option<Entry> entry = ALL.find(e -> e.name().equals(name));
        if (entry.isEmpty()) {
            return Either.left("--scenario '" + name + "' is not a built-in scenario: expected one of "
                + ALL.map(Entry::name).mkString(", "));
        }
        String sized = ALL.filter(Entry::takesModels).map(Entry::name).mkString(", ");
        if (!entry.get().takesModels()) {
            Option<String> given = models.map(n -> "--models " + n).orElse(rate.map(r -> "--rate " + plain(r)))
                .orElse(hours.map(h -> "--hours " + h));
            if (given.isDefined()) {
                return Either.left(given.get() + " does not apply to scenario " + name + ": expected it only with "
                    + sized);
            }
        }
        if (models.exists(n -> n < 1 || n > 100_000)) {
            return Either.left("--models " + models.get() + " is out of range: expected 1 to 100000");
        }
        if (rate.exists(r -> !(r > 0 && r <= 100_000))) {
            return Either.left("--rate " + plain(rate.get()) + " is out of range: expected a mean rate above 0 and at most"
                + " 100000 requests per second");
        }
        if (hours.exists(h -> h < 1 || h > 168)) {
            return Either.left("--hours " + hours.get() + " is out of range: expected 1 to 168");
        }
        return Either.right(entry.get().make().apply(new Size(models.getOrElse(SYNTHETIC_MODELS),
            rate.getOrElse(SYNTHETIC_RATE), hours.getOrElse(SYNTHETIC_HOURS), fidelity)));
    }

    /** A rate as a person typed it: 5, not 5.0. */
    public static String plain(double value) {
        return Double.isFinite(value) ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
            : String.valueOf(value);
    }

    /**
     * {@code scenario} served as {@code fidelity} serves requests. A synthetic scenario's service times are its own
     * (exponential), so a fidelity changes only how they are served.
     */
    public static Scenario served(Scenario scenario, Fidelity fidelity) {
        return scenario.withSettings(scenario.settings().withServing(fidelity.serving()));
    }

    private static Scenario warm(Scenario scenario) {
        return scenario.withSettings(scenario.settings().withInitial(Settings.InitialState.WARM));
    }
}
