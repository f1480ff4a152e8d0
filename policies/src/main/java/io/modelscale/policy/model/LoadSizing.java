package io.modelscale.policy.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How many replicas a model's offered load needs to meet a wait target, with every number behind the answer
 * ({@link SloAwarePolicy#size}).
 *
 * @param arrivalsPerSecond   the arrival rate of the last period
 * @param queued              the requests waiting now, to be drained within the policy's drain time
 * @param serviceTime         the mean service time used: the last period's, else the last one measured, else the
 *                            policy's assumption
 * @param measured            whether {@code serviceTime} was measured (this period or earlier) rather than assumed
 * @param erlangs             the offered load: (arrivals per second + queued ÷ drain time) × service time
 * @param busyOutstanding     when the policy sizes to the busy seconds ({@link SloAwarePolicy.Config#busySeconds()})
 *                            and the signals carry them, the requests outstanding in those seconds (the
 *                            attainment quantile of the period's per-second means)
 * @param slots               the fewest requests served at once that keep the waits within the target
 *                            ({@link ErlangC#serversFor}), and no fewer than the busy seconds' requests
 * @param concurrency         requests one replica serves at once
 * @param replicas            the replicas those slots take: {@code ceil(slots ÷ concurrency)}, at least one while
 *                            requests arrive or wait
 * @param waitTarget          the wait target
 * @param attainment          the share of requests that should start within the wait target
 */
public record LoadSizing(double arrivalsPerSecond, long queued, Duration serviceTime, boolean measured,
                         double erlangs, io.vavr.control.Option<Double> busyOutstanding, long slots, int concurrency,
                         int replicas, Duration waitTarget, double attainment) {

    /** A sizing from the mean load alone, without busy seconds. */
    public LoadSizing(double arrivalsPerSecond, long queued, Duration serviceTime, boolean measured, double erlangs,
                      long slots, int concurrency, int replicas, Duration waitTarget, double attainment) {
        this(arrivalsPerSecond, queued, serviceTime, measured, erlangs, io.vavr.control.Option.none(), slots,
            concurrency, replicas, waitTarget, attainment);
    }

    public LoadSizing {
        Objects.requireNonNull(serviceTime, "serviceTime");
        Objects.requireNonNull(busyOutstanding, "busyOutstanding");
        if (busyOutstanding.exists(b -> !(b >= 0) || Double.isInfinite(b))) {
            throw new IllegalArgumentException("busyOutstanding must be finite, zero or more, got "
                + busyOutstanding.get());
        }
        Objects.requireNonNull(waitTarget, "waitTarget");
        if (!(arrivalsPerSecond >= 0) || Double.isInfinite(arrivalsPerSecond) || !(erlangs >= 0)
            || Double.isInfinite(erlangs)) {
            throw new IllegalArgumentException("arrivalsPerSecond and erlangs must be finite, zero or more, got "
                + arrivalsPerSecond + " and " + erlangs);
        }
        if (queued < 0 || slots < 0 || replicas < 0 || concurrency < 1) {
            throw new IllegalArgumentException("queued, slots and replicas must not be negative and concurrency must"
                + " be at least 1, got " + queued + ", " + slots + ", " + replicas + " and " + concurrency);
        }
        if (serviceTime.isNegative() || waitTarget.isNegative()) {
            throw new IllegalArgumentException("serviceTime and waitTarget must not be negative, got " + serviceTime
                + " and " + waitTarget);
        }
        if (!(attainment > 0 && attainment < 1)) {
            throw new IllegalArgumentException("attainment must be in (0, 1), got " + attainment);
        }
    }

    /**
     * The sizing in words, with its numbers: rates and loads to three significant digits, times and the attainment
     * to four. Built on every stats period for every model with traffic, so it formats by hand rather than through
     * {@link String#format}.
     */
    public String describe() {
        StringBuilder out = new StringBuilder(160);
        significant(out, arrivalsPerSecond, 3, false).append("/s");
        if (queued > 0) {
            out.append(" + ").append(queued).append(" queued");
        }
        out.append(" x ");
        significant(out, serviceTime.toNanos() / 1e9, 4, true).append(" s service");
        if (!measured) {
            out.append(" (assumed)");
        }
        out.append(" = ");
        significant(out, erlangs, 3, false).append(" Erlangs; ");
        significant(out, attainment * 100, 4, true).append(" % of waits within ");
        significant(out, waitTarget.toNanos() / 1e9, 4, true).append(" s need ").append(slots)
            .append(slots == 1 ? " slot" : " slots");
        if (busyOutstanding.isDefined()) {
            out.append(" (the busy seconds held ");
            significant(out, busyOutstanding.get(), 3, false).append(" requests at once)");
        }
        out.append(", ").append(replicas).append(replicas == 1 ? " replica" : " replicas")
            .append(" of ").append(concurrency);
        return out.toString();
    }

    /**
     * Appends {@code value} to {@code digits} significant digits in plain notation, as {@code %.3g} prints values
     * from 0.0001 to below 10^digits; when {@code strip}, trailing zeros dropped and larger values as whole numbers,
     * as a {@link java.math.BigDecimal} rounded to that many digits prints them plainly; other values as {@code %g}
     * does. It rounds the double's binary value scaled by a power of ten, so at an exact decimal tie (1.005 to three
     * digits) the last digit may differ from {@code %g}'s, which is all a report line needs.
     */
    static StringBuilder significant(StringBuilder out, double value, int digits, boolean strip) {
        if (value == 0) {
            out.append(strip ? "0" : "0." + "0".repeat(digits - 1));
            return out;
        }
        double magnitude = Math.abs(value);
        int exponent = (int) Math.floor(Math.log10(magnitude));
        int decimals = digits - 1 - exponent;
        double scaled = Math.round(magnitude * Math.pow(10, decimals));
        if (scaled >= Math.pow(10, digits)) {  // rounding carried into another digit, as 9.999 to 10.0
            decimals--;
            scaled = Math.round(magnitude * Math.pow(10, decimals));
        }
        if (strip && decimals < 0 && magnitude < 1e15) {  // a whole number, rounded in its higher digits
            long unit = (long) Math.pow(10, -decimals);
            return out.append(value < 0 ? "-" : "").append(Math.round(magnitude / unit) * unit);
        }
        if (!(magnitude >= 1e-4) || decimals < 0 || decimals > 18 || !Double.isFinite(value)) {
            return out.append(String.format(java.util.Locale.ROOT, "%." + digits + "g", value));
        }
        String whole = Long.toString((long) scaled);
        if (whole.length() <= decimals) {
            whole = "0".repeat(decimals - whole.length() + 1) + whole;
        }
        String integer = whole.substring(0, whole.length() - decimals);
        String fraction = whole.substring(whole.length() - decimals);
        if (strip) {
            int end = fraction.length();
            while (end > 0 && fraction.charAt(end - 1) == '0') {
                end--;
            }
            fraction = fraction.substring(0, end);
        }
        if (value < 0) {
            out.append('-');
        }
        out.append(integer);
        if (!fraction.isEmpty()) {
            out.append('.').append(fraction);
        }
        return out;
    }
}
