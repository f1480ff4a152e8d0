package io.modelscale.simulation.trace;

import java.util.SplittableRandom;

/**
 * How long a replica takes to serve an LLM request of the Azure traces, from its two phases: a fixed overhead, the
 * prompt (prefill) phase at a cost per context token, and the generation (decode) phase at a cost per generated
 * token, times a seeded random factor when {@code variation} is positive:
 * {@code (base + perContextToken × context + perToken × generated) × exp(σZ − σ²/2)}, with Z standard normal and
 * σ the variation, so the factor's mean is 1.
 *
 * @param baseMicros            the fixed part, in microseconds
 * @param perContextTokenNanos  the prefill time per context (prompt) token, in nanoseconds
 * @param perTokenMicros        the decode time per generated token, in microseconds
 * @param variation             σ of the log-normal factor around 1; 0 for none, at most 2
 */
public record ServiceTime(long baseMicros, long perContextTokenNanos, long perTokenMicros, double variation) {

    /** The largest variation accepted: a σ of 2 already spreads service times over two orders of magnitude. */
    public static final double MAX_VARIATION = 2.0;

    public ServiceTime {
        if (baseMicros < 0 || perContextTokenNanos < 0 || perTokenMicros < 0) {
            throw new IllegalArgumentException("service times must not be negative, got " + baseMicros + ", "
                + perContextTokenNanos + " and " + perTokenMicros);
        }
        if (!(variation >= 0 && variation <= MAX_VARIATION)) {
            throw new IllegalArgumentException("variation must be in [0, " + MAX_VARIATION + "], got " + variation);
        }
    }

    /** A fixed overhead and a cost per generated token only: the context is free and there is no variation. */
    public ServiceTime(long baseMicros, long perTokenMicros) {
        this(baseMicros, 0, perTokenMicros, 0);
    }

    /**
     * The service time of a request generating {@code tokens} tokens, with no context and no variation, in
     * microseconds.
     *
     * @throws ArithmeticException if the time does not fit a {@code long}
     */
    public long micros(long tokens) {
        return micros(0, tokens);
    }

    /**
     * The service time of a request with {@code context} prompt tokens generating {@code generated} tokens, without
     * variation, in microseconds.
     *
     * @throws ArithmeticException if the time does not fit a {@code long}
     */
    public long micros(long context, long generated) {
        return Math.addExact(Math.addExact(baseMicros, Math.multiplyExact(perContextTokenNanos, context) / 1_000L),
            Math.multiplyExact(perTokenMicros, generated));
    }

    /**
     * The service time of one request, varied by a draw from {@code random} when the variation is positive (nothing is
     * drawn otherwise, so a run without variation draws the same numbers as before).
     *
     * @throws ArithmeticException if the time does not fit a {@code long}
     */
    public long micros(long context, long generated, SplittableRandom random) {
        long plain = micros(context, generated);
        if (variation == 0) {
            return plain;
        }
        double factor = Math.exp(variation * gaussian(random) - variation * variation / 2);
        double varied = plain * factor;
        if (varied >= Long.MAX_VALUE) {
            throw new ArithmeticException("service time overflows");
        }
        return Math.round(varied);
    }

    /** Whether the context costs nothing and nothing varies: the simple model. */
    public boolean simple() {
        return perContextTokenNanos == 0 && variation == 0;
    }

    /** One line: {@code 50 ms + 23 µs per context token + 20 ms per generated token, variation σ 0.2}. */
    public String describe() {
        return millis(baseMicros) + (perContextTokenNanos == 0 ? "" : " + " + perContextTokenNanos / 1_000.0
            + " µs per context token") + " + " + millis(perTokenMicros) + " per generated token"
            + (variation == 0 ? "" : ", varied by a log-normal factor of σ " + variation);
    }

    private static String millis(long micros) {
        return micros % 1_000 == 0 ? micros / 1_000 + " ms" : micros / 1_000.0 + " ms";
    }

    /** A standard normal draw (Box–Muller), from two uniform draws. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
