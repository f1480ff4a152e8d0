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

    /**
     * One named scenario.
     *
     * @param name        its name on the command line
     * @param description one line on what it holds
     * @param takesModels whether {@code --models} sets its model count
     * @param make        the scenario for a model count (ignored unless {@code takesModels})
     */
    public record Entry(String name, String description, boolean takesModels, Function<Integer, Scenario> make) {
    }

    private static final Seq<Entry> ALL = List.of(
        new Entry("mixed", "1 h of both Azure LLM traces over 8 models (5 chat, 3 code) on one autoscaled server",
            false, n -> DefaultScenario.scenario()),
        new Entry("conversation", "1 h of the Azure conversation trace (19,366 requests) over 5 models",
            false, n -> DefaultScenario.conversation()),
        new Entry("code", "1 h of the Azure coding trace (8,819 requests) over 3 models", false,
            n -> DefaultScenario.code()),
        new Entry("synthetic-day", "24 h of diurnal Poisson traffic (mean 150 requests/s) over " + SYNTHETIC_MODELS
            + " models (--models N to change), Zipf popularity", true,
            n -> warm(SyntheticScenario.of(n, Duration.ofHours(24), 150, DefaultScenario.SEED))));

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
        Option<Entry> entry = ALL.find(e -> e.name().equals(name));
        if (entry.isEmpty()) {
            return Either.left("--scenario '" + name + "' is not a built-in scenario: expected one of "
                + ALL.map(Entry::name).mkString(", "));
        }
        if (models.isDefined() && !entry.get().takesModels()) {
            return Either.left("--models " + models.get() + " does not apply to scenario " + name
                + ": expected it only with " + ALL.filter(Entry::takesModels).map(Entry::name).mkString(", "));
        }
        if (models.exists(n -> n < 1 || n > 100_000)) {
            return Either.left("--models " + models.get() + " is out of range: expected 1 to 100000");
        }
        return Either.right(entry.get().make().apply(models.getOrElse(SYNTHETIC_MODELS)));
    }

    private static Scenario warm(Scenario scenario) {
        return scenario.withSettings(scenario.settings().withInitial(Settings.InitialState.WARM));
    }
}
