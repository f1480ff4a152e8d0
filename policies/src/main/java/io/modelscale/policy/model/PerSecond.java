package io.modelscale.policy.model;

import io.vavr.collection.Array;
import io.vavr.collection.IndexedSeq;
import io.vavr.collection.Seq;

/**
 * Arithmetic on windows of per-second values ({@link ModelSignals#outstandingPerSecond()} and the policies' memory
 * of them) over primitive arrays, so that a decision on them boxes nothing it need not.
 */
final class PerSecond {

    /** Windows of zeros of each length up to this one are shared values: an idle model's window is one of them. */
    private static final int SHARED_ZEROS = 256;

    @SuppressWarnings("unchecked")
    private static final Seq<Double>[] ZEROS = new Seq[SHARED_ZEROS + 1];

    static {
        for (int n = 0; n <= SHARED_ZEROS; n++) {
            ZEROS[n] = Array.fill(n, 0.0);
        }
    }

    private PerSecond() {
    }

    /** Whether {@code window} is a shared window of zeros, known to hold nothing else without reading it. */
    static boolean isZeros(Seq<Double> window) {
        int size = window.size();
        return size <= SHARED_ZEROS && ZEROS[size] == window;
    }

    /** Windows of zeros of each length up to {@link #SHARED_ZEROS}, as arrays, never written. */
    private static final double[][] ZERO_ARRAYS = new double[SHARED_ZEROS + 1][];

    static {
        for (int n = 0; n <= SHARED_ZEROS; n++) {
            ZERO_ARRAYS[n] = new double[n];
        }
    }

    /** Whether {@code window} is a shared array of zeros, known to hold nothing else without reading it. */
    static boolean isZeros(double[] window) {
        return window.length <= SHARED_ZEROS && ZERO_ARRAYS[window.length] == window;
    }

    /**
     * {@code values[from..]} as a window that is never written: the shared array of zeros when they are all zero
     * (and not too many), else {@code before} when it holds exactly these values, else a copy.
     */
    static double[] window(double[] before, double[] values, int from) {
        int length = values.length - from;
        if (length <= SHARED_ZEROS) {
            boolean zeros = true;
            for (int i = from; i < values.length && zeros; i++) {
                zeros = Double.doubleToLongBits(values[i]) == 0L;
            }
            if (zeros) {
                return ZERO_ARRAYS[length];
            }
        }
        if (before.length == length && java.util.Arrays.equals(before, 0, length, values, from, values.length)) {
            return before;
        }
        return java.util.Arrays.copyOfRange(values, from, values.length);
    }

    /** {@code window}'s values as a sequence: the shared window of zeros for a shared array of zeros. */
    static Seq<Double> boxed(double[] window) {
        if (isZeros(window)) {
            return ZEROS[window.length];
        }
        Double[] boxes = new Double[window.length];
        for (int i = 0; i < window.length; i++) {
            boxes[i] = window[i];
        }
        return Array.of(boxes);
    }

    /** {@code window}'s values as an array that is never written: the shared one of zeros for a window of them. */
    static double[] unboxed(Seq<Double> window) {
        int size = window.size();
        if (isZeros(window)) {
            return ZERO_ARRAYS[size];
        }
        double[] values = new double[size];
        copyLast(window, size, values, 0);
        return window(values, values, 0);
    }

    /** Whether every value of {@code window} is a finite number, zero or more (none is null). */
    static boolean finiteNonNegative(Seq<Double> window) {
        if (isZeros(window)) {
            return true;
        }
        if (window instanceof IndexedSeq<Double> indexed) {
            for (int i = 0, n = indexed.size(); i < n; i++) {
                Double v = indexed.get(i);
                if (v == null || !(v >= 0) || v.isInfinite()) {
                    return false;
                }
            }
            return true;
        }
        for (Double v : window) {
            if (v == null || !(v >= 0) || v.isInfinite()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the last {@code count} values of {@code window} into {@code into} from {@code at}; returns the index
     * after them.
     */
    static int copyLast(Seq<Double> window, int count, double[] into, int at) {
        int size = window.size();
        int skip = size - count;
        if (isZeros(window)) {
            java.util.Arrays.fill(into, at, at + count, 0.0);
            return at + count;
        }
        if (window instanceof IndexedSeq<Double> indexed) {
            for (int i = skip; i < size; i++) {
                into[at++] = indexed.get(i);
            }
            return at;
        }
        int seen = 0;
        for (Double value : window) {
            if (seen++ >= skip) {
                into[at++] = value;
            }
        }
        return at;
    }

    /**
     * The sum of {@code values}, with Neumaier's compensation (the running sum's lost low-order parts added back at
     * the end), the summation {@link Seq#sum()} performs on doubles, so that the two agree bit for bit: where the
     * sum overflows, the compensation is not a number, and the sum is the plain one, infinite.
     */
    static double sum(double[] values) {
        double sum = 0;
        double lost = 0;
        double plain = 0;
        for (double value : values) {
            double next = sum + value;
            lost += Math.abs(sum) >= Math.abs(value) ? (sum - next) + value : (value - next) + sum;
            sum = next;
            plain += value;
        }
        double compensated = sum + lost;
        return Double.isNaN(compensated) && Double.isInfinite(plain) ? plain : compensated;
    }
}
