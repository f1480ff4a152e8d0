package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The read-ahead source against the wrapped source read directly: the same requests, failures and ending. */
class ReadAheadTest {

    /** Requests 0..n-1: arrival 10 i, model i mod 7, service 3 i + 1; then the failure, if any, instead of the end. */
    private static RequestSource counting(int n, RuntimeException failure) {
        return new RequestSource() {
            private int i;

            @Override
            public boolean next(Request into) {
                if (i == n) {
                    if (failure != null) {
                        throw failure;
                    }
                    return false;
                }
                into.set(10L * i, i % 7, 3L * i + 1);
                i++;
                return true;
            }
        };
    }

    private static List<long[]> drain(RequestSource source, int most) {
        List<long[]> read = new ArrayList<>();
        Request request = new Request();
        while (read.size() < most && source.next(request)) {
            read.add(new long[] {request.arrivalMicros, request.model, request.serviceMicros});
        }
        return read;
    }

    @Test
    void givesTheWrappedRequestsInOrder_atEveryBatchBoundary() {
        // lengths below, at and just past a batch's size, and several batches with queues filling up
        int[][] cases = {{0, 4}, {3, 4}, {4, 4}, {5, 4}, {8, 4}, {1, 1}, {50_000, 64}, {10_000, 4_096}};
        for (int[] c : cases) {
            List<long[]> direct = drain(counting(c[0], null), Integer.MAX_VALUE);
            try (ReadAhead ahead = ReadAhead.threaded(counting(c[0], null), c[1])) {
                List<long[]> read = drain(ahead, Integer.MAX_VALUE);
                assertThat(read).as("%d requests in batches of %d", c[0], c[1])
                    .usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1)
                    .containsExactlyElementsOf(direct);
                assertThat(read).hasSize(c[0]);
                // the end is the end every time it is asked
                assertThat(ahead.next(new Request())).isFalse();
                assertThat(ahead.next(new Request())).isFalse();
            }
        }
    }

    @Test
    void throwsTheWrappedFailure_afterTheRequestsReadBeforeIt_andAgainAfter() {
        IllegalStateException failure = new IllegalStateException("line 12: not a number");
        try (ReadAhead ahead = ReadAhead.threaded(counting(9, failure), 4)) {
            Request request = new Request();
            for (int i = 0; i < 9; i++) {
                assertThat(ahead.next(request)).isTrue();
                assertThat(request.arrivalMicros).isEqualTo(10L * i);
            }
            assertThatThrownBy(() -> ahead.next(request)).isSameAs(failure);
            assertThatThrownBy(() -> ahead.next(request)).isSameAs(failure);
        }
    }

    @Test
    void closingStopsTheReader_ofAStreamWithoutEnd() throws InterruptedException {
        ReadAhead ahead = ReadAhead.threaded(counting(Integer.MAX_VALUE, null), 16);
        assertThat(drain(ahead, 100)).hasSize(100);
        Thread reader = ahead.reader();
        assertThat(reader.isAlive()).as("blocked on a full queue before closing").isTrue();
        assertThat(reader.isDaemon()).isTrue();
        ahead.close();
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(reader.isAlive()).isFalse();
        assertThatThrownBy(() -> ahead.next(new Request())).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        ahead.close(); // twice: nothing more
    }

    @Test
    void passesOnTheServiceTimes_andReadsDirectlyWhenNotThreaded() {
        RequestSource described = new RequestSource() {
            @Override
            public boolean next(Request into) {
                return false;
            }

            @Override
            public io.vavr.collection.Seq<String> serviceTimes() {
                return io.vavr.collection.List.of("50 ms + 20 ms per token");
            }
        };
        try (ReadAhead ahead = ReadAhead.threaded(described, 8)) {
            assertThat(ahead.serviceTimes()).containsExactly("50 ms + 20 ms per token");
            assertThat(ahead.threaded()).isTrue();
        }
        try (ReadAhead of = ReadAhead.of(counting(5, null))) {
            assertThat(of.threaded()).isEqualTo(Runtime.getRuntime().availableProcessors() > 1);
            assertThat(drain(of, Integer.MAX_VALUE)).hasSize(5);
        }
    }
}
