package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.Presets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counterexamples the kit found in the consolidating preset beyond the default 200 sequences (with 1,000), kept as
 * they were printed so that a fix shows: when one of these stops breaking its invariant, the test fails, and the
 * sequence becomes a regression test that it holds. Both come from two servers acting in the same stats period on
 * placements whose loads were only requested.
 */
class KnownCounterexamplesTest {

    /**
     * Both servers consolidate in one stats period; the small server's drain moves m1 (two replicas wanted) to the
     * large server, which was just lowered to one replica, so it scales straight back up.
     */
    @Test
    void consolidatingTwoServersInOnePeriodFlipFlopsTheLargeOne() {
        List<Event> events = new java.util.ArrayList<>();
        events.add(new Event.Deploy(1, 0, 1, 1, 0, 1));
        events.addAll(ticks(4));
        events.add(new Event.Deploy(1, 2, 4, 1, 0, 1));
        events.addAll(ticks(8));
        events.addAll(List.of(new Event.Tick(3), new Event.Tick(1), new Event.Tick(3), new Event.Tick(1),
            new Event.Tick(2), new Event.Restart(1, 1, 0), new Event.Deploy(1, 1, 5, 2, 1, 2),
            new Event.Deploy(1, 0, 2, 1, 0, 1), new Event.Tick(12), new Event.Deploy(1, 0, 1, 1, 0, 1),
            new Event.Restart(1, 0, 0), new Event.HoldLoad(1, 15, 20)));
        assertThat(ControlLoopCheck.of(Presets.consolidating()).replay(events)).map(Counterexample::invariant)
            .contains(Invariant.NO_FLIP_FLOP);
    }

    /**
     * Behind the consolidating preset's refusing check, a server policy that always lowers servers to their floor
     * still strands m5: the drain check releases the replicas the check let go while m5's new version was only
     * requested, and placing it again counts its own reservation against it.
     */
    @Test
    void theRefusingCheckLetsAModelBeStrandedAfterItsNewVersionWasOnlyRequested() {
        List<Event> events = List.of(new Event.Deploy(1, 5, 1, 1, 0, 1), new Event.Tick(1),
            new Event.Deploy(1, 0, 1, 1, 0, 1), new Event.Deploy(1, 0, 1, 1, 0, 1), new Event.Delete(1, 0),
            new Event.AgentProgress(1, 0, 3, false), new Event.Deploy(1, 5, 3, 1, 0, 2),
            new Event.Deploy(2, 2, 1, 2, 1, 2), new Event.DrainCheck(600, -1), new Event.Traffic(1, 5, 32));
        ControlLoopCheck check = ControlLoopCheck.of(Presets.consolidating())
            .withServerScaleDown("server.toTheFloor", UserPoliciesTest.TO_THE_FLOOR)
            .without(Invariant.NO_FLIP_FLOP, UserPoliciesTest.FLIPS);
        assertThat(check.replay(events)).map(Counterexample::invariant).contains(Invariant.SAFE_SCALE_DOWN);
    }

    /** {@code count} stats periods a second apart. */
    private static List<Event> ticks(int count) {
        return java.util.Collections.nCopies(count, new Event.Tick(1));
    }
}
