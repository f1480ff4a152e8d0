package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-ahead source against the wrapped source read directly: the same requests, failures and ending. Each test
 * has a time limit, so that a reader or a run left waiting fails the build instead of hanging it.
 */
@Timeout(60)
class ReadAheadTest {

    /** Requests 0..n-1: arrival 10 i, model i mod 7, service 3 i + 1; then the failure, if any, instead of the end. */
    private static RequestSource counting(int n, Throwable failure) {
        return new RequestSource() {
            private int i;

            @Override
            public boolean next(Request into) {
                if (i == n) {
                    if (failure != null) {
                        throw ReadAheadTest.<RuntimeException>sneaky(failure);
                    }
                    return false;
                }
                into.set(10L * i, i % 7, 3L * i + 1);
                i++;
                return true;
            }
        };
    }

    /** Throws any throwable from a method that declares none, as a source written in another language might. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
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
        // a runtime exception, an error and a checked exception thrown sneakily; mid-batch and at a batch's end
        Throwable[] failures = {new IllegalStateException("line 12: not a number"), new StackOverflowError("deep"),
            new java.io.IOException("disk gone")};
        for (Throwable failure : failures) {
            for (int n : new int[] {9, 8, 0}) {
                for (ReadAhead ahead : new ReadAhead[] {ReadAhead.threaded(counting(n, failure), 4),
                    ReadAhead.direct(counting(n, failure))}) {
                    try (ahead) {
                        Request request = new Request();
                        for (int i = 0; i < n; i++) {
                            assertThat(ahead.next(request)).isTrue();
                            assertThat(request.arrivalMicros).isEqualTo(10L * i);
                        }
                        assertThatThrownBy(() -> ahead.next(request)).as("%s after %d", failure, n).isSameAs(failure);
                        if (ahead.threaded()) {
                            assertThatThrownBy(() -> ahead.next(request)).isSameAs(failure);
                        }
                    }
                }
            }
        }
    }

    @Test
    void closingFromAnotherThread_failsARunWaitingForRequests_andStopsTheReader() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        RequestSource stuck = into -> {
            try {
                never.await();
            } catch (InterruptedException stopped) {
                return false;
            }
            return false;
        };
        ReadAhead ahead = ReadAhead.threaded(stuck, 8);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                ahead.next(new Request());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        run.start();
        Thread.sleep(200); // the run is waiting for a batch that never comes
        ahead.close();
        run.join(TimeUnit.SECONDS.toMillis(30));
        ahead.reader().join(TimeUnit.SECONDS.toMillis(30));
        assertThat(run.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(ahead.reader().isAlive()).isFalse();
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
        try (ReadAhead direct = ReadAhead.direct(counting(5, null))) {
            assertThat(direct.threaded()).isFalse();
            assertThat(direct.reader()).isNull();
            assertThat(drain(direct, Integer.MAX_VALUE)).hasSize(5);
        }
    }
}
