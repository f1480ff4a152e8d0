package io.modelscale.policy.model;

import java.time.Duration;
import java.util.Locale;
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
 * @param slots               the fewest requests served at once that keep the waits within the target
 *                            ({@link ErlangC#serversFor})
 * @param concurrency         requests one replica serves at once
 * @param replicas            the replicas those slots take: {@code ceil(slots ÷ concurrency)}, at least one while
 *                            requests arrive or wait
 * @param waitTarget          the wait target
 * @param attainment          the share of requests that should start within the wait target
 */
public record LoadSizing(double arrivalsPerSecond, long queued, Duration serviceTime, boolean measured,
                         double erlangs, long slots, int concurrency, int replicas, Duration waitTarget,
                         double attainment) {

    public LoadSizing {
        Objects.requireNonNull(serviceTime, "serviceTime");
        Objects.requireNonNull(waitTarget, "waitTarget");
    }

    /** The sizing in words, with its numbers. */
    public String describe() {
        return String.format(Locale.ROOT, "%.3g/s%s x %s s service%s = %.3g Erlangs; %s %% of waits within %s s"
                + " need %d slot%s, %d replica%s of %d", arrivalsPerSecond,
            queued > 0 ? " + " + queued + " queued" : "", seconds(serviceTime), measured ? "" : " (assumed)", erlangs,
            new java.math.BigDecimal(attainment * 100).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString(),
            seconds(waitTarget), slots, slots == 1 ? "" : "s", replicas, replicas == 1 ? "" : "s", concurrency);
    }

    private static String seconds(Duration duration) {
        return new java.math.BigDecimal(duration.toNanos()).movePointLeft(9).round(new java.math.MathContext(4))
            .stripTrailingZeros().toPlainString();
    }
}
