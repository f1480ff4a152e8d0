package io.modelscale.generators;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.vavr.control.Option;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Generators of the small core values: memory quantities (as bytes and as Kubernetes text), raw scaling fields and
 * valid scaling specs. Every generator builds valid values by construction.
 */
public final class CoreGenerators {

    private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};

    private CoreGenerators() {
    }

    /** Byte counts across the whole range, skewed towards round binary and decimal amounts. */
    public static Gen<Long> byteCounts() {
        Gen<Long> any = SourceDSL.longs().between(0, Long.MAX_VALUE - 1);
        Gen<Long> small = SourceDSL.longs().between(0, 1_000_000);
        Gen<Long> binary = Generate.range(0, 8191).zip(Generate.range(1, 6),
            (n, power) -> power == 6 ? (long) (n % 8) << 60 : (long) n << (10 * power));
        Gen<Long> decimal = Generate.range(0, 9_000).zip(Generate.range(1, 5),
            (n, power) -> n * (long) Math.pow(10, 3 * power));
        return Generate.oneOf(any, small, binary, decimal);
    }

    /**
     * Texts that Kubernetes and {@link MemoryQuantity#parse(String)} accept: an integer with a binary suffix, or a
     * number with a decimal suffix or exponent whose fraction is no finer than the unit.
     */
    public static Gen<String> quantityTexts() {
        Gen<String> binary = Generate.range(0, 4096).zip(Generate.range(0, 4),
            (n, i) -> n + BINARY[i]);
        Gen<String> decimal = Generate.range(0, 999_999).zip(Generate.range(0, 4), Generate.range(0, 4),
            (n, fraction, i) -> withFraction(n, Math.min(fraction, 3 * i)) + DECIMAL[i]);
        Gen<String> exponent = Generate.range(0, 99_999).zip(Generate.range(0, 12), Generate.range(0, 2),
            (n, e, f) -> withFraction(n, Math.min(f, e)) + (e % 2 == 0 ? "e" : "E") + e);
        return Generate.oneOf(binary, decimal, exponent);
    }

    /** Optional scaling fields as a resource might carry them, negative values included. */
    public static Gen<Option<Integer>> scalingFields() {
        return Generate.range(-3, 12).zip(Generate.booleans(), (n, present) -> present ? Option.some(n) : Option.none());
    }

    /**
     * Valid scaling specs with autoscaling on and off, reaching the minimum and the maximum: each draw picks a
     * range then a count in it, at either end half the time.
     */
    public static Gen<ScalingSpec> scalingSpecs() {
        return in -> {
            int min = Generate.range(0, 3).generate(in);
            boolean bounded = Generate.booleans().generate(in);
            int max = Math.max(1, min) + Generate.range(0, 3).generate(in);
            int low = min;
            int high = bounded ? max : min + 3;
            int pick = Generate.range(0, 3).generate(in);
            int replicas = pick == 0 ? low : pick == 1 ? high : Generate.range(low, high).generate(in);
            return new ScalingSpec(replicas, min, bounded ? MaxReplicas.of(max) : MaxReplicas.unbounded());
        };
    }

    private static String withFraction(int n, int fractionDigits) {
        if (fractionDigits == 0) {
            return Integer.toString(n);
        }
        String digits = String.format("%0" + (fractionDigits + 1) + "d", n);
        int point = digits.length() - fractionDigits;
        return digits.substring(0, point) + "." + digits.substring(point);
    }
}
