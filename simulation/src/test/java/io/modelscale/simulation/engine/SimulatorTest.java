package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.cluster.Violation;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.report.Reports;
import io.vavr.collection.List;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    /**
     * The whole-cluster invariant check runs after every event. A cluster is an immutable value, so while an event
     * leaves it unchanged (the same object), the check's result is reused rather than computed again.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"documented", "seldonCore", "consolidating", "knative"})
    void defaultScenario_everyEventKeepsEveryClusterInvariant(String name) {
        Preset preset = preset(name);
        java.util.List<String> violations = new ArrayList<>();
        int[] counts = {0, 0};
        Cluster[] checked = {null};
        Report report = Simulator.run(DefaultScenario.scenario(), preset, DefaultScenario.SEED,
            new Simulator.Observer() {
                @Override
                public void afterEvent(Cluster cluster, long micros) {
                    counts[0]++;
                    if (cluster != checked[0]) {
                        counts[1]++;
                        checked[0] = cluster;
                        for (Violation violation : cluster.checkInvariants()) {
                            violations.add(micros + " us: " + violation.describe());
                        }
                    }
                }
            });
        assertThat(violations).isEmpty();
        assertThat(counts[0]).isGreaterThan(2 * 28_185);
        assertThat(counts[1]).isGreaterThan(10);
        countsAddUp(report);
        assertThat(report.value("requests")).isEqualTo(19_366 + 8_819);
    }

    @Test
    void replicaFailures_keepEveryInvariantAndPlaceTheLostModelsAgain() {
        Scenario calm = DefaultScenario.scenario();
        Settings s = calm.settings();
        Scenario failing = calm.withSettings(new Settings(s.start(), s.duration(), s.statsPeriod(), s.serverStartup(),
            s.modelLoad(), s.modelUnload(), s.concurrencyPerReplica(), s.slo(), s.flipFlopWindow(), 12));
        java.util.List<String> violations = new ArrayList<>();
        Report report = Simulator.run(failing, Presets.consolidating(), 3, new Simulator.Observer() {
            @Override
            public void afterEvent(Cluster cluster, long micros) {
                cluster.checkInvariants().forEach(v -> violations.add(micros + " us: " + v.describe()));
            }
        });
        assertThat(violations).isEmpty();
        assertThat(report.value("replica failures")).isGreaterThan(3);
        countsAddUp(report);
        assertThat(report.value("never served")).isLessThan(report.value("requests") / 10);
    }

    @Test
    void sameScenarioAndSeed_giveAByteIdenticalReport() {
        List<Preset> presets = List.of(Presets.documented(), Presets.seldonCore(), Presets.consolidating());
        String first = Reports.markdown(presets.map(p -> Simulator.run(DefaultScenario.scenario(), p, 7)))
            + Reports.timelineCsv(Simulator.run(DefaultScenario.scenario(), Presets.seldonCore(), 7));
        String second = Reports.markdown(presets.map(p -> Simulator.run(DefaultScenario.scenario(), p, 7)))
            + Reports.timelineCsv(Simulator.run(DefaultScenario.scenario(), Presets.seldonCore(), 7));
        assertThat(second).isEqualTo(first);
    }

    /** Every request met the SLO, started late, or was never served: the three add up to the requests. */
    static void countsAddUp(Report report) {
        double requests = report.value("requests");
        double met = Math.round(report.value("SLO attainment") * requests / 100);
        assertThat(met + report.value("started late") + report.value("never served")).isEqualTo(requests);
    }

    private static Preset preset(String name) {
        return name.equals("documented") ? Presets.documented()
            : name.equals("seldonCore") ? Presets.seldonCore()
            : name.equals("knative") ? Presets.documented().withModelPolicy(io.modelscale.policy.PolicyRegistry.standard().modelPolicy("model.knative").get())
            : Presets.consolidating();
    }
}
