package io.modelscale.simulation.report;

import java.util.Objects;

/**
 * One measured quantity.
 *
 * @param name  what it measures
 * @param value its value
 * @param unit  its unit, such as {@code replica-hours} or {@code ms}
 */
public record Metric(String name, double value, String unit) {

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }
}
