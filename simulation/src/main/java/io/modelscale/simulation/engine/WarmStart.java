package io.modelscale.simulation.engine;

import io.modelscale.control.Autoscaler;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.placement.packing.LowerBounds;
import io.modelscale.placement.packing.PackingProblem;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.Seq;

/**
 * The starting state of a warm run ({@link Settings.InitialState#WARM}): a cluster that has been running under the
 * scenario's traffic.
 *
 * <p>Each autoscaled model gets the replicas its first stats period's demand needs: the service time of the requests
 * that arrive in that period, divided by the period and by the concurrency per replica, rounded up, within its
 * bounds (a model with fixed replicas keeps them). Each server gets the lower bound of what it then hosts
 * ({@link LowerBounds}, within the server's bounds), found by placing the models on the server at its most replicas;
 * when the models do not all place at that count, it is raised one replica at a time, within the bounds, until they
 * do.
 */
final class WarmStart {

    private WarmStart() {
    }

    /** The scenario with its models and servers at their warm counts. */
    static Scenario of(Scenario scenario, Autoscaler autoscaler, long seed) {
        Settings settings = scenario.settings();
        long[] service = firstPeriodService(scenario, seed);
        double capacity = settings.statsPeriod().toNanos() / 1_000.0 * settings.concurrencyPerReplica();
        Seq<ModelSpec> models = scenario.models().zipWithIndex().map(entry -> {
            ScalingSpec scaling = entry._1.scaling();
            if (!scaling.autoscalingEnabled()) {
                return entry._1;
            }
            long needed = (long) Math.ceil(service[entry._2] / capacity);
            int replicas = (int) Math.max(scaling.autoscalingFloor(),
                Math.min(needed, scaling.maxReplicas().bound().getOrElse(Integer.MAX_VALUE)));
            return entry._1.withScaling(scaling.withReplicas(replicas));
        });
        Scenario sized = scenario.withModels(models);
        if (settings.initial() == Settings.InitialState.WARM_MODELS) {
            return sized;
        }
        int total = models.map(m -> m.scaling().replicas()).sum().intValue();
        Seq<ServerSetup> most = sized.servers().map(s -> s.withReplicas(most(s.spec().scaling(), total)));
        Cluster trial = place(sized.withServers(most), autoscaler, seed);
        Seq<ServerSetup> servers = sized.servers().map(s -> s.withReplicas(clamp(s.spec().scaling(),
            PackingProblem.of(trial, s.spec().name()).map(p -> LowerBounds.of(p).value()).getOrElse(0))));
        while (true) {
            Scenario candidate = sized.withServers(servers);
            if (allPlaced(place(candidate, autoscaler, seed))) {
                return candidate;
            }
            Seq<ServerSetup> raised = servers.map(s -> s.withReplicas(clamp(s.spec().scaling(),
                s.spec().scaling().replicas() + 1)));
            if (raised.equals(servers)) {
                return candidate;
            }
            servers = raised;
        }
    }

    /** Per model, the service time (microseconds) of the requests that arrive in the first stats period. */
    private static long[] firstPeriodService(Scenario scenario, long seed) {
        long period = scenario.settings().statsPeriod().toNanos() / 1_000L;
        long[] service = new long[scenario.models().size()];
        RequestSource source = scenario.traffic().apply(seed);
        Request request = new Request();
        while (source.next(request) && request.arrivalMicros < period) {
            if (request.model >= 0 && request.model < service.length) {
                service[request.model] = saturatingAdd(service[request.model], request.serviceMicros);
            }
        }
        return service;
    }

    /** The cluster after the scenario's starting state is set up under the autoscaler. */
    static Cluster place(Scenario scenario, Autoscaler autoscaler, long seed) {
        Settings settings = scenario.settings();
        Metrics metrics = new Metrics(scenario.models().size(), settings.statsPeriod(), settings.flipFlopWindow(), 0,
            settings.duration().toNanos() / 1_000L);
        Serving serving = new Serving(scenario.models().map(ModelSpec::name)
            .toJavaArray(io.modelscale.core.model.ModelName[]::new), settings.concurrencyPerReplica(), settings.slo(), 0,
            settings.statsPeriod().toNanos() / 1_000L, settings.statsPeriod().toNanos() / 1_000L);
        Actuator actuator = new Actuator(autoscaler, scenario.withSettings(settings.withInitial(
            Settings.InitialState.COLD)), new EventQueue(), serving, metrics, seed);
        actuator.start();
        return actuator.cluster();
    }

    private static boolean allPlaced(Cluster cluster) {
        for (Model model : cluster.models().values()) {
            if (model.latest().status().availableReplicas() < model.latest().spec().scaling().replicas()) {
                return false;
            }
        }
        return true;
    }

    private static int most(ScalingSpec scaling, int modelReplicas) {
        return scaling.maxReplicas().bound().getOrElse(Math.max(scaling.replicas(), modelReplicas));
    }

    private static int clamp(ScalingSpec scaling, int count) {
        return Math.max(scaling.minReplicas(), Math.min(count, scaling.maxReplicas().bound().getOrElse(count)));
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} where that overflows (both are never negative here). */
    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** A line for the report: each model's and each server's starting replicas. */
 static String describe(Scenario scenario) {
        Seq<ModelSpec> models = scenario.models();
        String modelPart = models.size() <= 12
            ? "models " + models.map(m -> m.name().value() + " " + m.scaling().replicas()).mkString(", ")
            : models.map(m -> m.scaling().replicas()).sum() + " replicas of " + models.size() + " models";
        return modelPart + "; servers " + scenario.servers().map(s -> s.spec().name().value() + " " + s.spec().scaling().replicas())
            .mkString(", ");
    }
}
