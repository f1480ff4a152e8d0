package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.control.ControlResult;
import io.modelscale.control.Decision;
import io.modelscale.control.Trigger;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.core.server.ServerReplicaId;
import io.modelscale.policy.NoMemory;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScaleUpPolicy;
import io.modelscale.policy.server.ServerScalingDecision;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What each event does to the world, read from the trace, and each remaining check shown to fire on a planted fault:
 * a server policy out of its range, a policy that throws, a policy that keeps state outside its memory, a drain check
 * that releases too soon (no downtime), a snapshot that lists a version twice on a replica (one replica per server
 * replica).
 */
class WorldTest {

    private final ControlLoopCheck documented = ControlLoopCheck.of(Presets.documented())
        .without(Invariant.NO_FLIP_FLOP, PresetsTest.SELDON_FLIPS).seed(ControlLoopCheck.DEFAULT_SEED);

    private List<String> trace(ControlLoopCheck check, Event... events) {
        return Arrays.stream(check.trace(List.of(events)).split("\n")).map(String::strip).toList();
    }

    @Test
    void eachEventActsOnTheWorldAsItSays() {
        List<String> lines = trace(documented, new Event.Deploy(1, 0, 2, 2, 1, 3),
            new Event.AgentProgress(1, 0, 1, false), new Event.AgentProgress(1, 0, 3, false),
            new Event.Traffic(1, 0, 100), new Event.Evict(1, 1, 0), new Event.DrainCheck(1, -1),
            new Event.Restart(1, 0, 0), new Event.Delete(1, 3), new Event.Tick(600), new Event.DrainCheck(1, 1));
        assertThat(lines).containsSubsequence(
            "0 s    server small updated (expected replicas 2)",
            "0 s    server replica large/1 connected",
            "1 s  deploy m0: 1024Mi, 2 replicas in [1, 3]",
            "1 s      placed m0:1 on large replicas [0, 1]",
            "2 s  agents move 1 replica in flight on",
            "2 s    m0:1 on large/0 reported LOADING",
            "3 s  agents move 3 replicas in flight on",
            "3 s    m0:1 on large/0 reported AVAILABLE",
            "3 s    m0:1 on large/1 reported LOADING",
            "4 s  traffic of m0: 100 outstanding",
            "4 s    stats period",
            "5 s  a replica of large is evicted",
            "5 s    server replica large/0 draining",
            "6 s  drain check on every server",
            "6 s    drain check of server small",
            "6 s    drain check of server large",
            "7 s  a replica of small restarts",
            "7 s    server replica small/0 disconnected",
            "7 s    server replica small/0 connected",
            "8 s  delete m3",
            "8 s      refused: model m3 does not exist",
            "608 s  stats period",
            "609 s  drain check on large",
            "609 s    drain check of server large");
        assertThat(lines).filteredOn(l -> l.startsWith("2 s ")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("3 s ")).hasSize(6);
        assertThat(lines).filteredOn(l -> l.startsWith("609 s ")).noneMatch(l -> l.contains("server small"));
    }

    @Test
    void aLoadFailsWhenAskedAndTheLoadHoldsForItsPeriods() {
        List<String> lines = trace(documented, new Event.Deploy(1, 0, 1, 1, 0, 1),
            new Event.AgentProgress(1, 0, 1, true), new Event.AgentProgress(1, 0, 1, true),
            new Event.HoldLoad(1, 3, 20));
        assertThat(lines).containsSubsequence(
            "2 s    m0:1 on large/0 reported LOADING",
            "3 s    m0:1 on large/0 reported LOAD_FAILED",
            "4 s  the load holds for 3 stats periods 20 s apart",
            "4 s    drain check of server small",
            "4 s    stats period",
            "24 s    stats period",
            "44 s    stats period");
        assertThat(lines).filteredOn(l -> l.endsWith("  stats period")).hasSize(3);
    }

    /** A server scale-up that asks for one replica more than the server's maximum. */
    static final ServerScaleUpPolicy<NoMemory> BEYOND_MAX = new ServerScaleUpPolicy<>() {
        @Override
        public NoMemory initialMemory() {
            return NoMemory.INSTANCE;
        }

        @Override
        public Step<NoMemory, ServerScalingDecision> decide(NoMemory memory, ServerObservation o) {
            return Step.of(memory, o.expectedReplicas() >= 2
                ? ServerScalingDecision.scale(o, o.scaling().maxReplicas().bound().get() + 1,
                    new ServerScaleReason.Other("more"))
                : ServerScalingDecision.hold(o, new ServerHoldReason.Other("enough")));
        }
    };

    @Test
    void aServerPolicyAskingBeyondItsMaximumBreaksServerBounds() {
        CheckReport report = ControlLoopCheck.of(Presets.documented())
            .withServerScaleUp("server.beyond", BEYOND_MAX).run();
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.SERVER_BOUNDS);
        assertThat(report.counterexample().get().message())
            .containsPattern("the policy server.beyond asked for 6 replicas of server (small|large),"
                + " outside \\[1, 5\\]");
    }

    /**
     * A planted fault in the loop itself: a drain check that releases every draining replica, whether or not its
     * models are served elsewhere. No downtime catches it: a model's only serving replica stops.
     */
    @Test
    void aDrainCheckThatReleasesTooSoon_breaksNoDowntime() {
        CheckReport report = withFault((trigger, result) -> {
            if (!(trigger instanceof Trigger.DrainCheck)) {
                return result;
            }
            io.vavr.collection.Seq<Decision> released = result.cluster().servers().values().toList()
                .flatMap(server -> server.replicas().values().filter(ServerReplica::draining)
                    .map(r -> (Decision) new Decision.ReplicaReleased(new ServerReplicaId(server.name(), r.index()))))
                .filter(d -> !result.released().contains(((Decision.ReplicaReleased) d).replica()));
            return new ControlResult(result.memory(), result.cluster(), result.decisions().appendAll(released),
                result.commands(), result.refused());
        });
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.NO_DOWNTIME);
        assertThat(report.counterexample().get().message()).containsPattern("releasing .+ left .+ without a serving"
            + " replica");
    }

    /**
     * A planted fault in the snapshot: after every step, each server replica lists the versions it has loaded as
     * loading too. One replica per server replica catches it.
     */
    @Test
    void aSnapshotListingAVersionTwiceOnAReplica_breaksOneReplicaPerServerReplica() {
        CheckReport report = withFault((trigger, result) -> {
            Cluster doubled = new Cluster(result.cluster().servers().mapValues(server -> {
                Server changed = server;
                for (ServerReplica replica : server.replicas().values()) {
                    changed = changed.withReplica(replica.withLoadingModels(replica.loadingModels()
                        .addAll(replica.loadedModels())));
                }
                return changed;
            }), result.cluster().models());
            return new ControlResult(result.memory(), doubled, result.decisions(), result.commands(),
                result.refused());
        });
        assertThat(report.counterexample()).map(Counterexample::invariant)
            .contains(Invariant.ONE_REPLICA_PER_SERVER_REPLICA);
        assertThat(report.counterexample().get().message()).contains("as both loaded and loading");
    }

    /**
     * A planted fault in the snapshot: after every step, each server replica's memory request shrinks to a byte, so
     * the models it holds exceed it. Memory catches it.
     */
    @Test
    void aSnapshotWhoseReplicasHoldMoreThanTheirMemory_breaksMemory() {
        CheckReport report = withFault((trigger, result) -> new ControlResult(result.memory(),
            new Cluster(result.cluster().servers().mapValues(server -> {
                Server changed = server;
                for (ServerReplica replica : server.replicas().values()) {
                    changed = changed.withReplica(replica.withMemory(new io.modelscale.core.memory.ReplicaMemory(1,
                        0)));
                }
                return changed;
            }), result.cluster().models()), result.decisions(), result.commands(), result.refused()));
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.MEMORY);
        assertThat(report.counterexample().get().message()).containsPattern("holds \\d+ bytes of models, above its"
            + " capacity of 1");
    }

    /**
     * A planted fault in the snapshot: after every step, each model wants one replica more than its maximum. Model
     * bounds catch it.
     */
    @Test
    void aSnapshotWithAModelAboveItsMaximum_breaksModelBounds() {
        CheckReport report = withFault((trigger, result) -> new ControlResult(result.memory(),
            new Cluster(result.cluster().servers(), result.cluster().models().mapValues(model -> {
                var latest = model.latest();
                var range = latest.spec().scaling();
                int above = range.maxReplicas().bound().getOrElse(range.replicas()) + 1;
                return model.withVersion(latest.withSpec(latest.spec().withScaling(
                    new io.modelscale.core.scaling.ScalingSpec(above, range.minReplicas(), range.maxReplicas()))));
            })), result.decisions(), result.commands(), result.refused()));
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.MODEL_BOUNDS);
        assertThat(report.counterexample().get().message()).containsPattern("model .+ wants \\d+ replicas, outside");
    }

    /**
     * A planted fault in the snapshot: after every step, each server expects one replica more than its maximum (or
     * 1,000 when unbounded). Server bounds catch it.
     */
    @Test
    void aSnapshotWithAServerAboveItsMaximum_breaksServerBounds() {
        CheckReport report = withFault((trigger, result) -> new ControlResult(result.memory(),
            new Cluster(result.cluster().servers().mapValues(server -> server.withSpec(server.spec()
                .withExpectedReplicas(io.modelscale.core.server.ExpectedReplicas.of(server.spec().scaling()
                    .maxReplicas().bound().getOrElse(999) + 1)))), result.cluster().models()),
            result.decisions(), result.commands(), result.refused()));
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.SERVER_BOUNDS);
        assertThat(report.counterexample().get().message()).containsPattern("server .+ expects \\d+ replicas,"
            + " outside");
    }

    /**
     * A planted fault in the loop itself: every stats period, each server replica forgets the models it has loaded,
     * so no model is served any more. No downtime catches it on the tick that did it, and the trace of a sequence
     * that breaks ends with the break.
     */
    @Test
    void aTickThatDropsEveryLoadedModel_breaksNoDowntime() {
        java.util.function.BiFunction<Trigger, ControlResult, ControlResult> forget = (trigger, result) -> {
            if (!(trigger instanceof Trigger.Tick)) {
                return result;
            }
            Cluster forgotten = new Cluster(result.cluster().servers().mapValues(server -> {
                Server changed = server;
                for (ServerReplica replica : server.replicas().values()) {
                    changed = changed.withReplica(replica.withLoadedModels(io.vavr.collection.TreeSet.empty()));
                }
                return changed;
            }), result.cluster().models());
            return new ControlResult(result.memory(), forgotten, result.decisions(), result.commands(),
                result.refused());
        };
        CheckReport report = withFault(forget);
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.NO_DOWNTIME);
        assertThat(report.counterexample().get().message()).containsPattern("'stats period' left .+ without a serving"
            + " replica");
        String trace = ControlLoopCheck.of(Presets.consolidating()).without(Invariant.NO_FLIP_FLOP, "planted faults")
            .planted(step -> (memory, cluster, trigger, now, random) -> forget.apply(trigger,
                step.apply(memory, cluster, trigger, now, random)))
            .trace(report.counterexample().get().events());
        assertThat(trace.strip().lines().reduce((a, b) -> b).get()).contains("without a serving replica");
    }

    @Test
    void serverPoliciesCanBeSwappedByTheirRegisteredNames() {
        ControlLoopCheck named = ControlLoopCheck.of(PolicyRegistry.standard(), "documented");
        CheckReport report = named.withServerScaleUp("server.memoryAware").withServerScaleDown("server.lightlyLoaded")
            .without(Invariant.NO_FLIP_FLOP, PresetsTest.SELDON_FLIPS).sequences(20).run();
        assertThat(report.describe()).contains("server.memoryAware").contains("server.lightlyLoaded");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            named.withServerScaleUp("server.nope"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
            named.withServerScaleDown("server.nope"));
    }

    /** The consolidating preset's check with every control step's result passed through {@code fault}. */
    private static CheckReport withFault(java.util.function.BiFunction<Trigger, ControlResult, ControlResult> fault) {
        return ControlLoopCheck.of(Presets.consolidating())
            .without(Invariant.NO_FLIP_FLOP, "these tests are about planted faults").planted(step ->
                (memory, cluster, trigger, now, random) -> fault.apply(trigger,
                    step.apply(memory, cluster, trigger, now, random))).run();
    }

    @Test
    void aPolicyThatThrowsIsReportedWithTheTriggerItThrewOn() {
        ModelScalingPolicy<NoMemory> throwing = ModelScalingPolicy.stateless(o -> {
            throw new IllegalStateException("no signals for " + o.name());
        });
        CheckReport report = ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.throws", throwing)
            .run();
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.NO_EXCEPTION);
        assertThat(report.counterexample().get().message()).contains("the control step threw on 'stats period'")
            .contains("IllegalStateException: no signals for m").contains("model policy model.throws failed on model m")
            .contains("(at io.modelscale.testkit.WorldTest");
        assertThat(report.describe()).contains("generated sequences passed before the failing one");
        assertThat(report.counterexample().get().events()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aPolicyThatKeepsStateOutsideItsMemoryBreaksDeterminism() {
        AtomicInteger asked = new AtomicInteger();
        ModelScalingPolicy<NoMemory> counting = ModelScalingPolicy.stateless(o ->
            asked.incrementAndGet() % 7 == 0 && o.scaling().maxReplicas().admits(o.scaling().replicas() + 1L)
                ? ModelScalingDecision.scale(o, o.scaling().replicas() + 1, new ModelScaleReason.Other("seventh"))
                : ModelScalingDecision.hold(o, ModelScalingDecision.HoldReason.OTHER, "not yet"));
        CheckReport report = ControlLoopCheck.of(Presets.consolidating()).withModelPolicy("model.counting", counting)
            .without(Invariant.NO_FLIP_FLOP, "this test is about hidden state").sequences(50).run();
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.DETERMINISM);
        assertThat(report.counterexample().get().message())
            .containsPattern("the same events and seed ran differently from line \\d+: '.+' then '.+'");
    }

    /** The control step's randomness follows the check's seed: Seldon's code orders servers at random. */
    @Test
    void theSeedReachesTheControlStep() {
        List<Event> events = List.of(new Event.Deploy(1, 0, 1, 1, 0, 1), new Event.Deploy(1, 1, 1, 1, 0, 1),
            new Event.Deploy(1, 2, 1, 1, 0, 1), new Event.Deploy(1, 3, 1, 1, 0, 1), new Event.Deploy(1, 4, 1, 1, 0, 1));
        ControlLoopCheck seldonCore = ControlLoopCheck.of(Presets.seldonCore());
        java.util.Set<String> traces = new java.util.HashSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            traces.add(seldonCore.seed(seed).trace(events));
            assertThat(seldonCore.seed(seed).trace(events)).isEqualTo(seldonCore.seed(seed).trace(events));
        }
        assertThat(traces).hasSizeGreaterThan(1);
    }

    @Test
    void aServerScaleUpRegisteredByNameIsChecked() {
        PolicyRegistry registry = PolicyRegistry.standard().withServerScaleUp("server.beyond", () -> BEYOND_MAX)
            .get();
        ControlLoopCheck check = ControlLoopCheck.of(registry, "documented").withServerScaleUp("server.beyond");
        assertThat(check.preset().serverScaleUp().name()).isEqualTo("server.beyond");
        assertThat(check.run().counterexample()).map(Counterexample::invariant).contains(Invariant.SERVER_BOUNDS);
        assertThat(ControlLoopCheck.of(registry, "documented").withServerScaleDown("server.consolidating").preset()
            .serverScaleDown().name()).isEqualTo("server.consolidating");
    }

    @Test
    void settingsAreValidatedAndKept() {
        ControlLoopCheck check = ControlLoopCheck.of(Presets.consolidating());
        assertThat(check.sequences(1).events(0, 0).stabilityWindow(Duration.ofSeconds(1)).run().sequences())
            .isEqualTo(1);
        assertThatThrownBy(() -> check.events(-1, 3)).hasMessageContaining("got -1 and 3");
        assertThatThrownBy(() -> check.events(4, 3)).hasMessageContaining("got 4 and 3");
        assertThatThrownBy(() -> check.stabilityWindow(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> check.stabilityWindow(Duration.ofSeconds(-1))).hasMessageContaining("positive");
        assertThatThrownBy(() -> check.reaching(Reach.DRAIN, 101)).hasMessageContaining("got 101");
        assertThatThrownBy(() -> check.reaching(Reach.DRAIN, -1)).hasMessageContaining("got -1");
        assertThat(check.reaching(Reach.DRAIN, 100).reaching(Reach.DRAIN, 0)).isNotNull();
        assertThatThrownBy(() -> check.without(Invariant.NO_EXCEPTION, "why not"))
            .hasMessageContaining("cannot be left out");
        assertThatThrownBy(() -> ControlLoopCheck.of(PolicyRegistry.standard(), "nope"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consolidating");
        assertThatThrownBy(() -> check.withModelPolicy("NOT a name!", UserPoliciesTest.PER_REPLICA))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'NOT a name!' is not a policy name");
    }

    @Test
    void reportsSayWhatTheyCountedAndWhatTheyLeftOut() {
        CheckReport passed = ControlLoopCheck.of(Presets.consolidating()).sequences(40)
            .without(Invariant.DETERMINISM, "shown elsewhere").run();
        assertThat(passed.passed()).isTrue();
        String text = passed.describe();
        assertThat(text).startsWith("PASSED: consolidating (models model.sloAware, servers server.memoryAware and"
            + " server.consolidating; short models placed again when a replica unloads), 40 generated sequences, seed "
            + ControlLoopCheck.DEFAULT_SEED + "\n");
        for (Reach reach : Reach.values()) {
            assertThat(text).contains(reach.describe() + " " + passed.reached().getOrDefault(reach, 0));
        }
        assertThat(text).endsWith("drains of a replica holding models " + passed.reached().get(Reach.DRAIN)
            + "\nnot checked: the same inputs give the same decisions (§4.7): shown elsewhere\n");
    }

    @Test
    void aLongTraceShowsItsEnd() {
        StringBuilder trace = new StringBuilder();
        for (int i = 1; i <= Counterexample.TRACE_LINES + 5; i++) {
            trace.append("line ").append(i).append('\n');
        }
        String text = new Counterexample(Invariant.MEMORY, "too much", List.of(new Event.Tick(3)), trace.toString(),
            7).describe();
        assertThat(text).contains("    1. after   3 s: stats period\n")
            .contains("(the last " + Counterexample.TRACE_LINES + " of " + (Counterexample.TRACE_LINES + 5) + " lines")
            .doesNotContain("line 5\n").contains("  line 6\n").endsWith("  line " + (Counterexample.TRACE_LINES + 5)
                + "\n")
            .contains("check.seed(7)");
        String shortOne = new Counterexample(Invariant.MEMORY, "too much", List.of(), "only\n", 7).describe();
        assertThat(shortOne).contains("what the control step did:\n  only\n");
    }
}
