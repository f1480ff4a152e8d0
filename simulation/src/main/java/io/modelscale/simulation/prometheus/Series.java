package io.modelscale.simulation.prometheus;

import io.vavr.collection.SortedMap;
import java.util.Arrays;
import java.util.Objects;

/**
 * One series of a query's answer: its labels and its samples in time order.
 *
 * @param labels  the series' labels
 * @param seconds each sample's time, in seconds since the epoch
 * @param values  each sample's value, as Prometheus wrote it (NaN and infinities included)
 */
public record Series(SortedMap<String, String> labels, double[] seconds, double[] values) {

    public Series {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(seconds, "seconds");
        Objects.requireNonNull(values, "values");
        if (seconds.length != values.length) {
            throw new IllegalArgumentException("samples: " + seconds.length + " times but " + values.length
                + " values");
        }
    }

    /** The series' labels as PromQL writes them: {@code {model="iris", server="mlserver"}}. */
    public String describe() {
        return labels.map(e -> e._1 + "=\"" + e._2 + "\"").mkString("{", ", ", "}");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series s && labels.equals(s.labels) && Arrays.equals(seconds, s.seconds)
            && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, Arrays.hashCode(seconds), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return describe() + " " + seconds.length + " samples";
    }
}
