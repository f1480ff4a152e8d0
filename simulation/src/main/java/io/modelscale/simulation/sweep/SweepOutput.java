package io.modelscale.simulation.sweep;

import io.modelscale.simulation.report.Interval;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a sweep writes: {@code sweep.csv} (every row, exact, the form shards are merged from), {@code sweep.md} (the
 * rows rounded, with each row's place on its preset's Pareto fronts) and two charts of cost against service,
 * {@code pareto-slo.png} and {@code pareto-p99.png}. Every output is a function of the rows alone, so a merged sweep
 * writes the same bytes as a sweep run in one process.
 */
public final class SweepOutput {

    /** The cost every chart puts on its x-axis. */
    public static final String COST = "server replica-hours";
    /** Service to maximise. */
    public static final String ATTAINMENT = "SLO attainment";
    /** Service to minimise. */
    public static final String P99 = "p99 wait";

    /** The charts a sweep draws. */
    public static final Seq<String> CHARTS = List.of("pareto-slo.png", "pareto-p99.png");

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189)};

    private SweepOutput() {
    }

    /** The rows as CSV: the configuration, then each metric's mean and 95 % half-width, every number exact. */
    public static String csv(Grid grid, Seq<SweepRow> rows) {
        StringBuilder out = new StringBuilder();
        Seq<String> names = rows.isEmpty() ? List.empty() : rows.head().names();
        Seq<String> header = List.of("index", "preset").appendAll(grid.axes().map(Grid.Axis::name)).append("seeds")
            .appendAll(names.flatMap(n -> List.of(n + " mean", n + " ci95")));
        try (CSVPrinter printer = new CSVPrinter(out, format().builder().setHeader(header.toJavaArray(String[]::new))
            .get())) {
            for (SweepRow row : rows) {
                java.util.List<Object> record = new java.util.ArrayList<>();
                record.add(row.index());
                record.add(row.preset());
                record.addAll(row.values().toJavaList());
                record.add(row.seeds());
                for (Interval interval : row.metrics()) {
                    record.add(Double.toString(interval.mean()));
                    record.add(Double.toString(interval.halfWidth()));
                }
                printer.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static final String BOUND_HEADER = "attainment,replica-hours mean,replica-hours ci95,seeds,models left out,"
        + "ceiling mean,ceiling ci95";

    /**
     * The clairvoyant bound as CSV ({@code bound.csv}): per attainment, the replica-hours' mean and 95 % half-width,
     * the seeds, the models left out, and the attainment ceiling's mean and half-width (a share in [0, 1]).
     */
    public static String boundCsv(Seq<BoundRow> bound) {
        StringBuilder out = new StringBuilder(BOUND_HEADER).append('\n');
        for (BoundRow row : bound) {
            out.append(row.attainment()).append(',').append(row.replicaHours().mean()).append(',')
                .append(row.replicaHours().halfWidth()).append(',').append(row.replicaHours().n()).append(',')
                .append(row.modelsLeftOut()).append(',').append(row.ceiling().mean()).append(',')
                .append(row.ceiling().halfWidth()).append('\n');
        }
        return out.toString();
    }

    /** The bound of a {@link #boundCsv}, or a message naming {@code source}, the line and what was expected. */
    public static Either<String, Seq<BoundRow>> readBound(String source, String text) {
        List<BoundRow> rows = List.empty();
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(BOUND_HEADER)) {
            boolean withoutCeiling = lines.length > 0 && BOUND_HEADER.startsWith(lines[0] + ",ceiling");
            return Either.left(source + " line 1: not a bound.csv header: expected " + BOUND_HEADER.replace(",", ", ")
                + (withoutCeiling ? " (this one has no ceiling columns: run the shard again)" : ""));
        }
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            try {
                if (cells.length != 7) {
                    throw new NumberFormatException(cells.length + " cells");
                }
                int seeds = Integer.parseInt(cells[3]);
                rows = rows.append(new BoundRow(Double.parseDouble(cells[0]), new Interval(Double.parseDouble(cells[1]),
                    Double.parseDouble(cells[2]), seeds), Integer.parseInt(cells[4]), new Interval(
                    Double.parseDouble(cells[5]), Double.parseDouble(cells[6]), seeds)));
            } catch (IllegalArgumentException e) {
                return Either.left(source + " line " + (i + 1) + ": '" + lines[i] + "' is not a bound row: expected"
                    + " seven numbers (" + e.getMessage() + ")");
            }
        }
        return Either.right(rows);
    }

    /**
     * The rows of a {@link #csv} written for {@code grid}, or a message naming {@code source}, the line and what was
     * expected.
     */
    public static Either<String, Seq<SweepRow>> read(String source, Reader reader, Grid grid) {
        List<SweepRow> rows = List.empty();
        try {
            Iterable<CSVRecord> records = format().builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(reader);
            java.util.List<String> header = null;
            for (CSVRecord record : records) {
                if (header == null) {
                    header = record.getParser().getHeaderNames();
                }
                int axes = grid.axes().size();
                int first = 3 + axes;
                if (header.size() < first || (header.size() - first) % 2 != 0 || record.size() != header.size()
                    || !List.ofAll(header.subList(2, 2 + axes)).equals(grid.axes().map(Grid.Axis::name))) {
                    return Either.left(source + " line " + record.getParser().getCurrentLineNumber()
                        + ": not a row of this sweep's grid (" + grid.signature() + ")");
                }
                Seq<String> names = List.ofAll(header.subList(first, header.size())).grouped(2)
                    .map(pair -> pair.head().substring(0, pair.head().length() - " mean".length())).toList();
                List<Interval> metrics = List.empty();
                int seeds = Integer.parseInt(record.get(first - 1));
                for (int i = first; i < header.size(); i += 2) {
                    metrics = metrics.append(new Interval(Double.parseDouble(record.get(i)),
                        Double.parseDouble(record.get(i + 1)), seeds));
                }
                List<String> values = List.empty();
                for (int i = 2; i < first - 1; i++) {
                    values = values.append(record.get(i));
                }
                rows = rows.append(new SweepRow(Integer.parseInt(record.get(0)), record.get(1), values, seeds, metrics,
                    names));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return Either.left(source + ": not a sweep.csv (" + e.getMessage() + ")");
        }
        return Either.right(rows);
    }

    /** The rows as a Markdown report: the grid, the seeds, then one line per configuration. */
    public static String markdown(String scenario, Grid grid, Seq<Long> seeds, Seq<SweepRow> rows,
                                  Seq<BoundRow> bound) {
        boolean[] sloFront = fronts(rows, ATTAINMENT, true);
        boolean[] p99Front = fronts(rows, P99, false);
        StringBuilder out = new StringBuilder("# modelscale sweep: ").append(scenario).append("\n\n")
            .append(rows.size()).append(rows.size() == 1 ? " configuration (" : " configurations (").append(grid.signature()).append("), each over ")
            .append(seeds.size()).append(seeds.size() == 1 ? " seed (" : " seeds (").append(seeds.mkString(", "))
            .append(")").append(seeds.size() > 1 ? "; each cell the mean ± the half-width of its 95 % confidence"
                + " interval" : "").append(".\n\nA configuration is on its preset's front when no other configuration"
                + " of the preset costs no more and serves at least as well, one of them strictly; the rest are"
                + " dominated.\n\n");
        out.append("| # | preset | ").append(grid.axes().map(a -> a.name() + " | ").mkString())
            .append("server replica-hours | SLO attainment (%) | p99 wait (ms) | never served | front (SLO) |"
                + " front (p99) |\n")
            .append("| ---: | --- | ").append(grid.axes().map(a -> "---: | ").mkString())
            .append("---: | ---: | ---: | ---: | --- | --- |\n");
        int i = 0;
        for (SweepRow row : rows) {
            out.append("| ").append(row.index()).append(" | ").append(row.preset()).append(" | ")
                .append(row.values().map(v -> (v.isEmpty() ? "-" : v) + " | ").mkString())
                .append(cell(row, COST)).append(" | ").append(cell(row, ATTAINMENT)).append(" | ")
                .append(cell(row, P99)).append(" | ").append(cell(row, "never served")).append(" | ")
                .append(sloFront[i] ? "on front" : "dominated").append(" | ")
                .append(p99Front[i] ? "on front" : "dominated").append(" |\n");
            i++;
        }
        out.append("\n## The clairvoyant bound\n\nThe server replica-hours a policy that knew every request in"
            + " advance would spend, with no start-up or load time, to start each share of requests within the SLO:"
            + " per stats period, each model's replicas from its actual load by Erlang's delay formula, each server"
            + " at the largest of its lower bounds (one replica of a model per server replica, memory with"
            + " overcommit, models larger than half a replica). A reference from the same queueing model, not a"
            + " proof: a policy may spend less by missing the share in some periods, or by packing models into the"
            + " overcommit and paying in reloads.");
        if (!bound.isEmpty()) {
            Interval ceiling = bound.head().ceiling();
            out.append(" With every model at its most replicas all the time, ").append(percent(ceiling))
                .append(" of requests would start within the SLO by the same formula, a period whose load is at or"
                    + " above those replicas' slots counting as missed (the ceiling");
            if (bound.exists(b -> !b.reachable())) {
                out.append("): by the queueing model an attainment above it is out of reach within the models' ranges,"
                    + " and its replica-hours are what the models' most replicas cost where the ranges bind, not its"
                    + " price");
            } else {
                out.append(")");
            }
            out.append(".");
        }
        out.append("\n\n| attainment | server replica-hours | within the models' ranges |\n| ---: | ---: | --- |\n");
        for (BoundRow row : bound) {
            out.append("| ").append(new java.math.BigDecimal(row.attainment() * 100).round(new java.math.MathContext(
                4)).stripTrailingZeros().toPlainString()).append(" % | ").append(row.replicaHours().format())
                .append(" | ").append(row.reachable() ? "yes" : "no: above the ceiling of " + percent(row.ceiling()))
                .append(" |\n");
        }
        if (bound.exists(b -> b.modelsLeftOut() > 0)) {
            out.append("\n").append(bound.head().modelsLeftOut()).append(" models fit no server and are left out of"
                + " the bound.\n");
        }
        return out.toString();
    }

    /**
     * Writes {@code pareto-slo.png} (cost against SLO attainment) and {@code pareto-p99.png} (cost against p99 wait)
     * into {@code directory}: per preset its configurations on the front joined by a line, and its dominated ones as
     * crosses in the same colour.
     */
    public static void charts(String scenario, Seq<SweepRow> rows, Seq<BoundRow> bound, Path directory)
        throws IOException {
        System.setProperty("java.awt.headless", "true");
        chart(scenario, rows, bound, ATTAINMENT, "SLO attainment (%)", true, directory.resolve("pareto-slo.png"));
        chart(scenario, rows, List.empty(), P99, "p99 wait (seconds)", false, directory.resolve("pareto-p99.png"));
    }

    private static void chart(String scenario, Seq<SweepRow> rows, Seq<BoundRow> bound, String service, String axis,
                              boolean higherIsBetter, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(960).height(540).title("Cost against " + service + " - "
            + scenario).xAxisTitle("server replica-hours").yAxisTitle(axis).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(10);
        // a narrow range of costs or waits would otherwise be labelled with every digit of a double
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        double scale = higherIsBetter ? 1 : 1 / 1000.0;
        int colour = 0;
        for (String preset : rows.map(SweepRow::preset).distinct()) {
            Seq<SweepRow> own = rows.filter(r -> r.preset().equals(preset));
            boolean[] front = Pareto.front(own.map(r -> r.mean(COST)), own.map(r -> r.mean(service)),
                higherIsBetter);
            Seq<SweepRow> onFront = own.zipWithIndex().filter(p -> front[p._2]).map(p -> p._1)
                .sortBy(r -> r.mean(COST));
            Seq<SweepRow> dominated = own.zipWithIndex().filter(p -> !front[p._2]).map(p -> p._1);
            Color color = PALETTE[colour++ % PALETTE.length];
            XYSeries line = chart.addSeries(preset + ": Pareto front", onFront.map(r -> r.mean(COST)).toJavaList(),
                onFront.map(r -> r.mean(service) * scale).toJavaList());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineColor(color);
            line.setMarkerColor(color);
            line.setLineStyle(new BasicStroke(2.5f));
            if (!dominated.isEmpty()) {
                XYSeries rest = chart.addSeries(preset + ": dominated", dominated.map(r -> r.mean(COST))
                    .toJavaList(), dominated.map(r -> r.mean(service) * scale).toJavaList());
                rest.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                rest.setMarker(SeriesMarkers.CROSS);
                rest.setMarkerColor(color);
            }
        }
        Seq<BoundRow> reachable = bound.filter(BoundRow::reachable);
        if (!bound.isEmpty() && !rows.isEmpty()) {
            // The ceiling across the chart: the share the queueing model says the models' ranges allow.
            double ceiling = bound.head().ceiling().mean() * 100;
            double left = Math.min(rows.map(r -> r.mean(COST)).min().get(), reachable.isEmpty() ? Double.MAX_VALUE
                : reachable.map(b -> b.replicaHours().mean()).min().get());
            double right = Math.max(rows.map(r -> r.mean(COST)).max().get(), reachable.isEmpty() ? 0
                : reachable.map(b -> b.replicaHours().mean()).max().get());
            XYSeries top = chart.addSeries("attainment ceiling (every model at its most replicas)",
                java.util.List.of(left, right), java.util.List.of(ceiling, ceiling));
            top.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            top.setMarker(SeriesMarkers.NONE);
            top.setLineColor(Color.GRAY);
            top.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 3f}, 0f));
        }
        if (!reachable.isEmpty()) {
            XYSeries reference = chart.addSeries("clairvoyant bound", reachable.map(b -> b.replicaHours().mean())
                .toJavaList(), reachable.map(b -> b.attainment() * 100).toJavaList());
            reference.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            reference.setMarker(SeriesMarkers.DIAMOND);
            reference.setLineColor(Color.BLACK);
            reference.setMarkerColor(Color.BLACK);
            reference.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        }
        io.modelscale.simulation.report.AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out,
            BitmapEncoder.BitmapFormat.PNG));
    }

    /** Per row, whether it is on its own preset's front for {@code service}. */
    static boolean[] fronts(Seq<SweepRow> rows, String service, boolean higherIsBetter) {
        boolean[] on = new boolean[rows.size()];
        for (String preset : rows.map(SweepRow::preset).distinct()) {
            Seq<Integer> own = List.range(0, rows.size()).filter(i -> rows.get(i).preset().equals(preset));
            boolean[] front = Pareto.front(own.map(i -> rows.get(i).mean(COST)), own.map(i -> rows.get(i)
                .mean(service)), higherIsBetter);
            for (int k = 0; k < own.size(); k++) {
                on[own.get(k)] = front[k];
            }
        }
        return on;
    }

    /** A share as a percentage to two decimals, with its half-width when there is one. */
    private static String percent(Interval share) {
        return String.format(java.util.Locale.ROOT, share.n() > 1 ? "%.2f ± %.2f %%" : "%.2f %%", share.mean() * 100,
            share.halfWidth() * 100);
    }

    private static String cell(SweepRow row, String name) {
        Interval interval = row.metrics().get(row.names().indexOf(name));
        return interval.format();
    }

    private static CSVFormat format() {
        return CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
    }

    /** Reads a whole CSV text; for tests. */
    static Either<String, Seq<SweepRow>> read(String source, String text, Grid grid) {
        return read(source, new StringReader(text), grid);
    }
}
