package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.arbitrary.Theories;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event and load generators reach every kind they promise, in a healthy share of draws. */
class GeneratorsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void sequencesHoldEveryKindOfEventAndEndWithAHeldLoad() {
        Map<Class<?>, Integer> kinds = new HashMap<>();
        int[] total = {0};
        Theories.qt().withExamples(300).forAll(Events.sequences(1, 100)).checkAssert(events -> {
            assertThat(events.get(events.size() - 1)).isInstanceOf(Event.HoldLoad.class);
            for (Event event : events.subList(0, events.size() - 1)) {
                kinds.merge(event.getClass(), 1, Integer::sum);
                total[0]++;
            }
        });
        for (Class<?> kind : List.of(Event.Deploy.class, Event.Delete.class, Event.Traffic.class,
            Event.AgentProgress.class, Event.DrainCheck.class, Event.Restart.class, Event.Evict.class,
            Event.Tick.class)) {
            assertThat((double) kinds.getOrDefault(kind, 0) / total[0]).as("share of %s", kind.getSimpleName())
                .isGreaterThanOrEqualTo(0.03);
        }
    }

    @Test
    void sequencesHoldLongPausesAndFailingLoads() {
        int[] seen = new int[3];
        Theories.qt().withExamples(300).forAll(Events.events()).checkAssert(event -> {
            seen[0]++;
            seen[1] += event.afterSeconds() == 600 ? 1 : 0;
            seen[2] += event instanceof Event.AgentProgress p && p.loadFails() ? 1 : 0;
            assertThat(event.afterSeconds()).isBetween(1, 600);
        });
        assertThat(seen[1]).as("long pauses").isBetween(seen[0] / 20, seen[0] / 4);
        assertThat(seen[2]).as("failing loads").isBetween(1, seen[0] / 10);
    }

    @Test
    void signalsAreValidAndReachIdleQueuedAndNeverRequested() {
        int[] seen = new int[3];
        Theories.qt().withExamples(1_000).forAll(Loads.signals(NOW)).checkAssert(signals -> {
            assertThat(signals.fewestOutstanding()).isBetween(0L, signals.outstanding());
            assertThat(signals.lastRequest().forAll(at -> !at.isAfter(NOW))).isTrue();
            seen[0] += signals.outstanding() == 0 ? 1 : 0;
            seen[1] += signals.queued() > 0 ? 1 : 0;
            seen[2] += signals.lastRequest().isEmpty() ? 1 : 0;
        });
        for (int count : seen) {
            assertThat(count).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void patternsReachEveryShape() {
        Map<Loads.Shape, Integer> shapes = new EnumMap<>(Loads.Shape.class);
        Theories.qt().withExamples(500).forAll(Loads.patterns(12)).checkAssert(pattern -> {
            assertThat(pattern.outstanding()).hasSize(12).allSatisfy(n -> assertThat(n).isNotNegative());
            shapes.merge(pattern.shape(), 1, Integer::sum);
            switch (pattern.shape()) {
                case CONSTANT -> assertThat(pattern.outstanding()).containsOnly(pattern.outstanding().get(0));
                case RISING -> assertThat(pattern.outstanding()).isSorted();
                case FALLING -> assertThat(pattern.outstanding().get(11)).isZero();
                case SPIKE -> assertThat(pattern.outstanding().get(6)).isEqualTo(
                    pattern.outstanding().stream().max(Integer::compare).get());
                default -> assertThat(pattern.outstanding()).contains(0);
            }
        });
        for (Loads.Shape shape : Loads.Shape.values()) {
            assertThat(shapes.getOrDefault(shape, 0)).as("draws of %s", shape).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> Events.sequences(5, 2)).hasMessageContaining("5 and 2");
        assertThatThrownBy(() -> Loads.patterns(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Event.Deploy(1, 0, 1, 3, 0, 2)).hasMessageContaining("3 in [0, 2]");
        assertThatThrownBy(() -> new Event.Tick(-5)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("afterSeconds must not be negative (time only moves on), got -5");
        assertThatThrownBy(() -> new Event.Restart(-1, 0, 0)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> new Event.HoldLoad(-1, 3, 10)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> ControlLoopCheck.of(io.modelscale.policy.Presets.consolidating()).sequences(0))
            .hasMessageContaining("got 0");
        assertThatThrownBy(() -> ControlLoopCheck.of(io.modelscale.policy.Presets.consolidating())
            .without(Invariant.MEMORY, " ")).hasMessageContaining("say why");
    }

    @Test
    void eventsDescribeThemselves() {
        assertThat(List.of(new Event.Deploy(1, 7, 3, 2, 1, 4), new Event.Delete(1, -1), new Event.Traffic(1, 2, 40),
            new Event.AgentProgress(1, 0, 1, false), new Event.AgentProgress(1, 0, 3, true), new Event.DrainCheck(1, 0),
            new Event.DrainCheck(1, -1), new Event.Restart(1, 3, 0), new Event.Evict(1, 0, 0), new Event.Tick(1),
            new Event.HoldLoad(1, 8, 30)).stream().map(Event::describe).toList()).containsExactly(
            "deploy m1: 1536Mi, 2 replicas in [1, 4]", "delete m5", "traffic of m2: 40 outstanding",
            "agents move 1 replica in flight on", "agents move 3 replicas in flight on, a load failing",
            "drain check on small", "drain check on every server", "a replica of large restarts",
            "a replica of small is evicted", "stats period", "the load holds for 8 stats periods 30 s apart");
    }

    @Test
    void patternsFollowTheirShapeExactly() {
        Map<Loads.Shape, List<Integer>> seen = new EnumMap<>(Loads.Shape.class);
        Theories.qt().withExamples(300).forAll(Loads.patterns(8)).checkAssert(pattern -> {
            List<Integer> load = pattern.outstanding();
            int peak = pattern.shape() == Loads.Shape.FALLING ? load.get(0) * 8 / 7 : load.stream()
                .max(Integer::compare).get();
            switch (pattern.shape()) {
                case RISING -> assertThat(load.get(7)).isEqualTo(peak);
                case FALLING -> assertThat(load).endsWith(0).startsWith(load.get(0)).isSortedAccordingTo(
                    (a, b) -> Integer.compare(b, a));
                case SPIKE -> assertThat(load).containsOnly(peak, peak / 20).containsOnlyOnce(peak);
                case ON_OFF -> assertThat(load).containsExactly(peak, peak, 0, 0, peak, peak, 0, 0);
                default -> assertThat(load).containsOnly(peak);
            }
            seen.putIfAbsent(pattern.shape(), load);
        });
        assertThat(seen).hasSize(Loads.Shape.values().length);
    }

    @Test
    void busySignalsWereLastRequestedNow() {
        Theories.qt().withExamples(500).forAll(Loads.signals(NOW)).checkAssert(signals -> {
            if (signals.outstanding() > 0) {
                assertThat(signals.lastRequest()).contains(NOW);
            }
            assertThat(signals.arrivalsPerSecond()).isBetween(0.0, 100.0);
            assertThat(signals.concurrencyPerReplica()).isBetween(1, 8);
        });
    }
}
