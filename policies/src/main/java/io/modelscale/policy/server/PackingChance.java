package io.modelscale.policy.server;

/**
 * How often the lightly-loaded policy tries to pack, given a uniform draw {@code r} in {@code [0, 1)} per scale-down
 * evaluation. The two presets read Seldon's setting differently ({@code shared/spec/README.md} §1).
 */
public sealed interface PackingChance {

    /** Whether packing is tried for the draw {@code r}. */
    boolean tries(double r);

    /** Never: the empty-replica policy alone. */
    static PackingChance never() {
        return new Percentage(0);
    }

    /**
     * The documentation's reading: a percentage from 0 to 100, the chance that packing is tried; tried when
     * {@code r < percent / 100}.
     *
     * @param percent the chance in percent, 0 to 100
     */
    record Percentage(double percent) implements PackingChance {
        public Percentage {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("serverPackingPercentage must be between 0 and 100, got " + percent);
            }
        }

        @Override
        public boolean tries(double r) {
            return r < percent / 100;
        }
    }

    /**
     * Seldon 2.10 code's reading: a fraction, tried when {@code r > 1 - fraction}; 1 or more means nearly always
     * (not for {@code r = 0}), 0 never.
     *
     * @param fraction the fraction, zero or more
     */
    record Fraction(double fraction) implements PackingChance {
        public Fraction {
            if (!(fraction >= 0)) {
                throw new IllegalArgumentException("serverPackingPercentage must be zero or more, got " + fraction);
            }
        }

        @Override
        public boolean tries(double r) {
            return r > 1 - fraction;
        }
    }
}
