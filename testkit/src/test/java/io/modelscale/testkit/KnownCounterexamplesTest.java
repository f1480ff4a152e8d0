package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.Named;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Tuning;
import io.modelscale.policy.server.MemoryAwareScaleUp;
import io.modelscale.policy.server.ScaleDownCheck;
import io.vavr.control.Option;
import java.time.Duration;
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
     * scaled straight back up (a flip-flop); with it, m1 runs on the replica it has until the guard ends. (Since a
     * disconnected replica places again only the models it held and those short of replicas, this sequence no longer
     * leads the unguarded preset there; the next test holds a sequence that does.)
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
    }

    /**
     * Found by the kit (seed 1, 1,000 sequences) against the consolidating preset with the memory-aware scale-up's
     * reversal guard taken out, as it printed it: models deployed, redeployed and deleted while loads progress, fail
     * and are evicted and an agent restarts; a server is scaled back up soon after it was lowered (a flip-flop).
     * With the guard the same sequence keeps every invariant. The preset then placed short models again on server
     * replica events only ({@code retryWhenRoomFrees} false); placing them again whenever room frees, the same
     * events no longer reach the reversal (the next test keeps one that does).
     */
    @Test
    void withoutTheReversalGuard_aServerIsScaledBackUpSoonAfterConsolidating() {
        List<Event> events = List.of(new Event.Deploy(8, 2, 1, 3, 1, 3), new Event.AgentProgress(5, 12, 6, false),
            new Event.Traffic(1, 4, 102), new Event.Traffic(3, 1, 20), new Event.Evict(11, 1, 5),
            new Event.Deploy(5, 0, 3, 1, 0, 1), new Event.DrainCheck(3, -1), new Event.Deploy(1, 1, 2, 1, 1, 2),
            new Event.Traffic(7, 0, 32), new Event.AgentProgress(22, 27, 1, false), new Event.Deploy(6, 1, 6, 1, 0, 1),
            new Event.Deploy(600, 1, 2, 1, 0, 1), new Event.Traffic(9, 1, 2), new Event.DrainCheck(26, 0),
            new Event.Deploy(1, 4, 1, 1, 0, 3), new Event.AgentProgress(10, 0, 1, true), new Event.Traffic(1, 3, 2),
            new Event.Delete(600, 0), new Event.Deploy(12, 3, 1, 4, 1, 4), new Event.Tick(8),
            new Event.Deploy(1, 0, 1, 2, 1, 2), new Event.Deploy(30, 0, 4, 1, 0, 1), new Event.Deploy(4, 4, 1, 1, 0, 1),
            new Event.Deploy(14, 1, 6, 1, 0, 1), new Event.AgentProgress(2, 32, 1, false),
            new Event.AgentProgress(1, 21, 1, false), new Event.Deploy(18, 5, 1, 1, 0, 1),
            new Event.AgentProgress(3, 1, 1, false), new Event.AgentProgress(18, 3, 1, false), new Event.Tick(600),
            new Event.AgentProgress(1, 46, 1, false), new Event.Deploy(18, 5, 2, 3, 1, 4), new Event.Traffic(1, 3, 1),
            new Event.Restart(2, 1, 3), new Event.Tick(600), new Event.Traffic(7, 5, 1),
            new Event.AgentProgress(600, 11, 6, false), new Event.Tick(5));
        // the preset as it was when the kit found the sequence: short models placed again on server replica events
        // only (with the retry on freed room the same events no longer reach the reversal)
        Preset found = Presets.consolidating().withRetryWhenRoomFrees(false);
        assertThat(ControlLoopCheck.of(found).seed(1).replay(events)).isEmpty();
        assertThat(ControlLoopCheck.of(Presets.consolidating()).seed(1).replay(events)).isEmpty();
        Preset unguarded = found.withServerScaleUp(new Named<>(MemoryAwareScaleUp.NAME,
            new MemoryAwareScaleUp(false, Duration.ZERO)));
        assertThat(ControlLoopCheck.of(unguarded).seed(1).replay(events))
            .map(Counterexample::invariant).contains(Invariant.NO_FLIP_FLOP);
    }

    /**
     * Found by the kit (seed 3, 1,000 sequences) against the consolidating preset as it is (short models placed again
     * when room frees) with the reversal guard taken out, as it printed it: a server is scaled back up soon after it
     * was lowered. With the guard the same sequence keeps every invariant.
     */
    @Test
    void withoutTheReversalGuard_thePresetAsItIs_scalesAServerBackUpSoonAfterConsolidating() {
        List<Event> events = List.of(new Event.Traffic(14, 0, 2), new Event.Traffic(1, 2, 1),
            new Event.Traffic(27, 3, 2), new Event.Deploy(4, 0, 1, 3, 0, 4), new Event.Deploy(6, 2, 1, 1, 0, 2),
            new Event.AgentProgress(13, 12, 4, false), new Event.Traffic(5, 1, 16), new Event.Deploy(26, 3, 3, 2, 0, 2),
            new Event.AgentProgress(20, 35, 1, false), new Event.AgentProgress(26, 11, 1, false),
            new Event.Deploy(1, 4, 5, 1, 0, 1), new Event.Traffic(600, 1, 39), new Event.Traffic(7, 0, 17),
            new Event.Deploy(2, 3, 4, 1, 0, 2), new Event.DrainCheck(600, 1), new Event.Traffic(17, 4, 29),
            new Event.Restart(2, 0, 0), new Event.Deploy(3, 0, 2, 1, 0, 1), new Event.Evict(3, 1, 1),
            new Event.Traffic(3, 0, 85), new Event.Deploy(1, 4, 6, 1, 1, 4), new Event.Deploy(600, 5, 2, 1, 0, 3),
            new Event.HoldLoad(1, 9, 16));
        assertThat(Presets.consolidating().retryWhenRoomFrees()).isTrue();
        assertThat(ControlLoopCheck.of(Presets.consolidating()).seed(3).replay(events)).isEmpty();
        Preset unguarded = Presets.consolidating().withServerScaleUp(new Named<>(MemoryAwareScaleUp.NAME,
            new MemoryAwareScaleUp(false, Duration.ZERO)));
        assertThat(ControlLoopCheck.of(unguarded).seed(3).replay(events))
            .map(Counterexample::invariant).contains(Invariant.NO_FLIP_FLOP);
    }

    /**
     * With 1 minute windows, large drops from 3 to 2 replicas while m1's replica on large/2 is only asked to unload
     * and its replica on large/1 only asked to load. The drain marks the large/2 replica Draining, so the control loop
     * places m1 again, and the replica whose load is only requested counts its own memory against it: m1 fails to
     * schedule. The check now dry-runs every model the drain makes the loop place again, and refuses; a check that
     * only plans the drain lets it through and m1 is left unplaceable.
     */
    @Test
    void oneMinuteWindows_drainOfAReplicaWhoseUnloadWasRequested_isRefused() {
        List<Event> events = List.of(new Event.Traffic(1, 1, 2), new Event.Deploy(1, 1, 6, 1, 0, 3),
            new Event.AgentProgress(6, 55, 1, false), new Event.Tick(7), new Event.AgentProgress(18, 56, 3, false),
            new Event.Traffic(3, 1, 8), new Event.Restart(19, 0, 7), new Event.Traffic(22, 0, 1),
            new Event.Restart(6, 0, 0), new Event.Delete(30, 5), new Event.DrainCheck(26, 0),
            new Event.DrainCheck(22, 1), new Event.AgentProgress(28, 3, 1, false), new Event.Traffic(27, 1, 1),
            new Event.Restart(2, 0, 0), new Event.Traffic(10, 3, 2), new Event.Traffic(16, 0, 1),
            new Event.DrainCheck(25, 0), new Event.Tick(8), new Event.DrainCheck(10, 0), new Event.Restart(16, 1, 4),
            new Event.Evict(27, 0, 7), new Event.Tick(8));
        Preset oneMinute = oneMinuteConsolidating();
        assertThat(ControlLoopCheck.of(oneMinute).seed(ControlLoopCheck.DEFAULT_SEED).replay(events)).isEmpty();
        assertThat(ControlLoopCheck.of(oneMinute)
            .withScaleDownCheck(ScaleDownCheck.planningOnly(SchedulerConfig.packing().withinMemoryRequests()))
            .seed(ControlLoopCheck.DEFAULT_SEED).replay(events))
            .map(Counterexample::invariant).contains(Invariant.SAFE_SCALE_DOWN);
    }

    /**
     * The consolidating preset at 1 minute windows (model scale-down and consolidation) holds every invariant over
     * 1,000 generated sequences: the two breaks the kit found there (a scale-down 2 minutes after another policy's
     * scale-up; the drain above) are mended.
     */
    @Test
    void oneMinuteWindows_holdEveryInvariant() {
        CheckReport report = ControlLoopCheck.of(oneMinuteConsolidating()).sequences(1_000).run();
        assertThat(report.counterexample()).isEmpty();
        assertThat(report.sequences()).isEqualTo(1_000);
    }

    /**
     * Short windows in other combinations (model scale-down window, consolidation window, target attainment) hold every
     * invariant too; a grid of 24 such combinations at 400 sequences each held when this was written, three of them
     * run here.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, 2, 0.5", "2, 1, 0.99", "3, 4, 0.9"})
    void shortWindowsAndAnyTarget_holdEveryInvariant(int downMinutes, int consolidationMinutes, double attainment) {
        Preset preset = Presets.tuned("consolidating", new Tuning(Option.none(), Option.some(attainment),
            Option.some(Duration.ofMinutes(downMinutes)), Option.some(Duration.ofMinutes(consolidationMinutes)),
            Option.none())).get();
        CheckReport report = ControlLoopCheck.of(preset).sequences(300).seed(downMinutes * 100L + consolidationMinutes)
            .run();
        assertThat(report.counterexample()).isEmpty();
        assertThat(report.reached().get(Reach.SERVER_SCALE_DOWN)).isGreaterThan(100);
    }

    private static Preset oneMinuteConsolidating() {
        return Presets.tuned("consolidating", new Tuning(
            Option.none(), Option.none(),
            Option.some(Duration.ofMinutes(1)),
            Option.some(Duration.ofMinutes(1)), Option.none())).get();
    }

    /** {@code count} stats periods a second apart. */
    private static List<Event> ticks(int count) {
        return java.util.Collections.nCopies(count, new Event.Tick(1));
    }
}
