package io.modelscale.simulation.report;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a run's timelines as PNG charts, one series per preset. */
public final class Charts {

    /** One chart: its file name, title, axis label and the value it plots. */
    private record Spec(String file, String title, String axis, ToDoubleFunction<TimelineRow> value) {
    }

    private static final List<Spec> CHARTS = List.of(
        new Spec("load.png", "Load", "requests per second", TimelineRow::arrivalsPerSecond),
        new Spec("model-replicas.png", "Model replicas (desired)", "replicas", TimelineRow::modelReplicas),
        new Spec("server-replicas.png", "Server replicas (running or starting)", "replicas",
            TimelineRow::serverReplicas),
        new Spec("outstanding.png", "Most requests outstanding per serving replica", "requests",
            TimelineRow::maxOutstanding));

    private Charts() {
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
            for (Report report : reports) {
                double[] x = report.timeline().toJavaStream().mapToDouble(r -> r.seconds() / 60.0).toArray();
                double[] y = report.timeline().toJavaStream().mapToDouble(spec.value()).toArray();
                if (x.length == 0) {
                    continue;
                }
                chart.addSeries(report.preset(), x, y).setMarker(SeriesMarkers.NONE);
            }
            Path file = directory.resolve(spec.file());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            written = written.append(file);
        }
        return written;
    }
}
