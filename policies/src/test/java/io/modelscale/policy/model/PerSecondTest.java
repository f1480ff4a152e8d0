package io.modelscale.policy.model;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.Array;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The primitive window arithmetic agrees with vavr's own on the same values: the sum with {@link Seq#sum()} bit for
 * bit (the policies' figures must not move by a rounding), the copies and comparisons with slicing a list.
 */
class PerSecondTest {

    @Test
    void theSumIsVavrsSumBitForBit() {
        AtomicInteger inexact = new AtomicInteger();
        AtomicInteger overflows = new AtomicInteger();
        qt().forAll(values()).checkAssert(values -> {
            double expected = List.ofAll(values).sum().doubleValue();
            if (Double.isInfinite(expected)) {
                overflows.incrementAndGet();
            }
            double plain = 0;
            for (double value : values) {
                plain += value;
            }
            if (plain != expected) {
                inexact.incrementAndGet();
            }
            assertThat(Double.doubleToLongBits(PerSecond.sum(values))).as("sum of %s", List.ofAll(values))
                .isEqualTo(Double.doubleToLongBits(expected));
        });
        // the compensation matters: a plain running sum differs from vavr's in some draws, which this one must not
        if (io.modelscale.core.arbitrary.Theories.reachChecked()) {
            assertThat(inexact.get()).as("draws where a plain sum differs").isGreaterThan(10);
            assertThat(overflows.get()).as("draws whose sum overflows").isGreaterThan(5);
        }
    }

    @Test
    void aSumThatOverflowsIsInfiniteAsVavrsIs() {
        // the compensation of an overflowing sum is not a number; vavr's sum falls back to the plain, infinite one,
        // and a policy reading a NaN would size to nothing where the infinite load sizes to its most
        double[][] cases = {{Double.MAX_VALUE, Double.MAX_VALUE}, {Double.POSITIVE_INFINITY},
            {1.0, Double.POSITIVE_INFINITY, 2.0}, {Double.MAX_VALUE, 1.0, Double.MAX_VALUE, 0.0}};
        for (double[] values : cases) {
            double expected = List.ofAll(values).sum().doubleValue();
            assertThat(expected).as("vavr's sum of %s", List.ofAll(values)).isInfinite();
            assertThat(PerSecond.sum(values)).as("sum of %s", List.ofAll(values)).isEqualTo(expected);
        }
    }

    @Test
    void copyLastTakesTheLastValuesOfAnyKindOfSeq() {
        qt().forAll(values(), Generate.range(0, 40), Generate.range(0, 2)).checkAssert((values, wanted, kind) -> {
            int count = Math.min(wanted, values.length);
            Seq<Double> window = kind == 0 ? List.ofAll(values) : kind == 1 ? Array.ofAll(values)
                : Vector.ofAll(values);
            double[] into = new double[count + 3];
            int end = PerSecond.copyLast(window, count, into, 2);
            assertThat(end).isEqualTo(2 + count);
            assertThat(List.ofAll(into).slice(2, 2 + count)).isEqualTo(List.ofAll(values).takeRight(count));
            assertThat(into[0]).isZero();
            assertThat(into[count + 2]).isZero();
        });
    }

    @Test
    void aWindowOfZerosIsSharedAndOtherWindowsHoldTheirValues() {
        AtomicInteger zeros = new AtomicInteger();
        qt().forAll(values(), Generate.range(0, 5)).checkAssert((values, from) -> {
            int start = Math.min(from, values.length);
            Seq<Double> expected = List.ofAll(values).drop(start);
            double[] window = PerSecond.window(new double[0], values, start);
            assertThat(PerSecond.boxed(window)).isEqualTo(expected);
            boolean allZero = expected.forAll(v -> Double.doubleToLongBits(v) == 0L);
            assertThat(PerSecond.isZeros(window)).as("shared zeros for %s", expected).isEqualTo(allZero);
            assertThat(PerSecond.isZeros(PerSecond.boxed(window))).isEqualTo(allZero);
            if (allZero) {
                zeros.incrementAndGet();
                assertThat(PerSecond.window(values.clone(), values, start)).isSameAs(window);
            } else {
                // a window of the same values is kept, not copied; one value changed gives a new window
                double[] again = PerSecond.unboxed(Array.ofAll(values).drop(start));
                assertThat(PerSecond.window(again, values, start)).isSameAs(again);
                double[] changed = values.clone();
                changed[values.length - 1] = values[values.length - 1] == 1 ? 2 : 1;
                double[] other = PerSecond.window(again, changed, start);
                assertThat(other).isNotSameAs(again).isNotSameAs(changed);
                assertThat(PerSecond.boxed(other)).isEqualTo(List.ofAll(changed).drop(start));
            }
        });
        if (io.modelscale.core.arbitrary.Theories.reachChecked()) {
            assertThat(zeros.get()).as("draws of all zeros").isGreaterThan(20);
        }
    }

    @Test
    void negativeZeroIsNotAZero() {
        double[] values = {0.0, -0.0};
        assertThat(PerSecond.isZeros(PerSecond.window(new double[0], values, 0))).isFalse();
        assertThat(PerSecond.window(new double[] {0.0, 0.0}, values, 0)).containsExactly(0.0, -0.0);
        assertThat(PerSecond.isZeros(PerSecond.unboxed(List.of(0.0, -0.0)))).isFalse();
    }

    @Test
    void onlyFiniteNonNegativeValuesPass() {
        assertThat(PerSecond.finiteNonNegative(List.of(0.0, 2.5))).isTrue();
        assertThat(PerSecond.finiteNonNegative(Array.of(0.0, -1.0))).isFalse();
        assertThat(PerSecond.finiteNonNegative(List.of(0.0, Double.NaN))).isFalse();
        assertThat(PerSecond.finiteNonNegative(Vector.of(Double.POSITIVE_INFINITY))).isFalse();
        assertThat(PerSecond.finiteNonNegative(Array.of(1.0, null))).isFalse();
    }

    /**
     * Up to 40 values, a third of draws all zeros, the rest with spread magnitudes (where rounding shows) and now and
     * then one near the largest double (where sums overflow).
     */
    private static Gen<double[]> values() {
        return Generate.range(0, 40).zip(Generate.longRange(0, Long.MAX_VALUE), Generate.range(0, 2),
            (n, seed, kind) -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = kind == 0 || random.nextInt(3) == 0 ? 0
                        : random.nextInt(40) == 0 ? Double.MAX_VALUE * random.nextDouble()
                        : random.nextDouble() * Math.pow(10, random.nextInt(-3, 12));
                }
                return values;
            });
    }
}
