package io.modelscale.simulation.report;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a run's timelines as PNG charts, one series per preset. */
public final class Charts {

    /**
     * One chart: its file name, title, axis label and the value it plots; an input chart draws one series when
     * every preset saw the same values, as they do when they replay the same traffic.
     */
    private record Spec(String file, String title, String axis, ToDoubleFunction<TimelineRow> value, boolean input) {
    }

    private static final List<Spec> CHARTS = List.of(
        new Spec("load.png", "Load", "requests per second", TimelineRow::arrivalsPerSecond, true),
        new Spec("model-replicas.png", "Model replicas (desired)", "replicas", TimelineRow::modelReplicas, false),
        new Spec("server-replicas.png", "Server replicas (running or starting)", "replicas",
            TimelineRow::serverReplicas, false),
        new Spec("outstanding.png", "Most requests outstanding per serving replica", "requests",
            TimelineRow::maxOutstanding, false));

    /** One line of a chart: its legend, the minutes and the values. */
    record Series(String name, double[] minutes, double[] values) {
    }

    private Charts() {
    }

    /** The lines the chart written to {@code file} draws for {@code reports}. */
    static Seq<Series> series(String file, Seq<Report> reports) {
        return series(CHARTS.find(spec -> spec.file().equals(file)).get(), reports);
    }

    private static Seq<Series> series(Spec spec, Seq<Report> reports) {
        Seq<Series> each = reports.map(r -> new Series(r.preset(),
            r.timeline().toJavaStream().mapToDouble(t -> t.seconds() / 60.0).toArray(),
            r.timeline().toJavaStream().mapToDouble(spec.value()).toArray()))
            .filter(series -> series.minutes().length > 0);
        boolean same = spec.input() && each.size() > 1 && each.forAll(series ->
            Arrays.equals(series.minutes(), each.head().minutes()) && Arrays.equals(series.values(),
                each.head().values()));
        return same ? List.of(new Series("every preset (the same traffic)", each.head().minutes(),
            each.head().values())) : each;
    }

    /**
     * Writes {@code load.png}, {@code model-replicas.png}, {@code server-replicas.png} and {@code outstanding.png} into
     * {@code directory}.
     *
     * @return the files written
     */
    public static Seq<Path> write(Seq<Report> reports, Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = List.empty();
        for (Spec spec : CHARTS) {
            XYChart chart = new XYChartBuilder().width(960).height(420).title(spec.title()
                + " - " + reports.head().scenario()).xAxisTitle("minutes").yAxisTitle(spec.axis()).build();
            chart.getStyler().setLegendVisible(true);
            chart.getStyler().setXAxisDecimalPattern("#0");
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            for (Series series : series(spec, reports)) {
                chart.addSeries(series.name(), series.minutes(), series.values()).setMarker(SeriesMarkers.NONE);
            }
            Path file = directory.resolve(spec.file());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            written = written.append(file);
        }
        return written;
    }
}
