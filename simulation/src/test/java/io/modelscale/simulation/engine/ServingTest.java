package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.ModelSignals;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The serving side on requests written by hand: one model, two requests at once per replica, an SLO of 5 s. Every
 * wait, count and signal below is worked out in the comment beside it.
 */
class ServingTest {

    private static final long SECOND = 1_000_000L;
    private static final ModelName A = ModelName.of("a");
    private final EventQueue queue = new EventQueue();
    private long now;

    /** Measured from 0, windows of 60 s, a run of 120 s. */
    private final Serving serving = new Serving(new ModelName[] {A}, 2, Duration.ofSeconds(5), 0, 60 * SECOND,
        120 * SECOND);

    @Test
    void modelsAreFoundByName_inAnyOrder_andAnUnknownOneIsNotFound() {
        ModelName[] names = {ModelName.of("c"), ModelName.of("a"), ModelName.of("b")};
        Serving three = new Serving(names, 1, Duration.ofSeconds(5), 0, 60 * SECOND, 600 * SECOND);
        three.setServingReplicas(2, 1, 0, queue);
        three.arrive(2, 10 * SECOND, 0, queue);
        for (String[] order : new String[][] {{"a", "b", "c"}, {"c", "b", "a"}, {"b", "a", "c", "a"}}) {
            var signals = three.signals(java.time.Instant.EPOCH, Duration.ofSeconds(20));
            for (String name : order) {
                int expected = java.util.Arrays.asList(names).indexOf(ModelName.of(name));
                assertThat(three.indexOf(ModelName.of(name))).isEqualTo(expected);
                assertThat(signals.of(ModelName.of(name)).inFlight()).isEqualTo(name.equals("b") ? 1 : 0);
            }
        }
        assertThat(three.indexOf(ModelName.of("zz"))).isEqualTo(-1);
        assertThat(three.index(ModelName.of("aa"))).isEmpty();
        assertThat(three.signals(java.time.Instant.EPOCH, Duration.ofSeconds(20)).of(ModelName.of("zz")))
            .isEqualTo(io.modelscale.policy.model.ModelSignals.idle());
    }

    @Test
    void requestsBeyondTheReplicasConcurrency_waitForAFreeSlot_inArrivalOrder() {
        serving.setServingReplicas(0, 1, 0, queue);
        arrive(0, 10);   // starts at 0, done at 10
        arrive(1, 10);   // starts at 1, done at 11
        arrive(2, 10);   // queued: starts at 10 (waited 8 s, late), done at 20
        arrive(3, 1);    // queued: starts at 11 (waited 8 s, late), done at 12
        assertThat(serving.outstanding(0)).isEqualTo(4);
        ModelSignals signals = serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A);
        assertThat(signals.inFlight()).isEqualTo(2);
        assertThat(signals.queued()).isEqualTo(2);
        assertThat(signals.arrivalsPerSecond()).isEqualTo(4 / 20.0);
        runUntil(30);
        assertThat(serving.served()).isEqualTo(4);
        assertThat(serving.metSlo()).isEqualTo(2);
        assertThat(serving.goodput()).isEqualTo(2);
        assertThat(serving.waits().getMaxValue()).isBetween(8 * SECOND - 10_000, 8 * SECOND + 10_000);
        ModelSignals after = serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A);
        // mean service of the four completions: (10 + 10 + 10 + 1) / 4 = 7.75 s
        assertThat(after.meanServiceTime()).contains(Duration.ofMillis(7_750));
        serving.close(120 * SECOND);
        assertThat(serving.queuedAtEnd()).isZero();
        assertThat(serving.inServiceAtEnd()).isZero();
    }

    @Test
    void aModelsWaits_countThoseThatStartedAtOnce_andAreCompleteOnlyAfterClose() {
        serving.setServingReplicas(0, 1, 0, queue);
        arrive(0, 10);   // starts at once
        arrive(0, 10);   // starts at once
        arrive(0, 10);   // waits 10 s for the first slot
        arrive(1, 10);   // waits 9 s for the second
        assertThatIllegalStateException().isThrownBy(() -> serving.waits(0));
        runUntil(40);
        serving.close(40 * SECOND);
        org.HdrHistogram.AbstractHistogram waits = serving.waits(0);
        assertThat(waits.getTotalCount()).isEqualTo(4);
        // two of four at zero: the median is zero; the longest is 10 s, to two digits
        assertThat(waits.getValueAtPercentile(50)).isZero();
        assertThat(waits.getMaxValue()).isBetween(9_900_000L, 10_100_000L);
        assertThat(waits.getValueAtPercentile(75)).isBetween(8_910_000L, 9_090_000L);
    }

    @Test
    void aModelWithoutReplicas_queuesEverything_andTheRunsEndCountsThemAtTheirWaitSoFar() {
        arrive(10, 1);
        arrive(30, 1);
        runUntil(100);
        serving.close(100 * SECOND);
        // never served: waits of 90 s and 70 s, both misses
        assertThat(serving.queuedAtEnd()).isEqualTo(2);
        assertThat(serving.metSlo()).isZero();
        assertThat(serving.waits().getMaxValue()).isBetween(90 * SECOND - 100_000, 90 * SECOND + 100_000);
        assertThat(serving.windows().get(0).requests()).isEqualTo(2);
        assertThat(serving.windows().get(0).sloAttainment()).isZero();
        assertThat(serving.windows().get(1).requests()).isZero();
        assertThatIllegalStateException().isThrownBy(() -> serving.close(100 * SECOND));
    }

    @Test
    void aReplicaThatArrives_startsTheQueuedRequests_upToItsConcurrency() {
        arrive(0, 100);
        arrive(0, 100);
        arrive(0, 100);
        now = 4 * SECOND;
        serving.setServingReplicas(0, 1, now, queue);
        // two start at 4 s (waited 4 s: on time), the third waits
        assertThat(serving.outstanding(0)).isEqualTo(3);
        assertThat(serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A).inFlight()).isEqualTo(2);
        assertThat(serving.metSlo()).isEqualTo(2);
        serving.newPeriod();
        assertThat(serving.arrivalsInPeriod(0)).isZero();
        assertThat(serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A).fewestOutstanding()).isEqualTo(3);
    }

    /**
     * A model quiet for two periods hands out the same signals value again, which lets the control step know it at
     * once; a request in a later period gives new signals with its arrival and its time, not the quiet ones.
     */
    @Test
    void aQuietModelsSignalsAreTheSameValue_untilARequestArrives() {
        serving.setServingReplicas(0, 1, 0, queue);
        arrive(1, 2);
        runUntil(20);
        ModelSignals busy = serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A);
        serving.newPeriod();
        runUntil(40);
        ModelSignals firstQuiet = serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A);
        serving.newPeriod();
        runUntil(60);
        ModelSignals secondQuiet = serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A);
        serving.newPeriod();
        assertThat(busy.meanServiceTime()).contains(Duration.ofSeconds(2));
        assertThat(firstQuiet.meanServiceTime()).isEmpty();
        assertThat(secondQuiet).isSameAs(firstQuiet);
        assertThat(secondQuiet.lastRequest()).contains(Instant.ofEpochSecond(1));

        arrive(70, 2);
        runUntil(80);
        // served and gone within the period: nothing outstanding, yet not quiet
        ModelSignals again = serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A);
        assertThat(again).isNotSameAs(firstQuiet);
        assertThat(again.outstanding()).isZero();
        assertThat(again.arrivalsPerSecond()).isEqualTo(1 / 20.0);
        assertThat(again.meanServiceTime()).contains(Duration.ofSeconds(2));
        assertThat(again.lastRequest()).contains(Instant.ofEpochSecond(70));
    }

    /**
     * A stats period costs only the models that did something in it, yet one with nothing happening still reports
     * what it has: a request in service from 1 s to 101 s counts in flight through four periods without an arrival
     * or a finish (arrivals 0/s after the first), its finish gives the 100 s service time in the period it falls in,
     * and the period after is quiet. Planted fault caught: carrying over only the models touched in the period hands
     * out the first period's signals again (an arrival rate of 1/20 s in periods that had none).
     */
    @Test
    void aModelWithARequestInServiceAndNoEvent_reportsItEveryPeriod_andItsFinishInTheRightOne() {
        serving.setServingReplicas(0, 1, 0, queue);
        arrive(1, 100);
        java.util.List<ModelSignals> periods = new java.util.ArrayList<>();
        for (int end = 20; end <= 140; end += 20) {
            runUntil(end);
            periods.add(serving.signals(Instant.EPOCH, Duration.ofSeconds(20)).of(A));
            serving.newPeriod();
        }
        assertThat(periods.get(0).arrivalsPerSecond()).isEqualTo(1 / 20.0);
        for (int k = 1; k <= 4; k++) {  // 20-40 s ... 80-100 s: nothing arrives or finishes
            assertThat(periods.get(k).arrivalsPerSecond()).as("period %d", k).isZero();
            assertThat(periods.get(k).inFlight()).as("period %d", k).isEqualTo(1);
            assertThat(periods.get(k).fewestOutstanding()).as("period %d", k).isEqualTo(1);
            assertThat(periods.get(k).meanServiceTime()).as("period %d", k).isEmpty();
        }
        ModelSignals finished = periods.get(5);  // 100-120 s: done at 101 s
        assertThat(finished.outstanding()).isZero();
        assertThat(finished.fewestOutstanding()).isZero();
        assertThat(finished.meanServiceTime()).contains(Duration.ofSeconds(100));
        assertThat(periods.get(6).meanServiceTime()).isEmpty();  // 120-140 s: quiet
        assertThat(periods.get(6).lastRequest()).contains(Instant.ofEpochSecond(1));
    }

    /**
     * A model's waits histogram grows as its waits do, keeping every wait: 30 requests arrive at once on one replica
     * serving one at a time, request i served for 2^i microseconds, so request j waits 2^j - 1 (1 µs up to about
     * 9 minutes, a reach that doubles 29 times). Read after close, they are what a histogram of the whole 24 h range
     * at two digits, written by hand, holds: the same count, mean, maximum and every percentile. The planted fault
     * this catches: growing without carrying the counts over would keep only the waits since the last growth.
     */
    @Test
    void aModelsWaits_growingByDoublings_keepEveryWait() {
        Serving one = new Serving(new ModelName[] {A}, 1, Duration.ofSeconds(5), 0, 60 * SECOND, 3_600 * SECOND);
        one.setServingReplicas(0, 1, 0, queue);
        for (int i = 0; i < 30; i++) {
            one.arrive(0, 1L << i, 0, queue);
        }
        while (queue.peek() != null) {
            EventQueue.Scheduled next = queue.poll();
            SimEvent.Completion done = (SimEvent.Completion) next.event();
            one.complete(done.model(), done.serviceMicros(), done.good(), next.micros(), queue);
        }
        one.close(3_600 * SECOND);
        org.HdrHistogram.Histogram expected = new org.HdrHistogram.Histogram(1, 3_600_000_000L * 24, 2);
        for (int j = 0; j < 30; j++) {
            expected.recordValue((1L << j) - 1);
        }
        org.HdrHistogram.AbstractHistogram waits = one.waits(0);
        assertThat(waits.getTotalCount()).isEqualTo(30);
        assertThat(waits.getMaxValue()).isEqualTo(expected.getMaxValue());
        assertThat(waits.getMean()).isEqualTo(expected.getMean());
        for (double percentile = 1; percentile <= 100; percentile += 1) {
            assertThat(waits.getValueAtPercentile(percentile)).as("percentile %s", percentile)
                .isEqualTo(expected.getValueAtPercentile(percentile));
        }
    }

    private void arrive(long seconds, long serviceSeconds) {
        runUntil(seconds);
        serving.arrive(0, serviceSeconds * SECOND, now, queue);
    }

    private void runUntil(long seconds) {
        while (queue.peek() != null && queue.peek().micros() <= seconds * SECOND) {
            EventQueue.Scheduled next = queue.poll();
            now = next.micros();
            SimEvent.Completion done = (SimEvent.Completion) next.event();
            serving.complete(done.model(), done.serviceMicros(), done.good(), now, queue);
        }
        now = seconds * SECOND;
    }
}
