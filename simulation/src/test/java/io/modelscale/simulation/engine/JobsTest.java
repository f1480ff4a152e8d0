package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A server replica's requests in service come out by finish, ties in the order they were added, each with the start
 * time, SLO flag and owner it went in with: checked against the smallest remaining entry of a plain list, found by a
 * scan, as the oracle.
 */
class JobsTest {

    @Test
    void requestsComeOutByFinish_tiesInStartOrder_withWhatTheyCarried() {
        SplittableRandom random = new SplittableRandom(5);
        Jobs<String> jobs = new Jobs<>();
        List<Object[]> remaining = new ArrayList<>();
        long started = 0;
        int ties = 0;
        int taken = 0;
        for (int step = 0; step < 20_000; step++) {
            if (jobs.size() == 0 || random.nextInt(3) > 0) {
                double finish = random.nextInt(100) / 4.0; // quarter values: many equal finishes
                boolean onTime = random.nextBoolean();
                // start times drawn apart from the order of adding, so that only the order of adding breaks ties
                long at = random.nextInt(1_000);
                jobs.add(finish, "request " + started, at, onTime);
                remaining.add(new Object[] {finish, started++, onTime, at});
            } else {
                int smallest = 0;
                for (int i = 1; i < remaining.size(); i++) {
                    double f = (double) remaining.get(i)[0];
                    double best = (double) remaining.get(smallest)[0];
                    if (f < best || f == best && (long) remaining.get(i)[1] < (long) remaining.get(smallest)[1]) {
                        smallest = i;
                    }
                }
                Object[] expected = remaining.remove(smallest);
                for (Object[] e : remaining) {
                    ties += e[0].equals(expected[0]) ? 1 : 0;
                }
                assertThat(jobs.size()).isEqualTo(remaining.size() + 1);
                assertThat(jobs.firstFinish()).isEqualTo((double) expected[0]);
                assertThat(jobs.firstStarted()).as("taken %d", taken).isEqualTo((long) expected[3]);
                assertThat(jobs.firstOwner()).isEqualTo("request " + expected[1]);
                assertThat(jobs.firstOnTime()).isEqualTo((boolean) expected[2]);
                jobs.removeFirst();
                taken++;
            }
        }
        assertThat(taken).as("requests taken").isGreaterThan(5_000);
        assertThat(ties).as("equal finishes left behind when one was taken").isGreaterThan(1_000);
    }
}
