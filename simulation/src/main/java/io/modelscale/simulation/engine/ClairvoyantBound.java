package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.placement.packing.LowerBounds;
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
 * its {@link LowerBounds} for those replicas (the most replicas of one model, since one replica of a model goes per
 * server replica; their memory over a replica's capacity with overcommit; the replicas of models larger than half
 * a replica, no two of which share one): the same bounds the memory-aware scale-up and the consolidating policy
 * use. Its replicas are summed over the periods after the warm-up. A model goes to the server it requests, else to
 * the first shared one whose capabilities hold all its requirements, in either case only if one of its replicas
 * fits a server replica with overcommit; one that matches no server is left out (and
 * {@link Result#modelsLeftOut()} says how many).
 *
 * <p>A share is reachable only if the models' ranges allow it: the {@linkplain Result#ceiling() ceiling} is the share
 * of the measured requests that would start within the SLO with every model at its most replicas in every period
 * (within its server's most replicas too, one replica of a model going per server replica; memory left aside), by
 * the same formula on each period's load, a period whose load is at or above those slots counting its requests as
 * missed (the formula's queue grows without bound there). A model that fits no server serves nothing, so its
 * requests count against the ceiling. Above the ceiling the replica-hours are what the models' most replicas cost
 * where the range binds, not the price of the share. Like the bound it is the queueing model's estimate, not a
 * proof.
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
     * @param replicaHours  per attainment, in the order asked, the server replica-hours
     * @param modelsLeftOut models that match no server, left out of the bound
     * @param ceiling       the share of the measured requests, in [0, 1], that would start within the SLO with every
     *                      model at its most replicas; 1 without requests
     */
    public record Result(double[] replicaHours, int modelsLeftOut, double ceiling) {

        /** A bound whose models' ranges bind nowhere (a ceiling of 1). */
        public Result(double[] replicaHours, int modelsLeftOut) {
            this(replicaHours, modelsLeftOut, 1);
        }
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
        int servers = scenario.servers().size();
        int[][] members = new int[servers][];
        long[][] bytes = new long[servers][];
        for (int s = 0; s < servers; s++) {
            int server = s;
            members[s] = java.util.stream.IntStream.range(0, count).filter(m -> serverOf[m] == server).toArray();
            bytes[s] = java.util.Arrays.stream(members[s]).mapToLong(m -> models.get(m).requiredMemoryBytes())
                .toArray();
        }
        long[] mostSlots = new long[count];
        for (int m = 0; m < count; m++) {
            mostSlots[m] = serverOf[m] < 0 ? 0 : mostSlots(models.get(m).scaling(),
                scenario.servers().get(serverOf[m]).spec().scaling(), concurrency);
        }
        double requests = 0;
        double within = 0;
        int[] replicas = new int[count];
        int[] scratch = new int[count];
        long[] arrivals = new long[count];
        long[] measuredArrivals = new long[count];
        long[] service = new long[count];
        double[] total = new double[attainments.length];
        RequestSource source = scenario.traffic().apply(seed);
        Request request = new Request();
        boolean more = source.next(request);
        for (long start = 0; start < end; start += period) {
            long stop = Math.min(end, start + period);
            java.util.Arrays.fill(arrivals, 0);
            java.util.Arrays.fill(measuredArrivals, 0);
            java.util.Arrays.fill(service, 0);
            while (more && request.arrivalMicros < stop) {
                if (request.model >= 0 && request.model < count) {
                    arrivals[request.model]++;
                    if (request.arrivalMicros >= measureFrom) {
                        measuredArrivals[request.model]++;
                    }
                    service[request.model] = WarmStart.saturatingAdd(service[request.model], request.serviceMicros);
                }
                more = source.next(request);
            }
            long measured = Math.max(0, stop - Math.max(start, measureFrom));
            if (measured == 0) {
                continue;
            }
            double seconds = (stop - start) / 1e6;
            for (int m = 0; m < count; m++) {
                if (measuredArrivals[m] > 0) {
                    // the period's load sets each request's chance; the measured requests are the ones counted
                    requests += measuredArrivals[m];
                    within += measuredArrivals[m] * withinShare(arrivals[m], service[m] / 1e6 / arrivals[m], seconds,
                        slo, mostSlots[m]);
                }
            }
            for (int a = 0; a < attainments.length; a++) {
                for (int m = 0; m < count; m++) {
                    replicas[m] = serverOf[m] < 0 ? 0 : replicas(models.get(m).scaling(), arrivals[m], service[m],
                        seconds, slo, attainments[a], concurrency);
                }
                total[a] += servers(scenario, members, bytes, replicas, scratch) * (measured / 3.6e9);
            }
        }
        return new Result(total, leftOut, requests == 0 ? 1 : Math.min(1, within / requests));
    }

    /**
     * The most slots a model can have: its most replicas (its fixed replicas when it does not autoscale), no more than
     * its server's most replicas, times the requests a replica serves at once; {@link Long#MAX_VALUE} when neither
     * bounds it.
     */
    static long mostSlots(ScalingSpec model, ScalingSpec server, int concurrency) {
        long replicas = model.autoscalingEnabled()
            ? model.maxReplicas().bound().map(b -> (long) b).getOrElse(Long.MAX_VALUE) : model.replicas();
        replicas = Math.min(replicas, server.maxReplicas().bound().map(b -> (long) b).getOrElse(Long.MAX_VALUE));
        return replicas > Long.MAX_VALUE / concurrency ? Long.MAX_VALUE : replicas * concurrency;
    }

    /**
     * Of requests ({@code arrivals} of {@code meanService} seconds over {@code seconds}) served on {@code slots}, the
     * share Erlang's delay formula starts within {@code slo} seconds: none when the load is at or above the slots,
     * where its queue grows without bound. Slots beyond twice the load and a hundred more are left out of the
     * formula (they change its answer by less than a double resolves), and a load beyond {@link ErlangC#LARGEST_LOAD}
     * below the slots starts every request.
     */
    static double withinShare(long arrivals, double meanService, double seconds, double slo, long slots) {
        if (slots == 0) {
            return 0;
        }
        if (arrivals == 0 || meanService == 0) {
            return 1;
        }
        double load = arrivals / seconds * meanService;
        if (load >= slots) {
            return 0;
        }
        if (load > ErlangC.LARGEST_LOAD) {
            return 1; // more slots than any cluster has, and more than the load
        }
        int used = (int) Math.min(slots, (long) Math.ceil(2 * load) + 100);
        return 1 - ErlangC.waitLongerThan(used, load, slo / meanService);
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

    /**
     * The server replicas every server needs for these model replicas, summed over the servers: each server's
     * {@link LowerBounds} within its range. {@code members[s]} are the models of server {@code s}, {@code bytes[s]}
     * their memory, {@code scratch} room for their replica counts.
     */
    private static long servers(Scenario scenario, int[][] members, long[][] bytes, int[] replicas, int[] scratch) {
        long sum = 0;
        for (int s = 0; s < members.length; s++) {
            for (int k = 0; k < members[s].length; k++) {
                scratch[k] = replicas[members[s][k]];
            }
            ServerSetup server = scenario.servers().get(s);
            long needed = LowerBounds.of(server.memory().capacityBytes(), scratch, bytes[s], members[s].length)
                .value();
            ScalingSpec range = server.spec().scaling();
            long max = range.maxReplicas().bound().map(b -> (long) b).getOrElse(Long.MAX_VALUE);
            sum += Math.min(max, Math.max(range.minReplicas(), needed));
        }
        return sum;
    }

    /** The server a model goes to: the one it requests, else the first whose capabilities hold its requirements. */
    private static int serverFor(Scenario scenario, ModelSpec model) {
        for (int s = 0; s < scenario.servers().size(); s++) {
            ServerSetup server = scenario.servers().get(s);
            if (model.requiredMemoryBytes() > server.memory().capacityBytes()) {
                continue;
            }
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
}
