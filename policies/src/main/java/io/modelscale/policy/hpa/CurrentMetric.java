package io.modelscale.policy.hpa;

import io.vavr.control.Option;
import java.util.Objects;

/**
 * One metric's current value as the HPA controller writes it to {@code status.currentMetrics}, in milli-units.
 *
 * <ul>
 *   <li>Object and External metrics with a {@code Value} target: {@code value}, the object's value or the sum of the
 *       external series;</li>
 *   <li>Object and External metrics with an {@code AverageValue} target: {@code averageValue}, that value divided
 *       by {@code status.replicas} and rounded up (none when {@code status.replicas} is zero);</li>
 *   <li>Pods metrics, and Resource metrics with an {@code AverageValue} target: {@code averageValue}, the mean of the
 *       samples counted (ready pods' and samples for pods no longer listed), before missing pods are filled in;</li>
 *   <li>Resource metrics with a {@code Utilization} target: {@code averageUtilization}, the whole percentage of the
 *       requests used, and {@code averageValue}, the mean sample of the pods with a request.</li>
 * </ul>
 * A metric that could not be computed has no value at all, as in Kubernetes' empty status entry.
 *
 * @param name               the metric's name
 * @param valueMilli         {@code current.value}, where the status has one
 * @param averageValueMilli  {@code current.averageValue}, where the status has one
 * @param averageUtilization {@code current.averageUtilization} in percent, for Resource utilization targets
 */
public record CurrentMetric(String name, Option<Long> valueMilli, Option<Long> averageValueMilli,
                            Option<Integer> averageUtilization) {

    public CurrentMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueMilli, "valueMilli");
        Objects.requireNonNull(averageValueMilli, "averageValueMilli");
        Objects.requireNonNull(averageUtilization, "averageUtilization");
    }

    /** The empty entry of a metric that could not be computed. */
    public static CurrentMetric unknown(String name) {
        return new CurrentMetric(name, Option.none(), Option.none(), Option.none());
    }

    /** A {@code value}. */
    static CurrentMetric value(String name, long milli) {
        return new CurrentMetric(name, Option.some(milli), Option.none(), Option.none());
    }

    /** An {@code averageValue}. */
    static CurrentMetric averageValue(String name, Option<Long> milli) {
        return new CurrentMetric(name, Option.none(), milli, Option.none());
    }

    /** Whether the metric was computed. */
    public boolean isKnown() {
        return valueMilli.isDefined() || averageValueMilli.isDefined() || averageUtilization.isDefined();
    }

    /** As the status would show it, in milli-units: {@code name value=… averageValue=… averageUtilization=…%}. */
    public String describe() {
        if (!isKnown()) {
            return name + " unknown";
        }
        return name + valueMilli.map(v -> " value=" + v + "m").getOrElse("")
            + averageValueMilli.map(v -> " averageValue=" + v + "m").getOrElse("")
            + averageUtilization.map(u -> " averageUtilization=" + u + "%").getOrElse("");
    }
}
