package io.modelscale.testkit;

import io.modelscale.policy.model.ModelSignals;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of load: what a router reports about one model ({@link ModelSignals}), and load patterns
 * over successive stats periods, for unit properties of a model policy of one's own.
 */
public final class Loads {

    /** The shapes {@link #patterns(int)} draws, each about as often. */
    public enum Shape {
        /** The same load every period. */
        CONSTANT,
        /** Load that grows period by period. */
        RISING,
        /** Load that shrinks period by period to nothing. */
        FALLING,
        /** A quiet load with one burst in the middle. */
        SPIKE,
        /** Load that comes and goes: busy periods between idle ones. */
        ON_OFF
    }

    /** A load pattern: its shape and the requests outstanding in each stats period. */
    public record Pattern(Shape shape, List<Integer> outstanding) {

        public Pattern {
            outstanding = List.copyOf(outstanding);
        }
    }

    private Loads() {
    }

    /**
     * Signals a router may report, valid by construction: idle, light and heavy traffic, requests queued or not,
     * a fewest-outstanding count at or below the current one, with and without a last request and a mean service
     * time, one to eight requests served at once per replica. Shrinks towards an idle model.
     *
     * @param now the time the signals are read at: a last request lies at most an hour before it
     */
    public static Gen<ModelSignals> signals(Instant now) {
        java.util.Objects.requireNonNull(now, "now");
        return in -> {
            long inFlight = Generate.range(0, 3).generate(in) == 0 ? 0 : Generate.range(0, 200).generate(in);
            long queued = Generate.range(0, 3).generate(in) == 3 ? Generate.range(1, 500).generate(in) : 0;
            long fewest = Generate.range(0, (int) Math.min(Integer.MAX_VALUE, inFlight + queued)).generate(in);
            double perSecond = Generate.range(0, 400).generate(in) / 4.0;
            Option<Duration> service = Generate.booleans().generate(in)
                ? Option.some(Duration.ofMillis(Generate.range(1, 5_000).generate(in))) : Option.none();
            Option<Instant> last = inFlight + queued > 0 || Generate.booleans().generate(in)
                ? Option.some(now.minusSeconds(inFlight + queued > 0 ? 0 : Generate.range(0, 3_600).generate(in)))
                : Option.none();
            int concurrency = Generate.range(1, 8).generate(in);
            return new ModelSignals(inFlight, queued, fewest, perSecond, service, last, concurrency);
        };
    }

    /**
     * Load patterns over {@code periods} stats periods, every {@link Shape} about as often, scaled to a peak of 1 to
     * 200 outstanding requests (a falling load starts just below it and ends at zero).
     */
    public static Gen<Pattern> patterns(int periods) {
        if (periods < 1) {
            throw new IllegalArgumentException("periods must be at least 1, got " + periods);
        }
        return in -> {
            Shape shape = Shape.values()[Generate.range(0, Shape.values().length - 1).generate(in)];
            int peak = Generate.range(1, 200).generate(in);
            List<Integer> load = new ArrayList<>();
            for (int i = 0; i < periods; i++) {
                load.add(switch (shape) {
                    case CONSTANT -> peak;
                    case RISING -> (int) ((long) peak * (i + 1) / periods);
                    case FALLING -> (int) ((long) peak * (periods - 1 - i) / periods);
                    case SPIKE -> i == periods / 2 ? peak : peak / 20;
                    case ON_OFF -> (i / Math.max(1, periods / 4)) % 2 == 0 ? peak : 0;
                });
            }
            return new Pattern(shape, load);
        };
    }
}
