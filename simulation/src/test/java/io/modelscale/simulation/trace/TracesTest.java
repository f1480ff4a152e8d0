package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The synthetic sources and the combinators, each against figures worked out by hand. */
class TracesTest {

    private static final long SECOND = 1_000_000L;

    @Test
    void rateShapes_changeAtTheirBoundaries() {
        DoubleUnaryOperator step = Traces.step(1, 5, 10);
        assertThat(step.applyAsDouble(9.999)).isEqualTo(1);
        assertThat(step.applyAsDouble(10)).isEqualTo(5);
        DoubleUnaryOperator spike = Traces.spike(1, 9, 10, 5);
        assertThat(spike.applyAsDouble(9.999)).isEqualTo(1);
        assertThat(spike.applyAsDouble(10)).isEqualTo(9);
        assertThat(spike.applyAsDouble(14.999)).isEqualTo(9);
        assertThat(spike.applyAsDouble(15)).isEqualTo(1);
        // 10 x (1 - 0.6 cos(2 pi t / day)): 4 at midnight, 16 at noon, 10 at 6 h
        DoubleUnaryOperator day = Traces.diurnal(10, 0.6, 86_400);
        assertThat(day.applyAsDouble(0)).isCloseTo(4, within(1e-9));
        assertThat(day.applyAsDouble(43_200)).isCloseTo(16, within(1e-9));
        assertThat(day.applyAsDouble(21_600)).isCloseTo(10, within(1e-9));
        assertThat(Traces.constant(3).applyAsDouble(1e9)).isEqualTo(3);
    }

    @Test
    void poisson_meetsItsRateAndMeanServiceTime_andFollowsAStep() {
        // 5 per second for 1,000 s: 5,000 expected, standard deviation about 71; within 5 of them
        List<Request> constant = drain(Traces.poisson(Traces.constant(5), 5, 1_000, 2, 0.2, 42));
        assertThat(constant).hasSizeBetween(4_650, 5_350);
        assertThat(constant).allMatch(r -> r.model == 2 && r.arrivalMicros < 1_000 * SECOND);
        double meanService = constant.stream().mapToLong(r -> r.serviceMicros).average().getAsDouble() / SECOND;
        assertThat(meanService).isCloseTo(0.2, within(0.02));
        // 1 per second, then 9 from 500 s: about 500 before and 4,500 after
        List<Request> stepped = drain(Traces.poisson(Traces.step(1, 9, 500), 9, 1_000, 0, 0, 7));
        long before = stepped.stream().filter(r -> r.arrivalMicros < 500 * SECOND).count();
        assertThat(before).isBetween(400L, 600L);
        assertThat(stepped.size() - before).isBetween(4_200L, 4_800L);
        assertThat(stepped).allMatch(r -> r.serviceMicros == 0);
        assertThatIllegalArgumentException().isThrownBy(() -> Traces.poisson(Traces.constant(1), 0, 10, 0, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> Traces.poisson(Traces.constant(1), 1, 0, 0, 1, 1));
    }

    @Test
    void repeated_shiftsEachCopyBySpan_andOpensEachCopyOnce() {
        AtomicInteger opened = new AtomicInteger();
        List<Request> requests = drain(Traces.repeated(copy -> {
            opened.incrementAndGet();
            return fixed(new long[] {1, 2}, copy);
        }, 3, 10 * SECOND));
        assertThat(requests).extracting(r -> r.arrivalMicros / SECOND).containsExactly(1L, 2L, 11L, 12L, 21L, 22L);
        assertThat(requests).extracting(r -> r.model).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(opened).hasValue(3);
    }

    @Test
    void serviceTimes_areSaidThroughSplitsMergesAndCuts_eachKindOnce() {
        RequestSource a = Traces.poisson(t -> 1, 1, 10, 0, 0.2, 1);
        RequestSource b = Traces.poisson(t -> 1, 1, 10, 1, 0.2, 2);
        RequestSource c = Traces.poisson(t -> 1, 1, 10, 2, 0.05, 3);
        RequestSource all = Traces.until(Traces.merged(List.of(Traces.zipfSplit(a, 0, 3, 1.0, 4), b, c)), SECOND);
        assertThat(all.serviceTimes()).containsExactly("exponential, mean 200 ms", "exponential, mean 50 ms");
        assertThat(fixed(new long[] {1}, 0).serviceTimes()).as("a source that does not say").isEmpty();
    }

    @Test
    void merged_isInArrivalOrder_tiesInTheOrderOfTheSources_andUntilCutsAtTheEnd() {
        RequestSource merged = Traces.merged(List.of(fixed(new long[] {1, 3, 5}, 0), fixed(new long[] {2, 3, 4}, 1)));
        List<Request> requests = drain(Traces.until(merged, 5 * SECOND));
        assertThat(requests).extracting(r -> r.arrivalMicros / SECOND + ":" + r.model)
            .containsExactly("1:0", "2:1", "3:0", "3:1", "4:1");
    }

    @Test
    void zipfSplit_sendsEachModelItsShare() {
        // exponent 1 over 3 models: 1, 1/2, 1/3 of 11/6, so 6/11, 3/11 and 2/11 of the requests
        List<Request> requests = drain(Traces.zipfSplit(Traces.poisson(Traces.constant(100), 100, 100, 0, 0, 3), 5, 3,
            1.0, 9));
        int[] counts = new int[3];
        requests.forEach(r -> counts[r.model - 5]++);
        assertThat((double) counts[0] / requests.size()).isCloseTo(6.0 / 11, within(0.02));
        assertThat((double) counts[1] / requests.size()).isCloseTo(3.0 / 11, within(0.02));
        assertThat((double) counts[2] / requests.size()).isCloseTo(2.0 / 11, within(0.02));
        assertThatIllegalArgumentException().isThrownBy(() -> Traces.zipfSplit(fixed(new long[] {1}, 0), 0, 0, 1, 1));
    }

    @Test
    void streams_ofOneRunDiffer_andEachIsDecidedByTheRunSeed() {
        assertThat(Traces.stream(42, 0)).isNotEqualTo(Traces.stream(42, 1)).isNotEqualTo(Traces.stream(43, 0));
    }

    private static RequestSource fixed(long[] seconds, int model) {
        int[] next = {0};
        return into -> {
            if (next[0] == seconds.length) {
                return false;
            }
            into.set(seconds[next[0]++] * SECOND, model, SECOND);
            return true;
        };
    }

    private static List<Request> drain(RequestSource source) {
        List<Request> all = new ArrayList<>();
        Request request = new Request();
        while (source.next(request)) {
            all.add(new Request().set(request.arrivalMicros, request.model, request.serviceMicros));
        }
        return all;
    }
}
