package io.modelscale.simulation.report;

import io.vavr.collection.Seq;
import java.util.Locale;

/** Renders reports as a plain-text table, Markdown and CSV. Every number is formatted with {@link Locale#ROOT}. */
public final class Reports {

    private Reports() {
    }

    /**
     * The runs side by side: one row per metric, one column per preset, after a line for each alert
     * ({@link Report#alerts()}), so that unserved requests and unplaceable models are read first.
     */
    public static String table(Seq<Report> reports) {
        Seq<String> header = reports.map(Report::preset).prepend("metric").append("unit");
        Seq<Seq<String>> rows = reports.head().metrics().map(metric -> reports
            .map(r -> number(r.value(metric.name()))).prepend(metric.name()).append(metric.unit()));
        int[] widths = new int[header.size()];
        for (Seq<String> row : rows.prepend(header)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String alert : reports.flatMap(Report::alerts)) {
            out.append("!! ").append(alert).append('\n');
        }
        for (Seq<String> row : rows.prepend(header)) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean last = i == row.size() - 1;
                String padded = last ? cell : i == 0 ? String.format(Locale.ROOT, "%-" + widths[i] + "s", cell)
                    : String.format(Locale.ROOT, "%" + widths[i] + "s", cell);
                out.append(i == 0 ? "" : "  ").append(padded);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A Markdown report: the scenario, the seed and the comparison table. */
    public static String markdown(Seq<Report> reports) {
        StringBuilder out = new StringBuilder();
        out.append("# modelscale simulation: ").append(reports.head().scenario()).append("\n\n");
        Seq<String> alerts = reports.flatMap(Report::alerts);
        if (!alerts.isEmpty()) {
            out.append("## Read this first\n\n");
            alerts.forEach(alert -> out.append("- ").append(alert).append('\n'));
            out.append('\n');
        }
        out.append("Seed ").append(reports.head().seed()).append("; presets ")
            .append(reports.map(Report::preset).mkString(", ")).append(".\n\n");
        for (Report report : reports) {
            out.append("- **").append(report.preset()).append("**: ").append(report.setup().mkString("; "))
                .append('\n');
        }
        out.append('\n');
        out.append("| metric | ").append(reports.map(Report::preset).mkString(" | ")).append(" | unit |\n");
        out.append("| --- |").append(reports.map(r -> " ---: |").mkString()).append(" --- |\n");
        for (Metric metric : reports.head().metrics()) {
            out.append("| ").append(metric.name()).append(" | ")
                .append(reports.map(r -> number(r.value(metric.name()))).mkString(" | "))
                .append(" | ").append(metric.unit()).append(" |\n");
        }
        out.append("\n### What each metric means\n\n");
        for (Metric metric : reports.head().metrics()) {
            out.append("- **").append(metric.name()).append("** (").append(metric.unit()).append("): ")
                .append(metric.meaning()).append(".\n");
        }
        for (Report report : reports) {
            out.append("\n## ").append(report.preset()).append(": per model\n\n")
                .append("| model | requests | SLO attainment (%) | p50 wait (ms) | p99 wait (ms) | max wait (ms)"
                    + " | p50 outstanding/replica | p99 outstanding/replica | ScheduleFailed (s) |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Report.ModelRow row : report.models()) {
                out.append("| ").append(row.model()).append(" | ").append(row.requests()).append(" | ")
                    .append(number(row.sloAttainment())).append(" | ").append(number(row.p50WaitMillis())).append(" | ").append(number(row.p99WaitMillis()))
                    .append(" | ").append(number(row.maxWaitMillis())).append(" | ").append(row.p50Outstanding())
                    .append(" | ").append(row.p99Outstanding()).append(" | ")
                    .append(number(row.scheduleFailedSeconds())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The timeline of one run as CSV with a header. */
    public static String timelineCsv(Report report) {
        StringBuilder out = new StringBuilder("seconds,arrivals_per_second,in_flight,model_replicas,serving_replicas,"
            + "server_replicas,packing_gap,max_outstanding_per_replica\n");
        for (TimelineRow row : report.timeline()) {
            out.append(row.seconds()).append(',').append(number(row.arrivalsPerSecond())).append(',')
                .append(row.inFlight()).append(',').append(row.modelReplicas()).append(',')
                .append(row.servingReplicas()).append(',').append(row.serverReplicas()).append(',')
                .append(row.packingGap()).append(',').append(row.maxOutstanding()).append('\n');
        }
        return out.toString();
    }

    /** A number with up to two decimals, none for whole numbers. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
