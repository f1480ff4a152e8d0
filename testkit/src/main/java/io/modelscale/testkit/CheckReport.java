package io.modelscale.testkit;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ControlLoopCheck} found: whether every invariant held in every generated sequence, the smallest
 * counterexample when one did not, and how many sequences reached each {@link Reach} (a run that reached too few
 * fails too: a policy that never acts proves nothing).
 *
 * @param subject        the preset checked, as {@code Preset.describe()} gives it
 * @param seed           the seed the sequences were generated from
 * @param sequences      how many sequences ran (fewer when one failed: the ones before it)
 * @param counterexample the smallest failing sequence, if an invariant broke
 * @param reached        for each {@link Reach}, how many sequences reached it at least once
 * @param shortfalls     each {@link Reach} reached by fewer sequences than required, as a sentence
 * @param waived         each invariant not checked, with the reason given
 */
public record CheckReport(String subject, long seed, int sequences, Optional<Counterexample> counterexample,
                          Map<Reach, Integer> reached, List<String> shortfalls, Map<Invariant, String> waived) {

    public CheckReport {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(counterexample, "counterexample");
        reached = Collections.unmodifiableMap(reached.isEmpty() ? new EnumMap<>(Reach.class)
            : new EnumMap<>(reached));
        shortfalls = List.copyOf(shortfalls);
        waived = Collections.unmodifiableMap(waived.isEmpty() ? new EnumMap<>(Invariant.class)
            : new EnumMap<>(waived));
    }

    /** Whether every invariant held and every {@link Reach} was reached often enough. */
    public boolean passed() {
        return counterexample.isEmpty() && shortfalls.isEmpty();
    }

    /** The report as text: the verdict first, then the counterexample or the shortfalls, the reach counts, and
     * the invariants left out with why. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(passed() ? "PASSED" : "FAILED").append(": ").append(subject).append(", ").append(sequences)
            .append(counterexample.isPresent() ? " generated sequences passed before the failing one, seed "
                : " generated sequences, seed ").append(seed).append('\n');
        counterexample.ifPresent(c -> text.append(c.describe()));
        for (String shortfall : shortfalls) {
            text.append("too rarely reached: ").append(shortfall).append('\n');
        }
        text.append(counterexample.isPresent() ? "sequences before the failing one reaching:" : "sequences reaching:");
        for (Reach reach : Reach.values()) {
            text.append(' ').append(reach.describe()).append(' ').append(reached.getOrDefault(reach, 0))
                .append(reach.ordinal() < Reach.values().length - 1 ? "," : "\n");
        }
        waived.forEach((invariant, reason) -> text.append("not checked: ").append(invariant.describe())
            .append(": ").append(reason).append('\n'));
        return text.toString();
    }
}
