package io.modelscale.simulation.report;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run's figures over time as PNG charts, one series per preset. Series differ in colour (opaque), width and
 * dash, the first widest and solid, each later one thinner and dashed and drawn over the earlier ones, so that a series
 * running on top of another leaves both visible. The time axis is in minutes, or in hours for runs longer than three hours.
 */
public final class Charts {

    /**
     * One chart: its file name, title, axis label and the points it draws of a run (x in seconds); an input chart
     * draws one series when every preset saw the same values, as they do when they replay the same traffic.
     */
    private record Spec(String file, String title, String axis, Function<Report, double[][]> points,
                        boolean input) {
    }

    private static final List<Spec> CHARTS = List.of(
        new Spec("load.png", "Load", "requests per second", timeline(TimelineRow::arrivalsPerSecond), true),
        new Spec("slo-attainment.png", "SLO attainment by arrival window (never served: a miss)",
            "% within the SLO", windows(WindowRow::sloAttainment), false),
        new Spec("p99-wait.png", "p99 wait by arrival window (never served: its wait so far)",
            "seconds", windows(w -> w.p99WaitMillis() / 1000), false),
        new Spec("model-replicas.png", "Model replicas serving requests (summed over models)", "replicas",
            timeline(TimelineRow::servingReplicas), false),
        new Spec("server-replicas.png", "Server replicas (running or starting)", "replicas",
            timeline(TimelineRow::serverReplicas), false),
        new Spec("replica-hours.png", "Server replica-hours so far (cost)", "replica-hours",
            Charts::replicaHours, false),
        new Spec("outstanding.png", "Most requests outstanding per serving replica", "requests",
            timeline(TimelineRow::maxOutstanding), false));

    /** The file names of every chart {@link #write} draws, in order. */
    public static final Seq<String> FILES = CHARTS.map(Spec::file);

    private static final float[][] DASHES = {null, {10f, 5f}, {3f, 4f}, {12f, 4f, 3f, 4f}};
    /**
     * The series' colours, opaque (the charting library's own are translucent, so a thin line drawn over a wide one
     * blends into it): the Okabe–Ito palette, told apart with any colour vision, in its order.
     */
    static final java.awt.Color[] COLOURS = {new java.awt.Color(0x0072B2), new java.awt.Color(0xE69F00),
        new java.awt.Color(0x009E73), new java.awt.Color(0xD55E00), new java.awt.Color(0xCC79A7),
        new java.awt.Color(0x56B4E9), new java.awt.Color(0x000000), new java.awt.Color(0xF0E442)};
    private static final float[] WIDTHS = {4.5f, 3f, 1.8f, 1.2f};

    /** Tick steps on the time axis, in its unit: the first that gives at most a dozen ticks. */
    private static final List<Double> STEPS = List.of(1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0);

    /** One line of a chart: its legend, the x values (in the chart's unit) and the y values. */
    record Series(String name, double[] x, double[] values) {
    }

    private Charts() {
    }

    /** The lines the chart written to {@code file} draws for {@code reports}. */
    static Seq<Series> series(String file, Seq<Report> reports) {
        return series(CHARTS.find(spec -> spec.file().equals(file)).get(), reports, unit(reports).seconds());
    }

    /** The x-axis unit for these runs: hours for runs longer than three hours, else minutes. */
    static Unit unit(Seq<Report> reports) {
        long longest = reports.flatMap(r -> r.timeline().lastOption().map(TimelineRow::seconds)).max().getOrElse(0L);
        return longest > 3 * 3600 ? Unit.HOURS : Unit.MINUTES;
    }

    /** A time axis unit. */
    enum Unit {
        MINUTES(60, "minutes"), HOURS(3600, "hours");

        private final double seconds;
        private final String label;

        Unit(double seconds, String label) {
            this.seconds = seconds;
            this.label = label;
        }

        double seconds() {
            return seconds;
        }
    }

    private static Seq<Series> series(Spec spec, Seq<Report> reports, double unitSeconds) {
        Seq<Series> each = reports.map(r -> {
            double[][] points = spec.points().apply(r);
            return new Series(r.preset(), Arrays.stream(points[0]).map(s -> s / unitSeconds).toArray(), points[1]);
        }).filter(series -> series.x().length > 0);
        boolean same = spec.input() && each.size() > 1 && each.forAll(series ->
            Arrays.equals(series.x(), each.head().x()) && Arrays.equals(series.values(), each.head().values()));
        return same ? List.of(new Series("every preset (the same traffic)", each.head().x(), each.head().values()))
            : each;
    }

    /**
     * Writes every chart of {@link #FILES} into {@code directory}.
     *
     * @return the files written
     */
    public static Seq<Path> write(Seq<Report> reports, Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Unit unit = unit(reports);
        List<Path> written = List.empty();
        for (Spec spec : CHARTS) {
            XYChart chart = new XYChartBuilder().width(960).height(420).title(spec.title()
                + " - " + reports.head().scenario()).xAxisTitle(unit.label).yAxisTitle(spec.axis()).build();
            chart.getStyler().setLegendVisible(true);
            chart.getStyler().setXAxisDecimalPattern(unit == Unit.HOURS ? "#0.#" : "#0");
            chart.getStyler().setYAxisDecimalPattern("#,##0.##");
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setXAxisMax(Math.ceil(end(reports) / unit.seconds()));
            double span = Math.ceil(end(reports) / unit.seconds());
            double step = STEPS.find(candidate -> span / candidate <= 12).getOrElse(span);
            chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x / step - Math.rint(x / step)) < 1e-6
                ? String.format(java.util.Locale.ROOT, "%.0f", x) : "");
            chart.getStyler().setYAxisMin(0.0);
            if (spec.file().equals("slo-attainment.png")) {
                chart.getStyler().setYAxisMax(100.0);
            }
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            int index = 0;
            for (Series series : series(spec, reports, unit.seconds())) {
                XYSeries drawn = chart.addSeries(series.name(), series.x(), series.values());
                drawn.setMarker(SeriesMarkers.NONE);
                drawn.setLineColor(COLOURS[index % COLOURS.length]);
                int style = Math.min(index, WIDTHS.length - 1);
                drawn.setLineStyle(DASHES[style] == null ? new BasicStroke(WIDTHS[style])
                    : new BasicStroke(WIDTHS[style], BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASHES[style],
                        0f));
                index++;
            }
            Path file = directory.resolve(spec.file());
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
            written = written.append(file);
        }
        return written;
    }

    /** The last second any run reached. */
    private static double end(Seq<Report> reports) {
        return reports.flatMap(r -> r.timeline().lastOption().map(TimelineRow::seconds)).max().getOrElse(1L);
    }

    private static Function<Report, double[][]> timeline(java.util.function.ToDoubleFunction<TimelineRow> value) {
        return r -> new double[][] {r.timeline().toJavaStream().mapToDouble(TimelineRow::seconds).toArray(),
            r.timeline().toJavaStream().mapToDouble(value).toArray()};
    }

    /** A window's figure at its end, leaving out windows without measured requests. */
    private static Function<Report, double[][]> windows(java.util.function.ToDoubleFunction<WindowRow> value) {
        return r -> {
            Seq<WindowRow> rows = r.windows().filter(w -> w.requests() > 0);
            return new double[][] {rows.toJavaStream().mapToDouble(WindowRow::toSeconds).toArray(),
                rows.toJavaStream().mapToDouble(value).toArray()};
        };
    }

    /** The cumulative server replica-hours at each stats tick: replicas held over the period before it. */
    private static double[][] replicaHours(Report report) {
        Seq<TimelineRow> rows = report.timeline();
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        double total = 0;
        long previous = 0;
        int i = 0;
        for (TimelineRow row : rows) {
            total += row.serverReplicas() * (row.seconds() - previous) / 3600.0;
            previous = row.seconds();
            x[i] = row.seconds();
            y[i++] = total;
        }
        return new double[][] {x, y};
    }
}
