package io.modelscale.simulation.report;

import java.util.Objects;

/**
 * One measured quantity.
 *
 * @param name  what it measures
 * @param value its value
 * @param unit  its unit, such as {@code replica-hours} or {@code ms}
 * @param meaning what it counts and what it leaves out, in one sentence for a reader of the report
 */
public record Metric(String name, double value, String unit, String meaning) {

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(meaning, "meaning");
    }
}
