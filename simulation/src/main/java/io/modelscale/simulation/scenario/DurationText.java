package io.modelscale.simulation.scenario;

import io.vavr.control.Option;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as the scenario files, the command line and Prometheus write one: one or more parts, each a number, whole
 * or decimal, and a unit among {@code ms}, {@code s}, {@code m}, {@code h} and (where days are allowed) {@code d},
 * such as {@code 500ms}, {@code 1.5m}, {@code 1h30m} or {@code 1d}. Each reader checks its own bounds and words its
 * own message.
 */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern FORM = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private DurationText() {
    }

    /**
     * The nanoseconds {@code text} writes, exactly (a decimal may leave a fraction of a nanosecond), or none when it
     * is not a number and a unit, or when its unit is {@code d} and {@code days} does not hold. Leading and trailing
     * blanks are ignored.
     */
    public static Option<BigDecimal> nanos(String text, boolean days) {
        String written = text.strip();
        if (!FORM.matcher(written).matches()) {
            return Option.none();
        }
        // one or more parts, as Go and Prometheus write durations: 1h30m, 1m30.5s
        BigDecimal total = BigDecimal.ZERO;
        Matcher part = PART.matcher(written);
        while (part.find()) {
            long unit = switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            if (unit == 86_400_000_000_000L && !days) {
                return Option.none();
            }
            total = total.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return Option.some(total);
    }
}
