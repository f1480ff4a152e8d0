package io.modelscale.simulation.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.policy.Presets;
import io.modelscale.simulation.engine.DefaultScenario;
import io.modelscale.simulation.engine.Simulator;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** What each chart draws: the traffic once when every preset replayed the same, the rest once per preset. */
class ChartsTest {

    private final List<Report> reports = List.of(Presets.documented(), Presets.consolidating())
        .map(preset -> Simulator.run(DefaultScenario.scenario(), preset, 7));

    @Test
    void theLoadChart_drawsTheSharedTrafficOnce_andTheOthersOneLinePerPreset() {
        assertThat(Charts.series("load.png", reports).map(Charts.Series::name))
            .containsExactly("every preset (the same traffic)");
        assertThat(Charts.series("load.png", reports).head().values())
            .isEqualTo(reports.head().timeline().toJavaStream().mapToDouble(TimelineRow::arrivalsPerSecond).toArray());
        assertThat(Charts.series("model-replicas.png", reports).map(Charts.Series::name))
            .containsExactly("documented", "consolidating");
        assertThat(Charts.series("load.png", reports.take(1)).map(Charts.Series::name)).containsExactly("documented");
    }

    /** Two presets that hold the same server replicas throughout still get one series each. */
    @Test
    void identicalOutputs_areStillDrawnOncePerPreset() {
        Report same = reports.head();
        Report twin = new Report(same.scenario(), "twin", same.seed(), same.metrics(), same.models(), same.timeline(),
            same.setup(), same.windows(), same.decisions());
        assertThat(Charts.series("server-replicas.png", List.of(same, twin)).map(Charts.Series::name))
            .containsExactly("documented", "twin");
    }

    /**
     * Two presets with the same server replicas throughout: the second's dashed line, drawn over the first's wider
     * one, shows in its own colour along the whole run (the library's translucent colours blended it into the first's),
     * and so does the first's on either side of it.
     */
    @Test
    void aSeriesOnTopOfAnother_leavesBothVisibleInTheirColours(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws java.io.IOException {
        Report same = reports.head();
        Report twin = new Report(same.scenario(), "twin", same.seed(), same.metrics(), same.models(), same.timeline(),
            same.setup(), same.windows(), same.decisions());
        Charts.write(List.of(same, twin), dir);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(dir.resolve("server-replicas.png").toFile());
        assertThat(pixelsNear(image, Charts.COLOURS[1])).as("the second series' colour").isGreaterThan(300);
        assertThat(pixelsNear(image, Charts.COLOURS[0])).as("the first series' colour").isGreaterThan(300);
    }

    private static int pixelsNear(java.awt.image.BufferedImage image, java.awt.Color colour) {
        int near = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                java.awt.Color pixel = new java.awt.Color(image.getRGB(x, y));
                if (Math.abs(pixel.getRed() - colour.getRed()) + Math.abs(pixel.getGreen() - colour.getGreen())
                    + Math.abs(pixel.getBlue() - colour.getBlue()) < 40) {
                    near++;
                }
            }
        }
        return near;
    }

    /**
     * The cost chart adds up replicas × period: a timeline of 2 replicas for two 30-minute periods and 4 for the next
     * reaches 1, 2 and 4 replica-hours; a run longer than three hours is drawn in hours.
     */
    @Test
    void replicaHours_accumulate_andLongRunsAreDrawnInHours() {
        List<TimelineRow> rows = List.of(row(1800, 2), row(3600, 2), row(5400, 4));
        Report report = new Report("s", "p", 1, List.empty(), List.empty(), rows, List.empty(), List.empty(),
            List.empty());
        Charts.Series cost = Charts.series("replica-hours.png", List.of(report)).head();
        assertThat(cost.values()).containsExactly(1.0, 2.0, 4.0);
        assertThat(cost.x()).containsExactly(30.0, 60.0, 90.0);
        Report day = new Report("s", "p", 1, List.empty(), List.empty(), List.of(row(3600, 1), row(4 * 3600, 1)),
            List.empty(), List.empty(), List.empty());
        assertThat(Charts.series("server-replicas.png", List.of(day)).head().x()).containsExactly(1.0, 4.0);
    }

    private static TimelineRow row(long seconds, int servers) {
        return new TimelineRow(seconds, 0, 0, 0, 0, servers, 0, 0);
    }
}
