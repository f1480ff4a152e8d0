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
}
