package io.modelscale.simulation.trace;

import io.vavr.collection.Seq;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * A request source read ahead on a thread of its own, in batches, so that producing requests (drawing arrivals and
 * service times, or reading a trace file) overlaps with simulating them on a machine with more than one processor.
 *
 * <p>The requests and their order are exactly the wrapped source's: its {@code next} is only ever called by the one
 * reading thread, in order ({@link #serviceTimes()} is read once, before that thread starts). Whatever the wrapped
 * source's {@code next} throws is thrown by {@link #next} at the same point of the stream, after every request read
 * before it, as the same object, and again on every call after. Close it when done, whether or not the stream was
 * read to its end: the reading thread stops, and {@link #next} after that (or waiting on another thread then) fails
 * with an {@link IllegalStateException}. The reading thread is a daemon thread: it never keeps the virtual machine
 * alive.
 *
 * <p>On a machine with one processor, or when no thread can be started, {@link #of} reads the wrapped source
 * directly.
 */
public final class ReadAhead implements RequestSource, AutoCloseable {

    /** Requests in one batch handed from the reading thread. */
    static final int BATCH = 4_096;
    /** Batches read ahead and not yet taken. */
    private static final int AHEAD = 3;
    /** How long either thread waits on a queue before it looks whether this was closed. */
    private static final long CHECK_MILLIS = 50;

    private final RequestSource source;
    private final Seq<String> serviceTimes;
    private final Thread reader;
    private final BlockingQueue<Batch> full;
    private final BlockingQueue<Batch> empty;
    private volatile boolean closed;
    private Batch current;
    private int at;

    /** A run of requests in arrival order; the last one of the stream says so, and carries its failure if any. */
    private static final class Batch {
        final long[] arrivals;
        final int[] models;
        final long[] services;
        int size;
        boolean last;
        Throwable failure;

        Batch(int capacity) {
            arrivals = new long[capacity];
            models = new int[capacity];
            services = new long[capacity];
        }
    }

    private ReadAhead(RequestSource source, int batch, boolean threaded) {
        this.source = Objects.requireNonNull(source, "source");
        this.serviceTimes = source.serviceTimes();
        if (!threaded) {
            this.reader = null;
            this.full = null;
            this.empty = null;
            return;
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        this.full = new ArrayBlockingQueue<>(AHEAD);
        this.empty = new ArrayBlockingQueue<>(AHEAD + 2);
        for (int i = 0; i < AHEAD + 2; i++) {
            empty.add(new Batch(batch));
        }
        Thread started = new Thread(this::read, "modelscale-requests");
        started.setDaemon(true);
        try {
            started.start();
        } catch (OutOfMemoryError noThread) {
            started = null; // no thread to be had: read directly
        }
        this.reader = started;
    }

    /** The source, read ahead on a thread of its own when the machine has more than one processor. */
    public static ReadAhead of(RequestSource source) {
        return new ReadAhead(source, BATCH, Runtime.getRuntime().availableProcessors() > 1);
    }

    /** The source read ahead on a thread of its own in batches of {@code batch} requests, whatever the machine. */
    static ReadAhead threaded(RequestSource source, int batch) {
        return new ReadAhead(source, batch, true);
    }

    /** The source read directly, as on a machine with one processor. */
    static ReadAhead direct(RequestSource source) {
        return new ReadAhead(source, BATCH, false);
    }

    /** Whether requests are read on a thread of their own. */
    public boolean threaded() {
        return reader != null;
    }

    /** The reading thread, null when there is none. */
    Thread reader() {
        return reader;
    }

    /** The reading thread's loop: fill empty batches in order, until the stream ends, fails or this is closed. */
    private void read() {
        Request request = new Request();
        try {
            while (!closed) {
                Batch batch = empty.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    continue;
                }
                batch.size = 0;
                try {
                    while (batch.size < batch.arrivals.length && !closed && source.next(request)) {
                        batch.arrivals[batch.size] = request.arrivalMicros;
                        batch.models[batch.size] = request.model;
                        batch.services[batch.size] = request.serviceMicros;
                        batch.size++;
                    }
                    batch.last = batch.size < batch.arrivals.length;
                } catch (Throwable failure) {
                    // anything the source throws, checked exceptions thrown sneakily included, is the reader's to see
                    batch.last = true;
                    batch.failure = failure;
                }
                while (!closed && !full.offer(batch, CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    // the run has not taken the batches ahead yet
                }
                if (batch.last) {
                    return;
                }
            }
        } catch (InterruptedException stopped) {
            // closed: nothing more is read
        }
    }

    @Override
    public boolean next(Request into) {
        if (reader == null) {
            return source.next(into);
        }
        if (closed) {
            throw new IllegalStateException("the request source was closed");
        }
        while (current == null || at == current.size) {
            if (current != null) {
                if (current.last) {
                    return finish();
                }
                empty.add(current);
            }
            current = take();
            at = 0;
        }
        into.arrivalMicros = current.arrivals[at];
        into.model = current.models[at];
        into.serviceMicros = current.services[at];
        at++;
        return true;
    }

    /** At the end of the stream: false, or what the wrapped source threw, thrown again on every call after it. */
    private boolean finish() {
        Throwable failure = current.failure;
        if (failure != null) {
            throw ReadAhead.<RuntimeException>unchecked(failure);
        }
        return false;
    }

    /** Throws {@code failure} as it is, checked or not: the wrapped source threw it from the same method. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T unchecked(Throwable failure) throws T {
        throw (T) failure;
    }

    /** The next batch read; fails once this is closed, or when this thread is interrupted while it waits. */
    private Batch take() {
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("the request source was closed");
                }
                Batch batch = full.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    return batch;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the next requests");
        }
    }

    @Override
    public Seq<String> serviceTimes() {
        return serviceTimes;
    }

    /**
     * Stops the reading thread; a {@link #next} after it, or one waiting for requests on another thread, fails with an
     * {@link IllegalStateException}. Closing twice does nothing more.
     */
    @Override
    public void close() {
        if (reader != null && !closed) {
            closed = true;
            reader.interrupt();
        }
    }
}
