package io.modelscale.simulation.trace;

/**
 * How long a replica takes to serve an LLM request of the Azure traces: {@code base + perToken × generated tokens}.
 *
 * @param baseMicros     the fixed part, in microseconds
 * @param perTokenMicros the time per generated token, in microseconds
 */
public record ServiceTime(long baseMicros, long perTokenMicros) {

    public ServiceTime {
        if (baseMicros < 0 || perTokenMicros < 0) {
            throw new IllegalArgumentException("service times must not be negative, got " + baseMicros + " and "
                + perTokenMicros);
        }
    }

    /**
     * The service time of a request generating {@code tokens} tokens, in microseconds.
     *
     * @throws ArithmeticException if the time does not fit a {@code long}
     */
    public long micros(long tokens) {
        return Math.addExact(baseMicros, Math.multiplyExact(perTokenMicros, tokens));
    }
}
