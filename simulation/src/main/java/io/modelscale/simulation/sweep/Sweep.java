package io.modelscale.simulation.sweep;

import io.modelscale.simulation.engine.Scenario;
import io.modelscale.simulation.engine.Simulator;
import io.modelscale.simulation.report.Interval;
import io.modelscale.simulation.report.Metric;
import io.modelscale.simulation.report.Report;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a {@link Grid} over a scenario: every configuration of one shard with every seed, on a pool of threads. Each
 * run is independent and its result lands in its configuration's place, so the rows are the same for any number of
 * threads, and the shards of a grid together hold exactly the rows of the whole.
 */
public final class Sweep {

    private Sweep() {
    }

    /**
     * One shard of a sweep: the configurations whose index is {@code shard} modulo {@code shards}.
     *
     * @param index  the shard, from 0
     * @param count  how many shards
     */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, got " + index + "/" + count);
            }
        }

        /** The whole grid as one shard. */
        public static Shard whole() {
            return new Shard(0, 1);
        }

        boolean holds(int configuration) {
            return configuration % count == index;
        }
    }

    /**
     * The rows of the shard's configurations, in grid order.
     *
     * @param scenario the scenario
     * @param grid     the grid
     * @param seeds    the seeds every configuration runs with
     * @param shard    which configurations to run
     * @param threads  how many runs at once
     * @param progress told the number of runs done after each one (from any thread)
     */
    public static Seq<SweepRow> run(Scenario scenario, Grid grid, Seq<Long> seeds, Shard shard, int threads,
                                    IntConsumer progress) {
        Seq<Grid.Configuration> configurations = grid.configurations().filter(c -> shard.holds(c.index()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        AtomicInteger done = new AtomicInteger();
        try {
            java.util.List<java.util.List<Future<Report>>> futures = new ArrayList<>();
            for (Grid.Configuration configuration : configurations) {
                java.util.List<Future<Report>> runs = new ArrayList<>();
                for (long seed : seeds) {
                    runs.add(pool.submit(() -> {
                        Report report = Simulator.run(configuration.initialServers().map(n -> startingWith(scenario, n))
                            .getOrElse(scenario), configuration.tuned(), seed);
                        progress.accept(done.incrementAndGet());
                        return report;
                    }));
                }
                futures.add(runs);
            }
            List<SweepRow> rows = List.empty();
            int i = 0;
            for (Grid.Configuration configuration : configurations) {
                List<Report> reports = List.empty();
                for (Future<Report> future : futures.get(i++)) {
                    reports = reports.append(get(future));
                }
                Seq<String> names = reports.head().metrics().map(Metric::name);
                List<Report> all = reports;
                rows = rows.append(new SweepRow(configuration.index(), configuration.preset(), configuration.values(),
                    seeds.size(), names.map(name -> Interval.of(all.map(r -> r.value(name)))), names));
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The clairvoyant bound of the scenario at each of {@link BoundRow#ATTAINMENTS}, over {@code seeds}: the reference
     * line of a sweep's charts. It depends on the scenario and the seeds only, so every shard computes the same.
     */
    public static Seq<BoundRow> bound(Scenario scenario, Seq<Long> seeds) {
        java.util.List<double[]> perSeed = new ArrayList<>();
        java.util.List<Double> ceilings = new ArrayList<>();
        int leftOut = 0;
        for (long seed : seeds) {
            io.modelscale.simulation.engine.ClairvoyantBound.Result result = io.modelscale.simulation.engine
                .ClairvoyantBound.of(scenario, seed, BoundRow.ATTAINMENTS);
            perSeed.add(result.replicaHours());
            ceilings.add(result.ceiling());
            leftOut = result.modelsLeftOut();
        }
        List<BoundRow> rows = List.empty();
        for (int a = 0; a < BoundRow.ATTAINMENTS.length; a++) {
            int at = a;
            rows = rows.append(new BoundRow(BoundRow.ATTAINMENTS[a], Interval.of(List.ofAll(perSeed)
                .map(values -> values[at])), leftOut, Interval.of(List.ofAll(ceilings))));
        }
        return rows;
    }

    /**
     * What keeps the grid from running on the scenario as written: an {@code initialServers} value outside a server's
     * replica range (it would be clamped, and the report would name a count that never ran).
     */
    public static io.vavr.control.Option<String> check(Scenario scenario, Grid grid) {
        for (Grid.Axis axis : grid.axes().filter(a -> a.name().equals(Grid.INITIAL_SERVERS))) {
            for (String value : axis.values()) {
                io.vavr.control.Option<String> outside = checkInitialServers(scenario, Integer.parseInt(value));
                if (outside.isDefined()) {
                    return outside;
                }
            }
        }
        return io.vavr.control.Option.none();
    }

    /**
     * Why every server cannot start at {@code count} replicas (outside one's range, where {@link #startingWith} would
     * clamp it and the report name a count that never ran), if it cannot.
     */
    public static io.vavr.control.Option<String> checkInitialServers(Scenario scenario, int count) {
        for (var server : scenario.servers()) {
            var scaling = server.spec().scaling();
            int max = scaling.maxReplicas().bound().getOrElse(Integer.MAX_VALUE);
            if (count < scaling.minReplicas() || count > max) {
                return io.vavr.control.Option.some(Grid.INITIAL_SERVERS + "=" + count + ": server "
                    + server.spec().name() + " runs " + scaling.minReplicas() + " to " + scaling.maxReplicas()
                    + " replicas: expected values in that range");
            }
        }
        return io.vavr.control.Option.none();
    }

    /**
     * The scenario with every server starting at {@code replicas} (within its bounds); a warm start then sizes the
     * models only ({@link io.modelscale.simulation.engine.Settings.InitialState#WARM_MODELS}).
     */
    public static Scenario startingWith(Scenario scenario, int replicas) {
        var settings = scenario.settings();
        return scenario.withServers(scenario.servers().map(s -> {
            var scaling = s.spec().scaling();
            int count = Math.max(scaling.minReplicas(), Math.min(replicas, scaling.maxReplicas().bound()
                .getOrElse(replicas)));
            return s.withReplicas(count);
        })).withSettings(settings.initial() == io.modelscale.simulation.engine.Settings.InitialState.WARM
            ? settings.withInitial(io.modelscale.simulation.engine.Settings.InitialState.WARM_MODELS) : settings);
    }

    private static Report get(Future<Report> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
