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
        return seedTable(reports.map(io.vavr.collection.List::of));
    }

    /**
     * Runs of several seeds side by side: one column per preset, each cell the metric's mean over that preset's
     * seeds ± the half-width of its 95 % confidence interval ({@link Interval}); with one seed, the value alone. Every
     * alert of every seed comes first, naming its seed when there are several.
     *
     * @param runs per preset, its reports, one per seed, the same seeds in the same order for every preset
     */
    public static String seedTable(Seq<? extends Seq<Report>> runs) {
        Seq<Report> first = runs.map(Seq::head);
        Seq<String> header = first.map(Report::preset).prepend("metric").append("unit");
        Seq<Seq<String>> rows = first.head().metrics().map(metric -> runs
            .map(seeds -> interval(seeds, metric.name()).format()).prepend(metric.name()).append(metric.unit()));
        int[] widths = new int[header.size()];
        for (Seq<String> row : rows.prepend(header)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String alert : alerts(runs)) {
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
        if (runs.head().size() > 1) {
            out.append("mean ± half-width of the 95 % confidence interval over ").append(runs.head().size())
                .append(" seeds (").append(runs.head().map(r -> String.valueOf(r.seed())).mkString(", "))
                .append(")\n");
        }
        return out.toString();
    }

    /** The metric called {@code name} over the runs of one preset. */
    public static Interval interval(Seq<Report> seeds, String name) {
        return Interval.of(seeds.map(r -> r.value(name)));
    }

    private static Seq<String> alerts(Seq<? extends Seq<Report>> runs) {
        boolean several = runs.head().size() > 1;
        return runs.flatMap(seeds -> seeds.flatMap(r -> r.alerts().map(a -> several ? "seed " + r.seed() + ", " + a
            : a)));
    }

    /** A Markdown report: the scenario, the seed and the comparison table. */
    public static String markdown(Seq<Report> reports) {
        return seedMarkdown(reports.map(io.vavr.collection.List::of));
    }

    /**
     * A Markdown report of runs over several seeds: alerts first, then each preset's configuration, the table of means
     * ± confidence intervals ({@link #seedTable}), what each metric means, and the first seed's per-model tables.
     *
     * @param runs per preset, its reports, one per seed, the same seeds in the same order for every preset
     */
    public static String seedMarkdown(Seq<? extends Seq<Report>> runs) {
        return seedMarkdown(runs, io.vavr.collection.List.empty());
    }

    /**
     * {@link #seedMarkdown(Seq)} with what loading the scenario read past or assumed listed among the things to read
     * first, after the alerts.
     */
    public static String seedMarkdown(Seq<? extends Seq<Report>> runs, Seq<String> warnings) {
        Seq<Report> reports = runs.map(Seq::head);
        StringBuilder out = new StringBuilder();
        out.append("# modelscale simulation: ").append(reports.head().scenario()).append("\n\n");
        Seq<String> alerts = alerts(runs).appendAll(warnings.map(w -> "warning: " + w));
        if (!alerts.isEmpty()) {
            out.append("## Read this first\n\n");
            alerts.forEach(alert -> out.append("- ").append(alert).append('\n'));
            out.append('\n');
        }
        int seeds = runs.head().size();
        out.append(seeds == 1 ? "Seed " + reports.head().seed()
                : seeds + " seeds (" + runs.head().map(r -> String.valueOf(r.seed())).mkString(", ")
                    + "), each cell the mean ± the half-width of its 95 % confidence interval")
            .append("; presets ").append(reports.map(Report::preset).mkString(", ")).append(".\n\n");
        for (Report report : reports) {
            out.append("- **").append(report.preset()).append("**\n");
            report.setup().forEach(line -> out.append("  - ").append(line).append('\n'));
        }
        out.append('\n');
        out.append("| metric | ").append(reports.map(Report::preset).mkString(" | ")).append(" | unit |\n");
        out.append("| --- |").append(reports.map(r -> " ---: |").mkString()).append(" --- |\n");
        for (Metric metric : reports.head().metrics()) {
            out.append("| ").append(metric.name()).append(" | ")
                .append(runs.map(r -> interval(r, metric.name()).format()).mkString(" | "))
                .append(" | ").append(metric.unit()).append(" |\n");
        }
        out.append("\n### What each metric means\n\n");
        for (Metric metric : reports.head().metrics()) {
            out.append("- **").append(metric.name()).append("** (").append(metric.unit()).append("): ")
                .append(metric.meaning()).append(".\n");
        }
        if (seeds > 1) {
            out.append("\nThe per-model tables, the timelines and the charts are those of seed ")
                .append(reports.head().seed()).append(".\n");
        }
        for (Report report : reports) {
            out.append("\n## ").append(report.preset()).append(": per model\n\n")
                .append("Requests and waits as in the table above; outstanding/replica is the requests in service or"
                    + " queued per serving replica, sampled every stats period (what Seldon's lag threshold is"
                    + " compared with); ScheduleFailed is the time the model could not be placed.\n\n")
                .append("| model | requests | SLO attainment (%) | p50 wait (ms) | p99 wait (ms) | max wait (ms)"
                    + " | p50 outstanding/replica | p99 outstanding/replica | ScheduleFailed (s) |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Report.ModelRow row : report.models()) {
                // no request, no wait: a model without requests has no waits to show, as it has no attainment
                boolean none = row.requests() == 0;
                out.append("| ").append(row.model()).append(" | ").append(row.requests()).append(" | ")
                    .append(number(row.sloAttainment())).append(" | ")
                    .append(none ? "n/a" : number(row.p50WaitMillis()))
                    .append(" | ").append(none ? "n/a" : number(row.p99WaitMillis()))
                    .append(" | ").append(none ? "n/a" : number(row.maxWaitMillis())).append(" | ")
                    .append(row.p50Outstanding())
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

    /** The columns of the decision log, in order. */
    public static final java.util.List<String> DECISION_COLUMNS = java.util.List.of("preset", "seed", "seconds",
        "kind", "subject", "from", "to", "policy", "reason", "detail");

    /**
     * Every scaling decision of the runs as CSV (RFC 4180, with a header of {@link #DECISION_COLUMNS}), in preset then
     * time order.
     */
    public static String decisionsCsv(Seq<Report> reports) {
        StringBuilder out = new StringBuilder();
        try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(out,
            org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader(DECISION_COLUMNS.toArray(String[]::new))
                .setRecordSeparator('\n').get())) {
            for (Report report : reports) {
                for (DecisionRow row : report.decisions()) {
                    printer.printRecord(report.preset(), report.seed(), number(row.seconds()), row.kind(),
                        row.subject(), row.from(), row.to(), row.policy(), row.reason(), row.detail());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Every scaling decision of the runs as JSON Lines: one object per decision, keyed by {@link #DECISION_COLUMNS}. */
    public static String decisionsJsonLines(Seq<Report> reports) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (Report report : reports) {
            for (DecisionRow row : report.decisions()) {
                java.util.Map<String, Object> line = new java.util.LinkedHashMap<>();
                line.put("preset", report.preset());
                line.put("seed", report.seed());
                // a whole second as a whole number, as the CSV writes it
                line.put("seconds", row.seconds() == Math.rint(row.seconds()) && Math.abs(row.seconds()) < 1e15
                    ? (Object) (long) row.seconds() : (Object) row.seconds());
                line.put("kind", row.kind());
                line.put("subject", row.subject());
                line.put("from", row.from());
                line.put("to", row.to());
                line.put("policy", row.policy());
                line.put("reason", row.reason());
                line.put("detail", row.detail());
                try {
                    out.append(mapper.writeValueAsString(line)).append('\n');
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("a decision could not be written as JSON", e);
                }
            }
        }
        return out.toString();
    }

    /**
     * A number with up to two decimals, none for whole numbers; a value that two decimals would round to 0 or 100,
     * which it is not (99.9998 %, 0.0004), keeps its first significant decimals ({@code 99.9998}); {@code n/a} for NaN
     * (a share of no requests).
     */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        String two = String.format(Locale.ROOT, "%.2f", value);
        double rounded = Double.parseDouble(two);
        if (rounded != 0 && Math.abs(rounded) != 100) {
            return two;
        }
        double distance = Math.abs(value - Math.rint(value));
        int decimals = (int) Math.min(12, Math.ceil(-Math.log10(distance)));
        return new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN)
            .stripTrailingZeros().toPlainString();
    }
}
