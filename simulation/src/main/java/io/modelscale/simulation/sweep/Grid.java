package io.modelscale.simulation.sweep;

import io.modelscale.core.Problem;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Tuning;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.modelscale.simulation.scenario.DurationText;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.Objects;

/**
 * What a sweep runs: presets, and for each setting of {@link #NAMES} the values to try. Each preset is run with every
 * combination of the values of the settings that apply to it ({@link Tuning#applicable}; {@code initialServers}, the
 * replicas every server starts with, applies to all), so that no two configurations are the same; a preset to which
 * no swept setting applies runs once as shipped.
 *
 * @param presets the presets, in order
 * @param axes    per swept setting, its values as written, in {@link #NAMES} order
 */
public record Grid(Seq<String> presets, Seq<Axis> axes) {

    /** The scenario setting a sweep may vary besides the presets' own: the replicas every server starts with. */
    public static final String INITIAL_SERVERS = "initialServers";

    /** Every setting a sweep may vary: the presets' ({@link Tuning#NAMES}) and {@link #INITIAL_SERVERS}. */
    public static final Seq<String> NAMES = Tuning.NAMES.append(INITIAL_SERVERS);


    /**
     * One swept setting.
     *
     * @param name   the setting
     * @param values its values as written
     */
    public record Axis(String name, Seq<String> values) {
        public Axis {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * One run of the grid (over every seed).
     *
     * @param index  its place in the grid, from 0
     * @param preset the preset it tunes
     * @param values per swept setting that applies to the preset, its value as written; {@code ""} for settings
     *               that do not apply, in the order of the grid's axes
     * @param tuned  the tuned preset
     * @param initialServers the replicas every server starts with, when swept
     */
    public record Configuration(int index, String preset, Seq<String> values, Preset tuned,
                                Option<Integer> initialServers) {
    }

    public Grid {
        Objects.requireNonNull(presets, "presets");
        Objects.requireNonNull(axes, "axes");
    }

    /**
     * A grid from {@code --param NAME=V1,V2} specifications, each value checked by building the presets it applies
     * to; or a message naming the bad specification and what was expected.
     */
    public static Either<String, Grid> parse(Seq<String> presets, Seq<String> params) {
        List<Axis> axes = List.empty();
        for (String param : params) {
            int equals = param.indexOf('=');
            String name = equals < 0 ? param : param.substring(0, equals).strip();
            if (equals < 0 || !NAMES.contains(name)) {
                return Either.left("--param '" + param + "': expected NAME=V1,V2,... with NAME one of "
                    + NAMES.mkString(", "));
            }
            if (axes.exists(a -> a.name().equals(name))) {
                return Either.left("--param " + name + " is given twice: expected each setting once");
            }
            Seq<String> values = List.of(param.substring(equals + 1).split(",", -1)).map(String::strip);
            if (values.exists(String::isEmpty)) {
                return Either.left("--param '" + param + "': a value is empty: expected NAME=V1,V2,...");
            }
            if (values.distinct().size() != values.size()) {
                return Either.left("--param '" + param + "': a value is listed twice: expected each value once");
            }
            axes = axes.append(new Axis(name, values));
        }
        for (String preset : presets) {
            if (!Tuning.applicable(preset).nonEmpty()) {
                return Either.left("--presets: '" + preset + "' cannot be swept: expected "
                    + Tuning.PRESETS.init().mkString(", ") + " or " + Tuning.PRESETS.last());
            }
        }
        List<Axis> given = axes;
        List<Axis> ordered = List.ofAll(NAMES.flatMap(n -> given.find(a -> a.name().equals(n))));
        Seq<String> unused = ordered.map(Axis::name).filter(n -> !presets.exists(p -> applies(p, n)));
        if (!unused.isEmpty()) {
            return Either.left("--param " + unused.head() + " applies to none of the presets "
                + presets.mkString(", ") + ": expected a preset it applies to ("
                + Tuning.PRESETS.filter(p -> applies(p, unused.head())).mkString(", ") + ")");
        }
        Grid grid = new Grid(presets, ordered);
        for (Axis axis : ordered) {
            if (axis.name().equals(INITIAL_SERVERS)) {
                for (String value : axis.values()) {
                    if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1) {
                        return Either.left("--param " + INITIAL_SERVERS + "=" + value + ": '" + value
                            + "' is not a replica count: expected a whole number from 1");
                    }
                }
                continue;
            }
            for (String value : axis.values()) {
                Either<String, Tuning> tuning = tuning(List.of(axis.name()), List.of(value));
                if (tuning.isLeft()) {
                    return Either.left("--param " + axis.name() + "=" + value + ": " + tuning.getLeft());
                }
                for (String preset : presets.filter(p -> Tuning.applicable(p).contains(axis.name()))) {
                    Either<Problem, Preset> built = Presets.tuned(preset, tuning.get());
                    if (built.isLeft()) {
                        return Either.left("--param " + axis.name() + "=" + value + ": " + built.getLeft().message());
                    }
                }
            }
        }
        return Either.right(grid);
    }

    /** Every configuration, preset by preset, the values of later axes varying fastest. */
    public Seq<Configuration> configurations() {
        List<Configuration> all = List.empty();
        int index = 0;
        for (String preset : presets) {
            Seq<Axis> applying = axes.filter(a -> applies(preset, a.name()));
            Seq<Seq<String>> combinations = List.of(List.empty());
            for (Axis axis : applying) {
                combinations = combinations.flatMap(c -> axis.values().map(c::append));
            }
            for (Seq<String> combination : combinations) {
                Seq<String> names = applying.map(Axis::name);
                int servers = names.indexOf(INITIAL_SERVERS);
                Tuning tuning = tuning(names.filter(n -> !n.equals(INITIAL_SERVERS)), combination.zipWithIndex()
                    .filter(p -> p._2 != servers).map(p -> p._1)).get();
                Seq<String> values = axes.map(a -> names.indexOf(a.name()) < 0 ? ""
                    : combination.get(names.indexOf(a.name())));
                all = all.append(new Configuration(index++, preset, values, Presets.tuned(preset, tuning).get(),
                    servers < 0 ? Option.none() : Option.some(Integer.parseInt(combination.get(servers)))));
            }
        }
        return all;
    }

    /** One line that two sweeps share exactly when they run the same configurations. */
    public String signature() {
        return "presets " + presets.mkString(",") + "; " + axes.map(a -> a.name() + "=" + a.values().mkString(","))
            .mkString("; ");
    }

    private static boolean applies(String preset, String setting) {
        return setting.equals(INITIAL_SERVERS) || Tuning.applicable(preset).contains(setting);
    }

    private static Either<String, Tuning> tuning(Seq<String> names, Seq<String> values) {
        Option<Long> lag = Option.none();
        Option<Double> attainment = Option.none();
        Option<Duration> scaleDown = Option.none();
        Option<Duration> window = Option.none();
        Option<Double> packing = Option.none();
        Option<Double> target = Option.none();
        Option<Boolean> busy = Option.none();
        Option<Boolean> memory = Option.none();
        Option<Boolean> retry = Option.none();
        for (int i = 0; i < names.size(); i++) {
            String value = values.get(i);
            try {
                switch (names.get(i)) {
                    case "lagThreshold" -> lag = Option.some(Long.parseLong(value));
                    case "targetAttainment" -> attainment = Option.some(Double.parseDouble(value));
                    case "scaleDownWindow", "consolidationWindow" -> {
                        Option<java.math.BigDecimal> nanos = DurationText.nanos(value, true);
                        if (nanos.isEmpty()) {
                            return Either.left("'" + value + "' is not a duration: expected one such as 90s, 5m, 1h30m or 1d");
                        }
                        if (nanos.get().remainder(java.math.BigDecimal.valueOf(1_000_000_000L)).signum() != 0
                            || nanos.get().compareTo(java.math.BigDecimal.valueOf(Duration.ofDays(366).toNanos())) > 0) {
                            return Either.left("'" + value + "': expected a whole number of seconds, at most 366 days");
                        }
                        Option<Duration> parsed = Option.some(Duration.ofNanos(nanos.get().longValueExact()));
                        if (names.get(i).equals("scaleDownWindow")) {
                            scaleDown = parsed;
                        } else {
                            window = parsed;
                        }
                    }
                    case "targetPerReplica" -> target = Option.some(Double.parseDouble(value));
                    case "busySeconds", "memoryScaleUp", "retryWhenRoomFrees" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            return Either.left("'" + value + "' is not a switch: expected true or false");
                        }
                        Option<Boolean> parsed = Option.some(Boolean.parseBoolean(value));
                        switch (names.get(i)) {
                            case "busySeconds" -> busy = parsed;
                            case "memoryScaleUp" -> memory = parsed;
                            default -> retry = parsed;
                        }
                    }
                    default -> packing = Option.some(Double.parseDouble(value));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                boolean whole = names.get(i).equals("lagThreshold");
                return Either.left("'" + value + "' is not a " + (whole ? "whole number" : "number") + ": expected "
                    + (whole ? "a whole number" : "a number"));
            }
        }
        return Either.right(new Tuning(lag, attainment, scaleDown, window, packing, target, busy, memory, retry));
    }
}
