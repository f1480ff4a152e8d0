package io.modelscale.testkit;

import io.modelscale.core.server.ServerName;
import io.modelscale.policy.Named;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ScaleDownCheck;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleUpPolicy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.quicktheories.QuickTheory;

/**
 * The stateful properties of the whole control loop, for any preset or composition of policies: generated sequences
 * of {@link Event}s run through {@link io.modelscale.control.Autoscaler#step} one trigger at a time, and after every
 * step every {@link Invariant} is checked. A failure is shrunk by QuickTheories to a short sequence and reported
 * with what the control step did.
 *
 * <pre>{@code
 * ControlLoopCheck.of(Presets.consolidating().withModelPolicy(new Named<>("model.mine", mine))).assertHolds();
 * }</pre>
 *
 * <p>The world the events act on: servers {@code small} (2 GiB replicas) and {@code large} (4 GiB replicas), no
 * overcommit, each starting at 2 connected replicas and scaling within {@code [1, 5]}; up to six models of 512 MiB to
 * 3 GiB with up to 4 replicas. A check is an immutable value: every {@code with…} returns a new one.
 *
 * <p>Defaults are reproducible: {@value #DEFAULT_SEQUENCES} sequences of {@value #DEFAULT_MIN_EVENTS} to
 * {@value #DEFAULT_MAX_EVENTS} events from seed {@value #DEFAULT_SEED}, a stability window of 5 minutes, every
 * invariant checked, and each {@link Reach} required in at least {@value #DEFAULT_REACH_PERCENT} % of the
 * sequences. The system properties {@code modelscale.sequences} and {@code modelscale.seed} override the defaults
 * (not the values set on a check), so a build can run more sequences or explore other seeds.
 */
public final class ControlLoopCheck {

    /** The seed sequences are generated from, unless set. */
    public static final long DEFAULT_SEED = 20_261_122L;
    /** How many sequences run, unless set. */
    public static final int DEFAULT_SEQUENCES = 200;
    /** The fewest events in a generated sequence before its final held load. */
    public static final int DEFAULT_MIN_EVENTS = 1;
    /** The most events in a generated sequence before its final held load. */
    public static final int DEFAULT_MAX_EVENTS = 100;
    /** The share of sequences, in percent, that must reach each {@link Reach}, unless set. */
    public static final int DEFAULT_REACH_PERCENT = 5;

    private static final int MINIMIZING_PASSES = 10;
    /**
     * How many shrink attempts QuickTheories makes on a failure (its default, 100 per example, would spend minutes
     * on a long sequence); the event-by-event pass that follows finishes the job.
     */
    private static final int SHRINK_CYCLES = 300;

    private final Preset preset;
    private final Optional<PolicyRegistry> registry;
    private final int sequences;
    private final long seed;
    private final int minEvents;
    private final int maxEvents;
    private final Duration window;
    private final Map<Invariant, String> waived;
    private final Map<Reach, Integer> requiredPercent;
    private final java.util.function.UnaryOperator<World.Step> fault;

    private ControlLoopCheck(Preset preset, Optional<PolicyRegistry> registry, int sequences, long seed,
                             int minEvents, int maxEvents, Duration window, Map<Invariant, String> waived,
                             Map<Reach, Integer> requiredPercent) {
        this(preset, registry, sequences, seed, minEvents, maxEvents, window, waived, requiredPercent,
            java.util.function.UnaryOperator.identity());
    }

    private ControlLoopCheck(Preset preset, Optional<PolicyRegistry> registry, int sequences, long seed,
                             int minEvents, int maxEvents, Duration window, Map<Invariant, String> waived,
                             Map<Reach, Integer> requiredPercent, java.util.function.UnaryOperator<World.Step> fault) {
        this.fault = fault;
        this.preset = preset;
        this.registry = registry;
        this.sequences = sequences;
        this.seed = seed;
        this.minEvents = minEvents;
        this.maxEvents = maxEvents;
        this.window = window;
        this.waived = waived;
        this.requiredPercent = requiredPercent;
    }

    /**
     * The same check with the control step wrapped by {@code planted}: a fault planted in the loop itself, for tests
     * that show an invariant catches what it guards against.
     */
    ControlLoopCheck planted(java.util.function.UnaryOperator<World.Step> planted) {
        return new ControlLoopCheck(preset, registry, sequences, seed, minEvents, maxEvents, window, waived,
            requiredPercent, planted);
    }

    /** A check of {@code preset} with the defaults. */
    public static ControlLoopCheck of(Preset preset) {
        Objects.requireNonNull(preset, "preset");
        Map<Reach, Integer> required = new EnumMap<>(Reach.class);
        for (Reach reach : Reach.values()) {
            required.put(reach, DEFAULT_REACH_PERCENT);
        }
        int sequences = Integer.getInteger("modelscale.sequences", DEFAULT_SEQUENCES);
        if (sequences < 1) {
            throw new IllegalArgumentException("the system property modelscale.sequences must be at least 1, got "
                + sequences);
        }
        return new ControlLoopCheck(preset, Optional.empty(), sequences, Long.getLong("modelscale.seed",
            DEFAULT_SEED), DEFAULT_MIN_EVENTS,
            DEFAULT_MAX_EVENTS, Duration.ofMinutes(5), new EnumMap<>(Invariant.class), required);
    }

    /**
     * A check of the preset {@code registry} has under {@code presetName}; the {@code with…} methods that take a
     * name alone look policies up in the same registry.
     *
     * @throws IllegalArgumentException naming the presets the registry has, when it has none by that name
     */
    public static ControlLoopCheck of(PolicyRegistry registry, String presetName) {
        Objects.requireNonNull(registry, "registry");
        Preset preset = registry.preset(presetName).getOrElseThrow(p -> new IllegalArgumentException(p.describe()));
        ControlLoopCheck check = of(preset);
        return new ControlLoopCheck(check.preset, Optional.of(registry), check.sequences, check.seed,
            check.minEvents, check.maxEvents, check.window, check.waived, check.requiredPercent, check.fault);
    }

    /** The same check with {@code policy}, called {@code name}, as the model policy. */
    public ControlLoopCheck withModelPolicy(String name, ModelScalingPolicy<?> policy) {
        checkedName(name);
        return with(preset.withModelPolicy(new Named<>(name, policy)));
    }

    /**
     * The same check with the model policy registered as {@code name} in the registry the check was made from.
     *
     * @throws IllegalStateException when the check was not made from a registry
     * @throws IllegalArgumentException naming the registered ones, when none is called {@code name}
     */
    public ControlLoopCheck withModelPolicy(String name) {
        return with(preset.withModelPolicy(lookUp(r -> r.modelPolicy(name).getOrElseThrow(
            p -> new IllegalArgumentException(p.describe())))));
    }

    /** A name as the registry takes it, or an IllegalArgumentException saying what one looks like. */
    private static void checkedName(String name) {
        if (name == null || !io.modelscale.policy.PolicyRegistry.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a policy name: expected dot-separated words of"
                + " letters and digits, such as model.myPolicy");
        }
    }

    /** The same check with {@code policy}, called {@code name}, as the server scale-up policy. */
    public ControlLoopCheck withServerScaleUp(String name, ServerScaleUpPolicy<?> policy) {
        checkedName(name);
        return with(preset.withServerScaleUp(new Named<>(name, policy)));
    }

    /**
     * The same check with the server scale-up policy registered as {@code name}; see
     * {@link #withModelPolicy(String)}.
     */
    public ControlLoopCheck withServerScaleUp(String name) {
        return with(preset.withServerScaleUp(lookUp(r -> r.serverScaleUp(name).getOrElseThrow(
            p -> new IllegalArgumentException(p.describe())))));
    }

    /** The same check with {@code policy}, called {@code name}, as the server scale-down policy. */
    public ControlLoopCheck withServerScaleDown(String name, ServerScaleDownPolicy<?> policy) {
        checkedName(name);
        return with(preset.withServerScaleDown(new Named<>(name, policy)));
    }

    /**
     * The same check with the server scale-down policy registered as {@code name}; see
     * {@link #withModelPolicy(String)}.
     */
    public ControlLoopCheck withServerScaleDown(String name) {
        return with(preset.withServerScaleDown(lookUp(r -> r.serverScaleDown(name).getOrElseThrow(
            p -> new IllegalArgumentException(p.describe())))));
    }

    /** The same check with another check of server scale-downs (for example one that lets every one through). */
    public ControlLoopCheck withScaleDownCheck(ScaleDownCheck check) {
        return with(preset.withScaleDownCheck(Objects.requireNonNull(check, "check")));
    }

    /** The same check running {@code count} sequences. */
    public ControlLoopCheck sequences(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("sequences must be at least 1, got " + count);
        }
        return new ControlLoopCheck(preset, registry, count, seed, minEvents, maxEvents, window, waived,
            requiredPercent, fault);
    }

    /** The same check generating its sequences from {@code newSeed}. */
    public ControlLoopCheck seed(long newSeed) {
        return new ControlLoopCheck(preset, registry, sequences, newSeed, minEvents, maxEvents, window, waived,
            requiredPercent, fault);
    }

    /** The same check with sequences of {@code min} to {@code max} events before the final held load. */
    public ControlLoopCheck events(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("expected 0 <= min <= max events, got " + min + " and " + max);
        }
        return new ControlLoopCheck(preset, registry, sequences, seed, min, max, window, waived, requiredPercent,
            fault);
    }

    /** The same check with another stability window for {@link Invariant#NO_FLIP_FLOP}. */
    public ControlLoopCheck stabilityWindow(Duration newWindow) {
        Objects.requireNonNull(newWindow, "newWindow");
        if (newWindow.isNegative() || newWindow.isZero()) {
            throw new IllegalArgumentException("the stability window must be positive, got " + newWindow
                + " (to leave flip-flops out, use without(Invariant.NO_FLIP_FLOP, reason))");
        }
        return new ControlLoopCheck(preset, registry, sequences, seed, minEvents, maxEvents, newWindow, waived,
            requiredPercent, fault);
    }

    /**
     * The same check without {@code invariant}, for {@code reason}: the report says it was not checked, and why.
     * For a preset that does not claim it, as the Seldon presets do not claim {@link Invariant#SAFE_SCALE_DOWN}.
     */
    public ControlLoopCheck without(Invariant invariant, String reason) {
        Objects.requireNonNull(invariant, "invariant");
        if (invariant == Invariant.NO_EXCEPTION) {
            throw new IllegalArgumentException("a step that throws cannot be left out: the loop stops there");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why " + invariant.describe() + " is not checked");
        }
        Map<Invariant, String> fewer = new EnumMap<>(Invariant.class);
        fewer.putAll(waived);
        fewer.put(invariant, reason);
        return new ControlLoopCheck(preset, registry, sequences, seed, minEvents, maxEvents, window, fewer,
            requiredPercent, fault);
    }

    /**
     * The same check requiring {@code reach} in at least {@code percent} % of the sequences (0 to not require it,
     * for a composition that cannot reach it, such as servers that never scale down).
     */
    public ControlLoopCheck reaching(Reach reach, int percent) {
        Objects.requireNonNull(reach, "reach");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in [0, 100], got " + percent);
        }
        Map<Reach, Integer> required = new EnumMap<>(requiredPercent);
        required.put(reach, percent);
        return new ControlLoopCheck(preset, registry, sequences, seed, minEvents, maxEvents, window, waived,
            required, fault);
    }

    /** The composition under check. */
    public Preset preset() {
        return preset;
    }

    /**
     * Runs the generated sequences and checks every invariant after every step.
     *
     * @return the report; it never throws for a broken invariant, a policy that throws included
     */
    public CheckReport run() {
        EnumSet<Invariant> checked = checkedInvariants();
        Map<Reach, Integer> reached = new EnumMap<>(Reach.class);
        int[] ran = {0};
        AtomicReference<Invariant> failing = new AtomicReference<>();
        AtomicReference<Counterexample> smallest = new AtomicReference<>();
        try {
            QuickTheory.qt().withFixedSeed(seed).withExamples(sequences).withShrinkCycles(SHRINK_CYCLES)
                .forAll(Events.sequences(minEvents, maxEvents))
                .describedAs(events -> {
                    Optional<Counterexample> found = check(events, failing.get() == Invariant.DETERMINISM);
                    found.ifPresent(c -> smallest.compareAndSet(null, c));
                    return found.map(Counterexample::message).orElse("(passes when replayed)");
                })
                .checkAssert(events -> {
                    World world = runOnce(events, checked, failing);
                    if (failing.get() == null) {
                        ran[0]++;
                        world.reached().keySet().forEach(reach -> reached.merge(reach, 1, Integer::sum));
                    }
                });
        } catch (AssertionError failed) {
            Counterexample found = smallest.get();
            if (found == null) {
                found = new Counterexample(Invariant.DETERMINISM, "a generated sequence failed, yet passed when"
                    + " replayed: does a policy keep state outside its memory, or read a clock or global randomness?"
                    + " QuickTheories reported: " + failed.getMessage(), List.of(), "", seed);
            } else {
                found = minimized(found);
            }
            return new CheckReport(preset.describe(), seed, ran[0], Optional.of(found), reached, List.of(), waived);
        }
        List<String> shortfalls = new java.util.ArrayList<>();
        for (Reach reach : Reach.values()) {
            int percent = requiredPercent.getOrDefault(reach, 0);
            int needed = percent == 0 ? 0 : Math.max(1, (int) Math.ceil(ran[0] * percent / 100.0));
            int got = reached.getOrDefault(reach, 0);
            if (got < needed) {
                shortfalls.add(reach.describe() + " in " + got + " of " + ran[0] + " sequences, at least " + needed
                    + " (" + percent + " %) required: does the policy act at all? (reaching(Reach." + reach.name()
                    + ", 0) when it cannot)");
            }
        }
        return new CheckReport(preset.describe(), seed, ran[0], Optional.empty(), reached, shortfalls, waived);
    }

    /**
     * Runs the check and throws when it fails: the one call a JUnit test needs.
     *
     * @throws AssertionError with {@link CheckReport#describe()} as its message
     */
    public CheckReport assertHolds() {
        CheckReport report = run();
        if (!report.passed()) {
            throw new AssertionError(report.describe());
        }
        return report;
    }

    /**
     * Runs {@code events} once, as the check runs a generated sequence, and returns the invariant they break, if
     * any: a counterexample the check printed, replayed. The control step's randomness comes from the check's seed
     * and the events, so replay with the seed the counterexample names ({@link Counterexample#seed()}). In a
     * regression test: {@code assertThat(check.seed(s).replay(events)).isEmpty()}.
     */
    public Optional<Counterexample> replay(List<Event> events) {
        return check(events, true);
    }

    /** {@link #replay}, the second run that checks determinism only when asked. */
    private Optional<Counterexample> check(List<Event> events, boolean determinism) {
        EnumSet<Invariant> checked = checkedInvariants();
        World world = new World(preset, stepSeed(events), checked, window, fault);
        try {
            world.start();
            for (Event event : events) {
                world.apply(event);
            }
            if (determinism && checked.contains(Invariant.DETERMINISM)) {
                checkDeterminism(world, events, checked);
            }
            return Optional.empty();
        } catch (World.Broken broken) {
            return Optional.of(new Counterexample(broken.invariant(), broken.detail(), events, world.log(), seed));
        }
    }

    /** The trace of {@code events}: every trigger and every decision other than a hold, one per line. */
    public String trace(List<Event> events) {
        World world = new World(preset, stepSeed(events), checkedInvariants(), window, fault);
        try {
            world.start();
            events.forEach(world::apply);
        } catch (World.Broken broken) {
            return world.log() + broken.getMessage() + '\n';
        }
        return world.log();
    }

    /**
     * QuickTheories shrinks the draws behind a sequence; this then drops whole events, one at a time from the last,
     * as long as the same invariant still breaks, until no single event can go: what remains is needed.
     */
    private Counterexample minimized(Counterexample found) {
        Counterexample smallest = found;
        boolean dropped = true;
        for (int pass = 0; dropped && pass < MINIMIZING_PASSES; pass++) {
            dropped = false;
            for (int i = smallest.events().size() - 1; i >= 0; i--) {
                java.util.ArrayList<Event> fewer = new java.util.ArrayList<>(smallest.events());
                fewer.remove(i);
                Optional<Counterexample> still = check(fewer, smallest.invariant() == Invariant.DETERMINISM);
                if (still.isPresent() && still.get().invariant() == smallest.invariant()) {
                    smallest = still.get();
                    dropped = true;
                }
            }
        }
        return smallest;
    }

    /**
     * One generated sequence. Before the first failure every sequence also runs a second time for
     * {@link Invariant#DETERMINISM}; while QuickTheories shrinks a failure, only when that failure was one of
     * determinism.
     */
    private World runOnce(List<Event> events, EnumSet<Invariant> checked, AtomicReference<Invariant> failing) {
        World world = new World(preset, stepSeed(events), checked, window, fault);
        try {
            world.start();
            for (Event event : events) {
                world.apply(event);
            }
            if (checked.contains(Invariant.DETERMINISM)
                && (failing.get() == null || failing.get() == Invariant.DETERMINISM)) {
                checkDeterminism(world, events, checked);
            }
        } catch (World.Broken broken) {
            failing.compareAndSet(null, broken.invariant());
            throw broken;
        } catch (AssertionError | RuntimeException e) {
            failing.compareAndSet(null, Invariant.NO_EXCEPTION);
            throw e;
        }
        return world;
    }

    private void checkDeterminism(World first, List<Event> events, EnumSet<Invariant> checked) {
        World second = new World(preset, stepSeed(events), checked, window, fault).start();
        events.forEach(second::apply);
        if (!second.cluster().equals(first.cluster()) || !second.log().equals(first.log())) {
            String[] a = first.log().split("\n");
            String[] b = second.log().split("\n");
            int line = 0;
            while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
                line++;
            }
            throw new World.Broken(Invariant.DETERMINISM, "at the end: the same events and seed ran differently"
                + " from line " + (line + 1) + ": '" + (line < a.length ? a[line] : "") + "' then '"
                + (line < b.length ? b[line] : "") + "'");
        }
    }

    private EnumSet<Invariant> checkedInvariants() {
        EnumSet<Invariant> checked = EnumSet.allOf(Invariant.class);
        checked.removeAll(waived.keySet());
        return checked;
    }

    /**
     * The control step's randomness for a sequence: a function of the check's seed and the events' kinds and fields
     * alone, the same in every JVM.
     */
    private long stepSeed(List<Event> events) {
        long hash = seed;
        for (Event event : events) {
            hash = hash * 31 + event.getClass().getSimpleName().hashCode();
            for (java.lang.reflect.RecordComponent component : event.getClass().getRecordComponents()) {
                try {
                    hash = hash * 31 + String.valueOf(component.getAccessor().invoke(event)).hashCode();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component.getName() + " of " + event, e);
                }
            }
        }
        return hash;
    }

    private ControlLoopCheck with(Preset composed) {
        return new ControlLoopCheck(composed, registry, sequences, seed, minEvents, maxEvents, window, waived,
            requiredPercent, fault);
    }

    private <T> T lookUp(Function<PolicyRegistry, T> find) {
        return find.apply(registry.orElseThrow(() -> new IllegalStateException(
            "a policy can be named only in a check made with ControlLoopCheck.of(registry, preset)")));
    }

    static String serverName(int index) {
        ServerName name = World.server(index);
        return name.value();
    }
}
