package io.modelscale.testkit;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of {@link Event}s and of whole sequences of them, as {@link ControlLoopCheck} runs them.
 *
 * <p>Every draw shrinks towards the simplest event, a stats period, and towards short delays, small models and
 * light traffic, so a failing sequence shrinks to one that reads.
 */
public final class Events {

    private static final int KINDS = 10;

    private Events() {
    }

    /**
     * One event other than {@link Event.HoldLoad}, drawn from ten equally likely kinds: a stats period, a deploy, a
     * delete, traffic up, traffic down, one agent step (a fifth of them a failing load), several agent steps, a
     * drain check on one server, one on every server, and a restart or an eviction (half each). So traffic, agent
     * steps and drain checks each make about a fifth of the events, restarts and evictions a twentieth each.
     */
    public static Gen<Event> events() {
        return in -> {
            int kind = Generate.range(0, KINDS - 1).generate(in);
            boolean longPause = Generate.range(0, 7).generate(in) == 7;
            int after = longPause ? 600 : Generate.range(1, 30).generate(in);
            return switch (kind) {
                case 0 -> new Event.Tick(after);
                case 1 -> {
                    int model = Generate.range(0, Event.MODELS - 1).generate(in);
                    int halfGibs = Generate.range(1, 6).generate(in);
                    int max = Generate.range(1, 4).generate(in);
                    int min = Generate.range(0, 1).generate(in);
                    int replicas = Generate.range(Math.max(1, min), max).generate(in);
                    yield new Event.Deploy(after, model, halfGibs, replicas, min, max);
                }
                case 2 -> new Event.Traffic(after, Generate.range(0, Event.MODELS - 1).generate(in),
                    1 + Generate.range(0, 119).generate(in));
                case 3 -> new Event.Traffic(after, Generate.range(0, Event.MODELS - 1).generate(in),
                    Generate.range(0, 2).generate(in));
                case 4 -> new Event.AgentProgress(after, Generate.range(0, 63).generate(in), 1,
                    Generate.range(0, 4).generate(in) == 4);
                case 5 -> new Event.AgentProgress(after, Generate.range(0, 63).generate(in),
                    Generate.range(1, 8).generate(in), false);
                case 6 -> new Event.DrainCheck(after, Generate.range(0, 1).generate(in));
                case 7 -> Generate.booleans().generate(in)
                    ? new Event.Evict(after, Generate.range(0, 1).generate(in), Generate.range(0, 7).generate(in))
                    : new Event.Restart(after, Generate.range(0, 1).generate(in), Generate.range(0, 7).generate(in));
                case 8 -> new Event.DrainCheck(after, -1);
                default -> new Event.Delete(after, Generate.range(0, Event.MODELS - 1).generate(in));
            };
        };
    }

    /**
     * A stretch of constant load long enough to show a flip-flop: 8 to 16 stats periods, 15 to 45 seconds apart.
     */
    public static Gen<Event.HoldLoad> holds() {
        return Generate.range(8, 16).zip(Generate.range(15, 45), (ticks, spacing) ->
            new Event.HoldLoad(1, ticks, spacing));
    }

    /**
     * Sequences of {@code minEvents} to {@code maxEvents} events from {@link #events()}, each ending with a
     * {@link #holds() held load}.
     */
    public static Gen<List<Event>> sequences(int minEvents, int maxEvents) {
        if (minEvents < 0 || maxEvents < minEvents) {
            throw new IllegalArgumentException("expected 0 <= minEvents <= maxEvents, got " + minEvents + " and "
                + maxEvents);
        }
        return SourceDSL.lists().of(events()).ofSizeBetween(minEvents, maxEvents).zip(holds(), (events, hold) -> {
            List<Event> all = new ArrayList<>(events);
            all.add(hold);
            return List.copyOf(all);
        });
    }
}
