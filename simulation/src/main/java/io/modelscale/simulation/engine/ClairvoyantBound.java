package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.model.ErlangC;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.Seq;

/**
 * The clairvoyant bound: the server replica-hours a policy that knew every request in advance would spend, with no
 * server start-up and no model load time, to start a given share of requests within the SLO. It is the reference a
 * sweep draws its presets' fronts against.
 *
 * <p>Per stats period, each model gets the replicas its actual requests in that period need: their arrival rate and
 * mean service time (as the trace draws them, at full speed) are an offered load, and Erlang's delay formula
 * ({@link ErlangC}) gives the fewest slots that start the share within the SLO, {@code ceil(slots / concurrency)}
 * replicas, within the model's range (its floor when no request comes). Each server then gets, within its own range,
 * the largest of three bounds on the replicas its models need: the most replicas of one model (one replica of a
 * model per server replica), their memory over a replica's capacity with overcommit, and the replicas of models
 * larger than half a replica (no two of which share one). Its replicas are summed over the periods after the
 * warm-up. A model goes to the server it requests, else to the first shared one whose capabilities hold all its
 * requirements; one that matches no server is left out (and {@link Result#modelsLeftOut()} says how many). Memory
 * is not checked when matching: a model larger than a replica still counts on its server.
 *
 * <p>A reference computed by the same queueing model the SLO-aware policy uses, in hindsight, not a proof: a policy
 * could spend less by missing the share in some periods and exceeding it in others, or by packing models into the
 * overcommit and paying for it in reloads, which this bound does not count.
 */
public final class ClairvoyantBound {

    private ClairvoyantBound() {
    }

    /**
     * The bound at each attainment, for one seed.
     *
     * @param replicaHours per attainment, in the order asked, the server replica-hours
     * @param modelsLeftOut models that match no server, left out of the bound
     */
    public record Result(double[] replicaHours, int modelsLeftOut) {
    }

    /**
     * The bound on {@code scenario}'s traffic for {@code seed} at each of {@code attainments} (each in (0, 1)).
     */
    public static Result of(Scenario scenario, long seed, double[] attainments) {
        for (double attainment : attainments) {
            if (!(attainment > 0 && attainment < 1)) {
                throw new IllegalArgumentException("an attainment must be in (0, 1), got " + attainment);
            }
        }
        Settings settings = scenario.settings();
        long period = settings.statsPeriod().toNanos() / 1_000L;
        long end = settings.duration().toNanos() / 1_000L;
        long measureFrom = settings.warmup().toNanos() / 1_000L;
        double slo = settings.slo().toNanos() / 1e9;
        int concurrency = settings.concurrencyPerReplica();
        Seq<ModelSpec> models = scenario.models();
        int count = models.size();
        int[] serverOf = new int[count];
        int leftOut = 0;
        for (int m = 0; m < count; m++) {
            serverOf[m] = serverFor(scenario, models.get(m));
            if (serverOf[m] < 0) {
                leftOut++;
            }
        }
        long[] arrivals = new long[count];
        long[] service = new long[count];
        double[] total = new double[attainments.length];
        RequestSource source = scenario.traffic().apply(seed);
        Request request = new Request();
        boolean more = source.next(request);
        for (long start = 0; start < end; start += period) {
            long stop = Math.min(end, start + period);
            java.util.Arrays.fill(arrivals, 0);
            java.util.Arrays.fill(service, 0);
            while (more && request.arrivalMicros < stop) {
                if (request.model >= 0 && request.model < count) {
                    arrivals[request.model]++;
                    service[request.model] = saturatingAdd(service[request.model], request.serviceMicros);
                }
                more = source.next(request);
            }
            long measured = Math.max(0, stop - Math.max(start, measureFrom));
            if (measured == 0) {
                continue;
            }
            double seconds = (stop - start) / 1e6;
            for (int a = 0; a < attainments.length; a++) {
                int[] replicas = new int[count];
                for (int m = 0; m < count; m++) {
                    replicas[m] = replicas(models.get(m).scaling(), arrivals[m], service[m], seconds, slo,
                        attainments[a], concurrency);
                }
                total[a] += servers(scenario, models, serverOf, replicas) * (measured / 3.6e9);
            }
        }
        return new Result(total, leftOut);
    }

    /** The replicas one model's requests in a period need, within its range. */
    static int replicas(ScalingSpec scaling, long arrivals, long serviceMicros, double seconds, double slo,
                        double attainment, int concurrency) {
        if (!scaling.autoscalingEnabled()) {
            return scaling.replicas();
        }
        long needed = 0;
        if (arrivals > 0) {
            double meanService = serviceMicros / 1e6 / arrivals;
            double load = arrivals / seconds * meanService;
            long slots = meanService == 0 ? 0 : ErlangC.serversFor(Math.min(load, ErlangC.LARGEST_LOAD + 1),
                slo / meanService, 1 - attainment);
            needed = Math.max(1, (slots + concurrency - 1) / concurrency);
        }
        long within = Math.max(scaling.autoscalingFloor(), needed);
        return (int) Math.min(within, scaling.maxReplicas().bound().map(b -> (long) b).getOrElse(Long.MAX_VALUE));
    }

    /** The server replicas every server needs for these model replicas, summed over the servers. */
    private static long servers(Scenario scenario, Seq<ModelSpec> models, int[] serverOf, int[] replicas) {
        long sum = 0;
        for (int s = 0; s < scenario.servers().size(); s++) {
            ServerSetup server = scenario.servers().get(s);
            long capacity = server.memory().capacityBytes();
            long most = 0;
            double memory = 0;
            long large = 0;
            for (int m = 0; m < models.size(); m++) {
                if (serverOf[m] != s) {
                    continue;
                }
                long bytes = models.get(m).requiredMemoryBytes();
                most = Math.max(most, replicas[m]);
                memory += (double) bytes * replicas[m];
                if (bytes * 2 > capacity) {
                    large += replicas[m];
                }
            }
            long byMemory = capacity == 0 ? 0 : (long) Math.ceil(memory / capacity);
            long needed = Math.max(most, Math.max(byMemory, large));
            ScalingSpec range = server.spec().scaling();
            long floor = range.minReplicas();
            long max = range.maxReplicas().bound().map(b -> (long) b).getOrElse(Long.MAX_VALUE);
            sum += Math.min(max, Math.max(floor, needed));
        }
        return sum;
    }

    /** The server a model goes to: the one it requests, else the first whose capabilities hold its requirements. */
    private static int serverFor(Scenario scenario, ModelSpec model) {
        for (int s = 0; s < scenario.servers().size(); s++) {
            ServerSetup server = scenario.servers().get(s);
            if (model.requestedServer().isDefined()) {
                if (model.requestedServer().get().equals(server.spec().name())) {
                    return s;
                }
            } else if (server.spec().shared() && model.requirements().forAll(server.capabilities()::contains)) {
                return s;
            }
        }
        return -1;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
