package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.Presets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counterexamples the kit found in the consolidating preset beyond the default count, kept as they were printed: each
 * is now a regression test that the invariant holds, beside the preset without the fix, which still breaks it.
 */
class KnownCounterexamplesTest {

    /**
     * Both servers consolidate in one stats period; the small server's drain moves m1 (two replicas wanted) to the
     * large server, which was just lowered to one replica. Without the memory-aware scale-up's reversal guard it
     * scales straight back up (a flip-flop); with it, m1 runs on the replica it has until the guard ends.
     */
    @Test
    void consolidatingTwoServersInOnePeriod_holdsTheScaleUpForTheReversalGuard() {
        List<Event> events = new java.util.ArrayList<>();
        events.add(new Event.Deploy(1, 0, 1, 1, 0, 1));
        events.addAll(ticks(4));
        events.add(new Event.Deploy(1, 2, 4, 1, 0, 1));
        events.addAll(ticks(8));
        events.addAll(List.of(new Event.Tick(3), new Event.Tick(1), new Event.Tick(3), new Event.Tick(1),
            new Event.Tick(2), new Event.Restart(1, 1, 0), new Event.Deploy(1, 1, 5, 2, 1, 2),
            new Event.Deploy(1, 0, 2, 1, 0, 1), new Event.Tick(12), new Event.Deploy(1, 0, 1, 1, 0, 1),
            new Event.Restart(1, 0, 0), new Event.HoldLoad(1, 15, 20)));
        assertThat(ControlLoopCheck.of(Presets.consolidating()).seed(ControlLoopCheck.DEFAULT_SEED).replay(events))
            .isEmpty();
        io.modelscale.policy.Preset unguarded = Presets.consolidating().withServerScaleUp(new io.modelscale.policy
            .Named<>(io.modelscale.policy.server.MemoryAwareScaleUp.NAME, new io.modelscale.policy.server
            .MemoryAwareScaleUp(false, java.time.Duration.ZERO)));
        assertThat(ControlLoopCheck.of(unguarded).seed(ControlLoopCheck.DEFAULT_SEED).replay(events))
            .map(Counterexample::invariant).contains(Invariant.NO_FLIP_FLOP);
    }

    /** {@code count} stats periods a second apart. */
    private static List<Event> ticks(int count) {
        return java.util.Collections.nCopies(count, new Event.Tick(1));
    }
}
