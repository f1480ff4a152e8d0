package io.modelscale.simulation.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class ParetoTest {

    /**
     * Points (cost, attainment): (1, 50) and (2, 90) are each best at something; (2, 80) is beaten by (2, 90) on
     * service at the same cost; (3, 90) by (2, 90) on cost; (1, 50) appears twice and neither copy beats the other.
     */
    @Test
    void aPointBeatenOnOneAxisAndTiedOnTheOther_isDominated() {
        boolean[] front = Pareto.front(List.of(1.0, 2.0, 2.0, 3.0, 1.0), List.of(50.0, 90.0, 80.0, 90.0, 50.0), true);
        assertThat(front).containsExactly(true, true, false, false, true);
    }

    /** For waits, lower is better: (1, 300) and (2, 100) are on the front, (2, 200) is not. */
    @Test
    void forWaits_lowerServiceIsBetter() {
        boolean[] front = Pareto.front(List.of(1.0, 2.0, 2.0), List.of(300.0, 100.0, 200.0), false);
        assertThat(front).containsExactly(true, true, false);
    }
}
