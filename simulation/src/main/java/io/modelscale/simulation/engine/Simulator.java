package io.modelscale.simulation.engine;

import io.modelscale.control.Autoscaler;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.server.ServerName;
import io.modelscale.policy.Preset;
import io.modelscale.simulation.report.Report;
import io.modelscale.simulation.trace.ReadAhead;
import io.modelscale.simulation.trace.Request;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.List;
import io.vavr.collection.Seq;

/**
 * Runs a {@link Scenario} under a {@link Preset}: a fold over time-ordered events, the control loop being the
 * library's {@link Autoscaler}.
 *
 * <p>Requests arrive from the scenario's trace and are served per model ({@link Serving}). Every stats period the
 * serving signals go to the control step as a tick; every change the cluster sees (a load or unload finished, a server
 * replica connected, drained or failed) goes to it as a trigger; and what it decides is played out after the
 * scenario's delays ({@link Actuator}). The scenario's HPAs replace the preset's policy for the model or server they
 * scale. Time and randomness come only from the scenario and the seed, so a run is reproducible.
 *
 * <p>On a machine with more than one processor the scenario's requests are produced on a second thread while the run
 * goes on ({@link ReadAhead}: the same requests in the same order, so the same report); everything else happens on
 * the caller's thread.
 */
public final class Simulator {

    /** Watches a run; the default does nothing. */
    public interface Observer {
        /**
         * After every event (arrivals and completions included), with the cluster as it then is; the same cluster
         * object is passed again while nothing changed it.
         */
        default void afterEvent(Cluster cluster, long micros) {
        }

        /** At every stats tick, with the fraction of the run done. */
        default void onTick(double progress) {
        }
    }

    private Simulator() {
    }

    /** Runs the scenario under the preset with the seed. */
    public static Report run(Scenario scenario, Preset preset, long seed, Observer observer) {
        Autoscaler autoscaler = autoscaler(scenario, preset);
        boolean warm = scenario.settings().initial() != Settings.InitialState.COLD;
        Scenario started = warm ? WarmStart.of(scenario, autoscaler, seed) : scenario;
        Seq<String> setup = List.of(
            "policies: " + autoscaler.preset().describe() + (scenario.hpas().isEmpty() ? ""
                : "; HPAs scale " + scenario.hpas().map(h -> h.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + h.target()).mkString(", ")),
            "policy settings: models " + autoscaler.preset().models().policy() + "; server scale-up "
                + autoscaler.preset().serverScaleUp().policy() + "; server scale-down "
                + autoscaler.preset().serverScaleDown().policy(),
            "initial state: " + (scenario.settings().initial() == Settings.InitialState.WARM_MODELS
                ? "models warm (sized to the first stats period's demand), servers as given: "
                : warm ? "warm (sized to the first stats period's demand): "
                : "cold (each resource at its manifest's replicas): ") + WarmStart.describe(started),
            "servers: " + started.servers().map(ServerSetup::describe).mkString("; "),
            "run: " + describe(scenario.settings().duration()) + ", SLO " + describe(scenario.settings().slo())
                + " of waiting, " + scenario.settings().concurrencyPerReplica() + " requests at once per model replica,"
                + " stats every " + describe(scenario.settings().statsPeriod()) + ", a flip-flop is a reversal within "
                + describe(scenario.settings().flipFlopWindow()) + "; a server replica starts in "
                + describe(scenario.settings().serverStartup()) + ", a model loads in "
                + describe(scenario.settings().modelLoad())
                + (scenario.settings().modelLoadPerGi().isZero() ? "" : " plus "
                    + describe(scenario.settings().modelLoadPerGi()) + " per GiB of its memory"),
            "serving: " + scenario.settings().serving().describe(),
            "warm-up: " + (scenario.settings().warmup().isZero() ? "none, everything measured"
                : scenario.settings().warmup().toSeconds() + " s, excluded from every metric but the timeline"));
        return new Run(started, autoscaler, seed, observer, setup).execute();
    }

    /** Runs the scenario under the preset with the seed, unobserved. */
    public static Report run(Scenario scenario, Preset preset, long seed) {
        return run(scenario, preset, seed, new Observer() {
        });
    }

    /** A duration as a person writes it: {@code 1 h}, {@code 20 s}, {@code 500 ms}. */
    static String describe(java.time.Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + " h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + " s";
        }
        return millis + " ms";
    }

    /** The preset's autoscaler, with each of the scenario's HPAs scaling its model or server instead. */
    static Autoscaler autoscaler(Scenario scenario, Preset preset) {
        Autoscaler autoscaler = Autoscaler.of(preset);
        for (HpaTarget hpa : scenario.hpas()) {
            autoscaler = hpa.kind() == HpaTarget.Kind.MODEL
                ? autoscaler.withModelPolicy(ModelName.of(hpa.target()), hpa.modelPolicy())
                : autoscaler.withServerPolicy(ServerName.of(hpa.target()), hpa.serverPolicy());
        }
        return autoscaler;
    }

    /** At most this many windows of over-time figures: one per stats period, or several periods each. */
    private static final long MAX_WINDOWS = 360;

    private static final class Run {
        private final Scenario scenario;
        private final Autoscaler autoscaler;
        private final Settings settings;
        private final Observer observer;
        private final long seed;
        private Seq<String> setup;
        private final long end;
        private final long period;
        private final EventQueue queue = new EventQueue();
        private final Serving serving;
        private final Metrics metrics;
        private final Actuator actuator;
        private long now;

        Run(Scenario scenario, Autoscaler autoscaler, long seed, Observer observer, Seq<String> setup) {
            this.scenario = scenario;
            this.setup = setup;
            this.autoscaler = autoscaler;
            this.settings = scenario.settings();
            this.observer = observer;
            this.seed = seed;
            this.end = settings.duration().toNanos() / 1_000L;
            this.period = settings.statsPeriod().toNanos() / 1_000L;
            ModelName[] names = scenario.models().map(ModelSpec::name).toJavaArray(ModelName[]::new);
            long warmup = settings.warmup().toNanos() / 1_000L;
            long periods = (end + period - 1) / period;
            long window = period * Math.max(1, (periods + MAX_WINDOWS - 1) / MAX_WINDOWS);
            this.serving = new Serving(names, settings.concurrencyPerReplica(), settings.slo(), warmup, window, end,
                settings.serving());
            for (int m = 0; m < names.length; m++) {
                if (autoscaler.modelPolicy(names[m]).policy().readsOutstandingPerSecond()) {
                    serving.trackPerSecond(m);
                }
            }
            this.metrics = new Metrics(names.length, settings.statsPeriod(), settings.flipFlopWindow(), warmup, end);
            this.actuator = new Actuator(autoscaler, scenario, queue, serving, metrics, seed);
        }

        Report execute() {
            actuator.start();
            observer.afterEvent(actuator.cluster(), 0);
            // requests are produced on a second processor while they are simulated on this one
            try (ReadAhead source = ReadAhead.of(scenario.traffic().apply(seed))) {
                return execute(source);
            }
        }

        private Report execute(RequestSource source) {
            Seq<String> services = source.serviceTimes();
            int after = setup.indexWhere(line -> line.startsWith("serving: ")) + 1;
            setup = setup.insert(after, "service time: " + (services.isEmpty() ? "as the traffic gives it"
                : services.mkString("; ")));
            Request next = new Request();
            boolean more = source.next(next);
            queue.schedule(period, new SimEvent.Tick());
            while (true) {
                boolean none = queue.isEmpty();
                long at = none ? Long.MAX_VALUE : queue.nextMicros();
                boolean arrivalFirst = more && next.arrivalMicros < end && (none || next.arrivalMicros <= at);
                if (!arrivalFirst && (none || at > end)) {
                    break;
                }
                if (arrivalFirst) {
                    advance(next.arrivalMicros);
                    serving.arrive(next.model, next.serviceMicros, now, queue);
                    more = source.next(next);
                } else if (queue.slotFirst()) {
                    int slot = queue.takeSlot();
                    advance(at);
                    serving.slotComplete(slot, at, now, queue);
                } else {
                    SimEvent event = queue.take();
                    advance(at);
                    handle(event);
                }
                observer.afterEvent(actuator.cluster(), now);
            }
            if (more && next.arrivalMicros >= end) {
                // a trace longer than the run: say so, since the requests past the end count nowhere
                setup = setup.append("traffic past the end: the traffic goes on after the run ends (its first request"
                    + " after the end arrives at " + Math.round(next.arrivalMicros / 1e6) + " s); those requests are"
                    + " not counted");
            }
            advance(end);
            serving.close(end);
            var violations = actuator.cluster().checkInvariants();
            if (!violations.isEmpty()) {
                throw new IllegalStateException("the run ended with the cluster's invariants broken: "
                    + violations.map(v -> v.describe()).mkString("; "));
            }
            return metrics.report(scenario.name(), autoscaler.preset().name(), seed, serving, setup);
        }

        private void handle(SimEvent event) {
            if (event instanceof SimEvent.Completion completion) {
                serving.complete(completion.model(), completion.serviceMicros(), completion.good(), now, queue);
            } else if (event instanceof SimEvent.SlotCompletion done) {
                serving.slotComplete(done.slot(), done.at(), now, queue);
            } else if (event instanceof SimEvent.Reloaded reloaded) {
                serving.reloaded(reloaded.slot(), reloaded.model(), reloaded.ready(), now, queue);
            } else if (event instanceof SimEvent.Tick) {
                actuator.tick(serving.signals(settings.start(), settings.statsPeriod()));
                metrics.sample(now, actuator.cluster(), serving, actuator.pods());
                serving.newPeriod();
                if (now + period <= end) {
                    queue.schedule(now + period, new SimEvent.Tick());
                }
                observer.onTick((double) now / end);
            } else if (event instanceof SimEvent.LoadDone done) {
                actuator.loadDone(done.placement());
            } else if (event instanceof SimEvent.UnloadDone done) {
                actuator.unloadDone(done.placement());
            } else if (event instanceof SimEvent.ReplicaReady ready) {
                actuator.replicaReady(ready.replica());
            } else if (event instanceof SimEvent.DrainPoll poll) {
                actuator.drainPoll(poll.server());
            } else if (event instanceof SimEvent.ReplicaFailure) {
                actuator.replicaFailure();
            }
        }

        private void advance(long time) {
            metrics.advance(time, actuator.pods());
            now = time;
            actuator.setTime(time);
        }
    }
}
