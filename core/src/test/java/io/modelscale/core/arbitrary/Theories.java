package io.modelscale.core.arbitrary;

import org.quicktheories.QuickTheory;

/**
 * The project's QuickTheories settings, shared by every property test: a fixed seed so that a failure seen once is
 * seen again, and an example count the build chooses.
 *
 * <p>Set {@code -Dmodelscale.examples=N} for more or fewer examples per property (the {@code thorough} Maven
 * profile raises it), and {@code -Dmodelscale.seed=S} to explore other inputs.
 */
public final class Theories {

    /** The seed when {@code modelscale.seed} is not set. */
    public static final long DEFAULT_SEED = 20_261_122L;

    private Theories() {
    }

    /** A theory with the build's seed and example count. */
    public static QuickTheory qt() {
        return QuickTheory.qt()
            .withFixedSeed(Long.getLong("modelscale.seed", DEFAULT_SEED))
            .withExamples(examples());
    }

    /** How many examples each property runs. */
    public static int examples() {
        return Integer.getInteger("modelscale.examples", 300);
    }

    /**
     * Whether a property's reach (how often its generator reaches the branch it is about) is asserted: at the build's
     * example count or more. With fewer (the mutation profile runs 50, for time), a rare branch may go unreached by
     * chance, which says nothing about the code under test; the properties themselves still run.
     */
    public static boolean reachChecked() {
        return examples() >= 300;
    }
}
