package io.modelscale.policy.model;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class ErlangCTest {

    /** Worked by hand: M/M/1 waits with probability rho, and P(W > t) = rho exp(-(1 - rho) t). */
    @Test
    void oneServer_waitsWithTheUtilisation() {
        assertThat(ErlangC.waitProbability(1, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(ErlangC.waitLongerThan(1, 0.5, 2)).isCloseTo(0.5 * Math.exp(-1), within(1e-12));
    }

    /**
     * Worked by hand from the loss recurrence: a = 2 Erlangs, B(1) = 2/3, B(2) = 2/5, B(3) = 4/19, so
     * C(3, 2) = 3 B / (3 - 2 (1 - B)) = 4/9; B(4) = 2/21, C(4, 2) = 4/23.
     */
    @Test
    void twoErlangs_onThreeAndFourServers() {
        assertThat(ErlangC.waitProbability(3, 2)).isCloseTo(4.0 / 9, within(1e-12));
        assertThat(ErlangC.waitProbability(4, 2)).isCloseTo(4.0 / 23, within(1e-12));
    }

    /**
     * Worked by hand: 2 Erlangs, 99 % within one mean service time. Four servers leave 4/23 e^-2 = 0.0235 waiting
     * longer; five (B(5) = 4/109, C(5, 2) = 20/335 = 0.0597) leave 0.0597 e^-3 = 0.0030.
     */
    @Test
    void serversFor_twoErlangsAtNinetyNinePercentWithinOneServiceTime_isFive() {
        assertThat(ErlangC.waitLongerThan(4, 2, 1)).isCloseTo(4.0 / 23 * Math.exp(-2), within(1e-12));
        assertThat(ErlangC.serversFor(2, 1, 0.01)).isEqualTo(5);
        // without any wait allowed, three servers leave 4/9 waiting and four 4/23
        assertThat(ErlangC.serversFor(2, 0, 0.5)).isEqualTo(3);
        assertThat(ErlangC.serversFor(2, 0, 0.2)).isEqualTo(4);
    }

    @Test
    void atOrAboveTheServers_everyoneWaits() {
        assertThat(ErlangC.waitProbability(2, 2)).isEqualTo(1);
        assertThat(ErlangC.waitProbability(0, 0.1)).isEqualTo(1);
        assertThat(ErlangC.waitLongerThan(3, 7.5, 10)).isEqualTo(1);
        assertThat(ErlangC.waitProbability(0, 0)).isEqualTo(0);
        assertThat(ErlangC.serversFor(0, 1, 0.01)).isEqualTo(0);
    }

    /** The recurrence agrees with the textbook sum of a^k / k! for every count small enough to sum in doubles. */
    @Test
    void waitProbability_agreesWithTheTextbookSum() {
        qt().forAll(Generate.range(1, 40), SourceDSL.doubles().between(0.001, 0.999))
            .checkAssert((servers, utilisation) -> {
                double load = servers * utilisation;
                assertThat(ErlangC.waitProbability(servers, load))
                    .as("C(%d, %f)", servers, load).isCloseTo(textbook(servers, load), within(1e-9));
            });
    }

    /**
     * The count returned meets the target and one fewer does not, both judged by the textbook sum: the planted
     * faults of one server too many or too few are shown to fail this check below.
     */
    @Test
    void serversFor_isTheFewestThatMeetTheTarget() {
        AtomicInteger tight = new AtomicInteger();
        AtomicInteger cases = new AtomicInteger();
        qt().forAll(SourceDSL.doubles().between(0.01, 25), SourceDSL.doubles().between(0, 4), Generate.pick(
                java.util.List.of(0.5, 0.1, 0.05, 0.01, 0.001)))
            .checkAssert((load, wait, miss) -> {
                int servers = ErlangC.serversFor(load, wait, miss);
                cases.incrementAndGet();
                if (servers - 1 > load) {
                    tight.incrementAndGet(); // one fewer is still a stable queue: the tail decides, not the load
                }
                assertThat(fewest(load, wait, miss).test(servers)).as("%d servers for %f Erlangs, wait %f, miss %f",
                    servers, load, wait, miss).isTrue();
            });
        assertThat(tight.get()).as("cases where the tail, not stability, decides").isGreaterThan(cases.get() / 2);
    }

    @Test
    void theFewestCheck_catchesOneServerTooManyOrTooFew() {
        int right = ErlangC.serversFor(2, 1, 0.01);
        assertThat(fewest(2, 1, 0.01).test(right)).isTrue();
        assertThat(fewest(2, 1, 0.01).test(right + 1)).isFalse();
        assertThat(fewest(2, 1, 0.01).test(right - 1)).isFalse();
    }

    @Test
    void largeLoads_areCountedOrSaidToBeBeyondAnyCluster() {
        int servers = ErlangC.serversFor(100_000, 0.5, 0.01);
        assertThat(servers).isBetween(100_001, 101_000);
        assertThat(ErlangC.serversFor(ErlangC.LARGEST_LOAD * 2, 1, 0.01)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void badArguments_areRefusedWithTheirValues() {
        assertThatThrownBy(() -> ErlangC.waitProbability(-1, 1)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> ErlangC.waitProbability(2, Double.NaN)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> ErlangC.serversFor(1, -1, 0.1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> ErlangC.serversFor(1, 1, 1)).hasMessageContaining("missShare must be in (0, 1)");
        assertThatThrownBy(() -> ErlangC.serversFor(Double.POSITIVE_INFINITY, 1, 0.1))
            .hasMessageContaining("got Infinity");
    }

    /** Whether {@code c} servers meet the target and {@code c - 1} do not, by the textbook formula. */
    private static IntPredicate fewest(double load, double wait, double miss) {
        return c -> tail(c, load, wait) <= miss && (c == 0 || tail(c - 1, load, wait) > miss);
    }

    private static double tail(int servers, double load, double wait) {
        return load >= servers ? 1 : textbook(servers, load) * Math.exp(-(servers - load) * wait);
    }

    /** C(c, a) = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a))). */
    private static double textbook(int servers, double load) {
        double term = 1;
        double sum = 0;
        for (int k = 0; k < servers; k++) {
            sum += term;
            term = term * load / (k + 1);
        }
        double last = term * servers / (servers - load);
        return last / (sum + last);
    }
}
