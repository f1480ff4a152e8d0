package io.modelscale.simulation;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.policy.Preset;
import io.modelscale.simulation.cli.Main;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.Simulator;
import io.modelscale.simulation.report.Report;
import java.io.PrintWriter;
import java.io.StringWriter;

/** What the simulation's tests run: the command line with captured streams, and runs that keep their clusters. */
public final class TestRuns {

    private TestRuns() {
    }

    /** What one command line printed and returned. */
    public record CliResult(int code, String out, String err) {
    }

    /** Runs {@code modelscale ARGS} with captured standard output and error. */
    public static CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliResult(code, out.toString(), err.toString());
    }

    /** A run's report with the cluster as the run started and as it ended. */
    public record Observed(Report report, Cluster first, Cluster last) {
    }

    /** Runs the scenario, keeping the first and the last cluster it saw. */
    public static Observed observed(Scenario scenario, Preset preset, long seed) {
        Cluster[] seen = {null, null};
        Report report = Simulator.run(scenario, preset, seed, new Simulator.Observer() {
            @Override
            public void afterEvent(Cluster cluster, long micros) {
                if (seen[0] == null) {
                    seen[0] = cluster;
                }
                seen[1] = cluster;
            }
        });
        return new Observed(report, seen[0], seen[1]);
    }
}
