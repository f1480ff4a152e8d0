package io.modelscale.benchmark;

import io.modelscale.policy.Preset;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.simulation.engine.BuiltInScenarios;
import io.modelscale.simulation.engine.Fidelity;
import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.Simulator;
import io.modelscale.simulation.engine.SyntheticScenario;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's speed, in simulated requests per second, on the seeded synthetic scenario of 1,000 models (Zipf
 * popularity, a day's cycle around 500 requests per second).
 *
 * <p>{@code simulateHour} runs one simulated hour under each preset and each fidelity (the synthetic requests have
 * their own service times, so {@code full} changes how they are served: per-replica least-request queues and server
 * replicas shared at half speed at 64 requests); {@code baselineTraceOnly} only generates the
 * same hour's requests, the floor any simulation of them costs, once for each fidelity (the requests do not depend
 * on the preset). Both are wall-clock throughput, and
 * {@code simulateHour} produces its requests on a second thread while it runs ({@code ReadAhead}): on a machine of
 * two or more processors its time is the longer of the two threads' work, not their sum. Both report the secondary result {@code requests} in
 * requests per second. {@code simulateDay} runs the whole day once, with {@code -Xmx1g}, and reports its time.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SimulationBenchmark}
 */
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class SimulationBenchmark {

    /** The traffic: the scenarios of one fidelity, seed 1. */
    @State(Scope.Benchmark)
    public static class Traffic {
        /** How requests are served: {@code simple} or {@code full} (per-replica queues, shared server replicas). */
        @Param({"simple", "full"})
        public String fidelity;

        Scenario hour;
        Scenario day;

        /** Builds the hour's and the day's scenarios. */
        @Setup(Level.Trial)
        public void setUp() {
            Fidelity level = Fidelity.parse(fidelity).get();
            hour = BuiltInScenarios.served(SyntheticScenario.of(1_000, Duration.ofHours(1), 500, 1), level);
            day = BuiltInScenarios.served(SyntheticScenario.of(1_000, Duration.ofHours(24), 500, 1), level);
        }
    }

    /** The control plane: one preset of the standard registry. */
    @State(Scope.Benchmark)
    public static class ControlPlane {
        /** The preset the simulated control plane runs: each of the registry's built-in presets. */
        @Param({"documented", "seldonCore", "consolidating", "rayServe", "knative", "hpa"})
        public String preset;

        Preset chosen;

        /** Looks the preset up. */
        @Setup(Level.Trial)
        public void setUp() {
            chosen = PolicyRegistry.standard().preset(preset)
                .getOrElseThrow(problem -> new IllegalArgumentException(problem.describe()));
        }
    }

    /** Counts the requests each invocation simulated, so that JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Requests {
        /** Requests simulated. */
        public long requests;
    }

    /**
     * One simulated hour. An hour takes about a second, and the compiler is still at work after the first ten: warm
     * up for 50 s, then measure 50.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 5, time = 10)
    @Measurement(iterations = 5, time = 10)
    public Report simulateHour(Traffic traffic, ControlPlane control, Requests counter) {
        Report report = Simulator.run(traffic.hour, control.chosen, 1);
        counter.requests += (long) report.value("requests");
        return report;
    }

    /** The same hour's requests generated and read, without simulating them; warmed up and measured as long. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 5, time = 10)
    @Measurement(iterations = 5, time = 10)
    public long baselineTraceOnly(Traffic traffic, Requests counter) {
        RequestSource source = traffic.hour.traffic().apply(1L);
        Request request = new Request();
        long sum = 0;
        long count = 0;
        while (source.next(request)) {
            sum += request.serviceMicros + request.model;
            count++;
        }
        counter.requests += count;
        return sum;
    }

    /** The whole simulated day, once. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public Report simulateDay(Traffic traffic, ControlPlane control, Requests counter) {
        Report report = Simulator.run(traffic.day, control.chosen, 1);
        counter.requests += (long) report.value("requests");
        return report;
    }
}
