package io.modelscale.core.memory;

import io.modelscale.core.Problem;
import io.vavr.control.Either;
import java.math.BigInteger;

/**
 * An amount of memory in whole bytes, read from and written as a Kubernetes quantity.
 *
 * <p>Parsing follows Kubernetes' {@code resource.Quantity} as Seldon Core 2 converts a Model's {@code spec.memory}
 * to bytes ({@code shared/spec/seldon-core-2.md} §4.6): an optional sign, a decimal number ({@code 12}, {@code 1.5},
 * {@code .5}, {@code 5.}), then one suffix:
 * <ul>
 *   <li>binary: {@code Ki Mi Gi Ti Pi Ei} = 2<sup>10</sup> … 2<sup>60</sup>;</li>
 *   <li>decimal: none, {@code k M G T P E} = 10<sup>3</sup> … 10<sup>18</sup>, and {@code m u n} = 10<sup>-3</sup>,
 *       10<sup>-6</sup>, 10<sup>-9</sup>;</li>
 *   <li>exponent: {@code e} or {@code E} followed by a signed integer, as in {@code 1e3}.</li>
 * </ul>
 * Only quantities Kubernetes converts to an integer are accepted: a binary suffix takes no fraction at all
 * ({@code 1.5Gi} is rejected, {@code 1536Mi} accepted), and a decimal value may not have digits below one byte
 * ({@code 1.5G} is 1,500,000,000 bytes, while {@code 100m}, {@code 1000m} and {@code 1.0} are rejected, as
 * Kubernetes' {@code AsInt64} rejects them). Negative values and values beyond {@link Long#MAX_VALUE} are rejected.
 * Unlike Kubernetes, which falls back to an arbitrary-precision path for very long digit strings and very large
 * binary values, every integral value that fits a {@code long} is accepted.
 *
 * @param bytes the amount, never negative
 */
public record MemoryQuantity(long bytes) implements Comparable<MemoryQuantity> {

    /** No memory: a model without a memory request, which always fits. */
    public static final MemoryQuantity ZERO = new MemoryQuantity(0);

    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL_SUFFIXES = {"", "k", "M", "G", "T", "P", "E"};
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String EXPECTED_SUFFIXES =
        "one of Ki Mi Gi Ti Pi Ei, k M G T P E, m u n, or an exponent such as e3";

    public MemoryQuantity {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
    }

    /** The given number of bytes. */
    public static MemoryQuantity ofBytes(long bytes) {
        return new MemoryQuantity(bytes);
    }

    /** Parses a quantity for a field called {@code memory}; see {@link #parse(String, String)}. */
    public static Either<Problem, MemoryQuantity> parse(String text) {
        return parse("memory", text);
    }

    /**
     * Parses a Kubernetes quantity into whole bytes.
     *
     * @param field the field the text came from, named in the problem
     * @param text  the quantity as written, such as {@code 100Ki}
     * @return the quantity, or a problem naming the field, the text and why it is not a whole number of bytes
     */
    public static Either<Problem, MemoryQuantity> parse(String field, String text) {
        if (text == null) {
            return Either.left(Problem.of(field, Problem.MISSING, "a memory quantity is required, such as 100Ki"));
        }
        if (text.isEmpty()) {
            return Either.left(Problem.of(field, "", "an empty string is not a memory quantity: write one such as 100Ki"));
        }
        if (!text.strip().equals(text)) {
            return Either.left(bad(field, text, "has spaces around it: write the quantity alone, such as 100Ki"));
        }
        int pos = 0;
        boolean negative = false;
        char first = text.charAt(0);
        if (first == '+' || first == '-') {
            negative = first == '-';
            pos = 1;
        }
        int integerStart = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        String integerDigits = text.substring(integerStart, pos);
        String fractionDigits = "";
        if (pos < text.length() && text.charAt(pos) == '.') {
            int fractionStart = ++pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            fractionDigits = text.substring(fractionStart, pos);
        }
        if (integerDigits.isEmpty() && fractionDigits.isEmpty()) {
            return Either.left(bad(field, text, "does not start with a number: write digits then a suffix, such as 100Ki"));
        }
        String suffix = text.substring(pos);
        BigInteger digits = new BigInteger(integerDigits + fractionDigits);
        if (negative && digits.signum() != 0) {
            return Either.left(bad(field, text, "is negative: memory must be zero or more bytes"));
        }
        int binaryPower = indexOf(BINARY_SUFFIXES, suffix);
        if (binaryPower > 0) {
            if (!fractionDigits.isEmpty()) {
                return Either.left(bad(field, text, "is not a whole number of bytes: a binary suffix (" + suffix
                    + ") takes an integer, so write it with a smaller unit, such as 1536Mi for 1.5Gi"));
            }
            return fit(field, text, digits.shiftLeft(10 * binaryPower));
        }
        Integer exponent = decimalExponent(suffix);
        if (exponent == null) {
            return Either.left(bad(field, text, "has an unknown suffix '" + suffix + "': expected " + EXPECTED_SUFFIXES));
        }
        long scale = (long) exponent - fractionDigits.length();
        if (scale < 0) {
            return Either.left(bad(field, text, "is not a whole number of bytes: Kubernetes converts to bytes only"
                + " quantities without digits below one byte (no 'm', 'u', 'n', and no fraction finer than its unit)"));
        }
        if (digits.signum() == 0) {
            return Either.right(ZERO);
        }
        if (scale > 19) {
            return Either.left(tooLarge(field, text));
        }
        return fit(field, text, digits.multiply(BigInteger.TEN.pow((int) scale)));
    }

    /**
     * Writes the amount as the shortest exact Kubernetes quantity: the largest binary suffix that divides it, else
     * the largest decimal suffix that divides it, else plain bytes. {@link #parse(String)} reads it back unchanged.
     */
    public String format() {
        if (bytes == 0) {
            return "0";
        }
        for (int power = BINARY_SUFFIXES.length - 1; power > 0; power--) {
            long unit = 1L << (10 * power);
            if (bytes % unit == 0) {
                return (bytes / unit) + BINARY_SUFFIXES[power];
            }
        }
        long unit = 1_000_000_000_000_000_000L;
        for (int power = DECIMAL_SUFFIXES.length - 1; power > 0; power--, unit /= 1000) {
            if (bytes % unit == 0) {
                return (bytes / unit) + DECIMAL_SUFFIXES[power];
            }
        }
        return Long.toString(bytes);
    }

    /** This amount plus another, saturating at {@link Long#MAX_VALUE}. */
    public MemoryQuantity plus(MemoryQuantity other) {
        long sum = bytes + other.bytes;
        return new MemoryQuantity(sum < 0 ? Long.MAX_VALUE : sum);
    }

    @Override
    public int compareTo(MemoryQuantity other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return format();
    }

    private static Either<Problem, MemoryQuantity> fit(String field, String text, BigInteger value) {
        if (value.compareTo(LONG_MAX) > 0) {
            return Either.left(tooLarge(field, text));
        }
        return Either.right(new MemoryQuantity(value.longValueExact()));
    }

    private static Problem tooLarge(String field, String text) {
        return bad(field, text, "is too large: at most " + Long.MAX_VALUE + " bytes (about 8Ei) fit");
    }

    private static Problem bad(String field, String text, String why) {
        return Problem.of(field, text, "'" + text + "' " + why);
    }

    private static Integer decimalExponent(String suffix) {
        switch (suffix) {
            case "": return 0;
            case "k": return 3;
            case "M": return 6;
            case "G": return 9;
            case "T": return 12;
            case "P": return 15;
            case "E": return 18;
            case "m": return -3;
            case "u": return -6;
            case "n": return -9;
            default: break;
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            String number = suffix.substring(1);
            int start = number.charAt(0) == '+' || number.charAt(0) == '-' ? 1 : 0;
            if (start == number.length() || !number.substring(start).chars().allMatch(MemoryQuantity::isDigit)) {
                return null;
            }
            try {
                return Integer.parseInt(number);
            } catch (NumberFormatException tooManyDigits) {
                return null;
            }
        }
        return null;
    }

    private static int indexOf(String[] suffixes, String suffix) {
        for (int i = 0; i < suffixes.length; i++) {
            if (suffixes[i].equals(suffix)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
