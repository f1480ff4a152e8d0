package io.modelscale.testkit;

import java.util.List;
import java.util.Objects;

/**
 * The smallest failing sequence a {@link ControlLoopCheck} found: the invariant it broke and how, the events that led
 * there (shrunk by QuickTheories), and what the control step did along the way. Pass {@link #events()} to
 * {@link ControlLoopCheck#replay} to see it again, for example in a regression test.
 *
 * @param invariant the invariant broken
 * @param message   how, with the time, the names and the numbers
 * @param events    the events that lead there, the last one where it broke
 * @param trace     every trigger and every decision other than a hold, one per line, with its time
 * @param seed      the seed of the check that found it: {@code check.seed(seed).replay(events)} runs it again
 */
public record Counterexample(Invariant invariant, String message, List<Event> events, String trace, long seed) {

    /** How many lines of the trace {@link #describe()} shows: the last ones, where the invariant broke. */
    public static final int TRACE_LINES = 60;

    public Counterexample {
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(message, "message");
        events = List.copyOf(events);
        Objects.requireNonNull(trace, "trace");
    }

    /** The invariant, the events numbered one per line, and the end of the trace. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("broken: ").append(invariant.describe()).append('\n');
        text.append("  ").append(message).append('\n');
        text.append("smallest failing sequence (").append(events.size()).append(" events; replay them with")
            .append(" check.seed(").append(seed).append(").replay(counterexample.events())):\n");
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            text.append(String.format("  %3d. after %3d s: %s%n", i + 1, event.afterSeconds(), event.describe()));
        }
        String[] lines = trace.split("\n");
        int from = Math.max(0, lines.length - TRACE_LINES);
        text.append("what the control step did").append(from > 0 ? " (the last " + TRACE_LINES + " of "
            + lines.length + " lines; Counterexample.trace() has them all)" : "").append(":\n");
        for (int i = from; i < lines.length; i++) {
            text.append("  ").append(lines[i]).append('\n');
        }
        return text.toString();
    }
}
