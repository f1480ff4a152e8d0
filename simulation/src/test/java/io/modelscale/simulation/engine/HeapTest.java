package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The heap gives its items by key, ties in the order they were added, while adding goes on: checked against the
 * smallest remaining entry of a plain list, found by a scan, as the oracle.
 */
class HeapTest {

    @Test
    void itemsComeOutByKey_tiesInTheOrderAdded_whileAddingGoesOn() {
        SplittableRandom random = new SplittableRandom(11);
        Heap<Integer> heap = new Heap<>();
        List<double[]> remaining = new ArrayList<>();
        int added = 0;
        int ties = 0;
        int taken = 0;
        for (int step = 0; step < 20_000; step++) {
            if (heap.isEmpty() || random.nextInt(3) > 0) {
                // quarter keys: many equal ones, so that the order among equals is exercised
                double key = random.nextInt(200) / 4.0;
                heap.add(key, added);
                remaining.add(new double[] {key, added++});
            } else {
                int smallest = 0;
                for (int i = 1; i < remaining.size(); i++) {
                    double[] e = remaining.get(i);
                    double[] best = remaining.get(smallest);
                    if (e[0] < best[0] || e[0] == best[0] && e[1] < best[1]) {
                        smallest = i;
                    }
                }
                double[] expected = remaining.remove(smallest);
                for (double[] e : remaining) {
                    ties += e[0] == expected[0] ? 1 : 0;
                }
                assertThat(heap.size()).isEqualTo(remaining.size() + 1);
                assertThat(heap.firstKey()).isEqualTo(expected[0]);
                assertThat(heap.peek()).isEqualTo((int) expected[1]);
                assertThat(heap.take()).as("take %d", taken++).isEqualTo((int) expected[1]);
            }
        }
        assertThat(taken).as("items taken").isGreaterThan(5_000);
        assertThat(ties).as("equal keys left behind when one was taken").isGreaterThan(1_000);
        assertThat(new Heap<String>().peek()).isNull();
    }
}
