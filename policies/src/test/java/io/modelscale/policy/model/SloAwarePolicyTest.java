package io.modelscale.policy.model;

import static io.modelscale.core.arbitrary.Theories.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.scaling.MaxReplicas;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelScalingDecision.HoldReason;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class SloAwarePolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SloAwarePolicy policy = new SloAwarePolicy(SloAwarePolicy.Config.defaults());

    /**
     * Worked by hand ({@link ErlangCTest}): 2 requests per second of 1 s each are 2 Erlangs; 99 % within 1 s takes
     * 5 slots, two replicas of 4.
     */
    @Test
    void size_twoErlangs_needTwoReplicasOfFour() {
        LoadSizing sizing = policy.size(load(2, 0, 1_000, 4), Option.none());
        assertThat(sizing.erlangs()).isEqualTo(2.0);
        assertThat(sizing.slots()).isEqualTo(5);
        assertThat(sizing.replicas()).isEqualTo(2);
        assertThat(sizing.describe()).isEqualTo(
            "2.00/s x 1 s service = 2.00 Erlangs; 99 % of waits within 1 s need 5 slots, 2 replicas of 4");
    }

    /**
     * A burst the period's mean hides, worked by hand: 20 seconds, 16 quiet (0 outstanding), then 17.2, 12, 9 and 1
     * requests outstanding; 1.5 requests per second of 0.8 s are 1.2 Erlangs, which Erlang's formula serves 99 %
     * within 1 s with 4 slots, one replica of 4. Sized to the busy seconds, the 0.99 quantile of the 20 seconds is
     * their largest, 17.2: 18 slots, 5 replicas of 4. At 0.9 it is the 18th of 20 sorted, 9: 9 slots, 3 replicas,
     * where the formula needs 3 slots at 0.9 (two leave 0.45·e^-1 = 0.17 waiting longer, three 0.14·e^-2.25 =
     * 0.015). Without the setting, or without the per-second means, the formula alone.
     */
    @Test
    void size_busySeconds_sizeForTheBurstThePeriodsMeanHides() {
        ModelSignals bursty = bursty();
        SloAwarePolicy busy = new SloAwarePolicy(SloAwarePolicy.Config.defaults().withBusySeconds(true));
        LoadSizing sized = busy.size(bursty, Option.none());
        assertThat(sized.busyOutstanding()).contains(17.2);
        assertThat(sized.slots()).isEqualTo(18);
        assertThat(sized.replicas()).isEqualTo(5);
        assertThat(sized.describe()).isEqualTo("1.50/s x 0.8 s service = 1.20 Erlangs; 99 % of waits within 1 s"
            + " need 18 slots (the busy seconds held 17.2 requests at once), 5 replicas of 4");
        assertThat(busy.readsOutstandingPerSecond()).isTrue();
        LoadSizing ninety = new SloAwarePolicy(SloAwarePolicy.Config.defaults().withBusySeconds(true)
            .withAttainment(0.9)).size(bursty, Option.none());
        assertThat(ninety.busyOutstanding()).contains(9.0);
        assertThat(ninety.slots()).isEqualTo(9);
        assertThat(ninety.replicas()).isEqualTo(3);
        LoadSizing plain = policy.size(bursty, Option.none());
        assertThat(plain.busyOutstanding()).isEmpty();
        assertThat(plain.slots()).isEqualTo(4);
        assertThat(plain.replicas()).isEqualTo(1);
        assertThat(policy.readsOutstandingPerSecond()).isFalse();
        assertThat(busy.size(load(1.5, 0, 800, 4), Option.none()).slots()).as("no per-second means").isEqualTo(4);
        assertThat(SloAwarePolicy.quantile(io.vavr.collection.List.empty(), 0.99)).isEmpty();
        assertThat(SloAwarePolicy.quantile(io.vavr.collection.List.of(5.0, 1.0, 3.0), 0.5)).contains(3.0);
        assertThat(SloAwarePolicy.quantile(io.vavr.collection.List.of(5.0, 1.0, 3.0), 0.01)).contains(1.0);
    }

    /** A policy sized to its busy seconds scales a model up to the burst's count in one step, and says why. */
    @Test
    void decide_busySeconds_scaleUpToTheBurstInOneStep() {
        ModelSignals bursty = bursty();
        SloAwarePolicy busy = new SloAwarePolicy(SloAwarePolicy.Config.defaults().withBusySeconds(true));
        Step<SloAwarePolicy.Memory, ModelScalingDecision> step = busy.decide(SloAwarePolicy.Memory.initial(),
            observe(new ScalingSpec(1, 1, MaxReplicas.of(6)), bursty, T0));
        assertThat(step.decision()).isInstanceOfSatisfying(ModelScalingDecision.Scale.class, scale -> {
            assertThat(scale.to()).isEqualTo(5);
            assertThat(scale.reason().describe()).contains("the busy seconds held 17.2 requests at once");
        });
    }

    /** 15 queued requests over the 30 s drain time add 0.5 requests per second: 2.5 Erlangs at 1 s each. */
    @Test
    void size_theQueueAddsItsDrainRate() {
        LoadSizing sizing = policy.size(ModelSignals.of(4, 15, 2).withMeanServiceTime(Duration.ofSeconds(1))
            .withConcurrencyPerReplica(1), Option.none());
        assertThat(sizing.erlangs()).isEqualTo(2.5);
        assertThat(sizing.describe()).startsWith("2.00/s + 15 queued x 1 s service = 2.50 Erlangs");
    }

    @Test
    void size_withoutAMeasuredServiceTime_usesTheLastOneThenTheAssumption() {
        ModelSignals noneFinished = ModelSignals.of(0, 0, 2).withConcurrencyPerReplica(4);
        assertThat(policy.size(noneFinished, Option.some(Duration.ofMillis(500))).serviceTime())
            .isEqualTo(Duration.ofMillis(500));
        LoadSizing assumed = policy.size(noneFinished, Option.none());
        assertThat(assumed.measured()).isFalse();
        assertThat(assumed.describe()).contains("x 1 s service (assumed)");
    }

    /** A mean service time of zero says nothing: the last one measured stands, and the memory keeps it. */
    @Test
    void aZeroServiceTime_isNotAMeasurement() {
        ModelSignals zero = ModelSignals.of(0, 0, 2).withMeanServiceTime(Duration.ZERO).withConcurrencyPerReplica(4);
        assertThat(policy.size(zero, Option.some(Duration.ofMillis(500))).serviceTime())
            .isEqualTo(Duration.ofMillis(500));
        assertThat(policy.size(zero, Option.none()).measured()).isFalse();
        SloAwarePolicy.Memory remembered = new SloAwarePolicy.Memory(Option.some(Duration.ofMillis(500)),
            Option.none(), 0, Option.none(), Option.none());
        assertThat(policy.decide(remembered, observe(new ScalingSpec(1, 1, MaxReplicas.of(5)), zero, T0)).memory()
            .serviceTime()).contains(Duration.ofMillis(500));
    }

    /**
     * Requests in flight with none arriving or queued are no offered load (0 Erlangs, 0 slots), but a model serving
     * them keeps a replica; nothing at all needs none.
     */
    @Test
    void inFlightOnly_keepsOneReplica_andNothingAtAllNeedsNone() {
        LoadSizing busy = policy.size(ModelSignals.of(3, 0, 0).withMeanServiceTime(Duration.ofSeconds(1)),
            Option.none());
        assertThat(busy.erlangs()).isZero();
        assertThat(busy.slots()).isZero();
        assertThat(busy.replicas()).isEqualTo(1);
        assertThat(policy.size(ModelSignals.idle(), Option.none()).replicas()).isZero();
        // 0.5 requests per second of 2 s are 1 Erlang, and 1 s is half a service time: three slots leave
        // C(3, 1) e^-1 = 0.0909 x 0.368 = 0.033 waiting longer, four C(4, 1) e^-1.5 = 0.0204 x 0.223 = 0.0046
        LoadSizing two = policy.size(ModelSignals.of(0, 0, 0.5).withMeanServiceTime(Duration.ofSeconds(2)),
            Option.none());
        assertThat(two.erlangs()).isEqualTo(1.0);
        assertThat(two.slots()).isEqualTo(4);
    }

    @Test
    void decide_aShortfall_scalesToTheNeededCountInOneStep() {
        ModelScalingDecision decision = policy.decide(SloAwarePolicy.Memory.initial(),
            observe(new ScalingSpec(1, 1, MaxReplicas.of(20)), load(10, 0, 1_000, 1), T0)).decision();
        assertThat(decision).isInstanceOf(ModelScalingDecision.Scale.class);
        ModelScalingDecision.Scale scale = (ModelScalingDecision.Scale) decision;
        // 10 Erlangs: 13 servers leave 0.0142 waiting over 1 s, 14 leave 0.0032 (textbook sum, by hand)
        assertThat(scale.to()).isEqualTo(14);
        assertThat(scale.reason()).isInstanceOf(ModelScaleReason.OfferedLoad.class);
    }

    /**
     * A model no server can take (it needs {@code tensorflow}) is ScheduleFailed with nothing ready: its queue grows
     * every period, and the policy holds instead of raising a count that could not be placed either.
     */
    @Test
    void decide_aModelThatCouldNotBePlaced_isHeld_notScaledUpPeriodAfterPeriod() {
        io.modelscale.core.cluster.Cluster servers = io.modelscale.core.cluster.ClusterBuilder.at(T0)
            .server("server1", d -> d.replicas(2).memory("1Gi")).buildOrThrow();
        io.modelscale.core.model.ModelSpec needsTf = io.modelscale.core.model.ModelSpec.builder().name(PolicyFixture.IRIS)
            .memory(io.modelscale.core.memory.MemoryQuantity.ofBytes(100)).requirements(io.vavr.collection.List.of(
                "tensorflow")).scaling(new ScalingSpec(1, 1, MaxReplicas.of(20))).build();
        io.modelscale.core.cluster.Cluster failed = io.modelscale.placement.Scheduler.spreading().schedule(
            servers.deployModel(needsTf, T0), PolicyFixture.IRIS, T0).get().cluster();
        assertThat(failed.model(PolicyFixture.IRIS).get().latest().status().state())
            .isEqualTo(io.modelscale.core.model.ModelState.SCHEDULE_FAILED);
        ModelObservation observation = Observations.of(failed, PolicyFixture.IRIS, load(10, 40, 1_000, 1), T0);
        assertThat(observation.readyReplicas()).isZero();
        ModelScalingDecision decision = policy.decide(SloAwarePolicy.Memory.initial(), observation).decision();
        assertThat(decision).isInstanceOf(ModelScalingDecision.Hold.class);
        assertThat(((ModelScalingDecision.Hold) decision).reason()).isEqualTo(HoldReason.LATEST_NOT_AVAILABLE);
        assertThat(decision.describe()).contains("could not be placed (ScheduleFailed)");
    }

    @Test
    void decide_aShortfallBeyondTheMaximum_scalesToTheMaximum() {
        ModelScalingDecision decision = policy.decide(SloAwarePolicy.Memory.initial(),
            observe(new ScalingSpec(1, 1, MaxReplicas.of(4)), load(10, 0, 1_000, 1), T0)).decision();
        assertThat(((ModelScalingDecision.Scale) decision).to()).isEqualTo(4);
    }

    @Test
    void decide_requestsForAModelAtZero_scaleItFromZero() {
        ModelScalingDecision decision = policy.decide(SloAwarePolicy.Memory.initial(),
            observe(new ScalingSpec(0, 0, MaxReplicas.of(3)), ModelSignals.of(0, 0, 0.05)
                .withConcurrencyPerReplica(4), T0)).decision();
        // one slot leaves 0.05 e^-0.95 = 0.0193 waiting longer than 1 s, two 0.0002
        assertThat(decision.describe()).isEqualTo("scale iris:1 from 0 to 1: 0.0500/s x 1 s service (assumed)"
            + " = 0.0500 Erlangs; 99 % of waits within 1 s need 2 slots, 1 replica of 4");
    }

    /**
     * Load falls from 15 replicas' worth to 2's: the policy holds for the whole 10 minute window, then goes to the
     * most needed in it (a burst needing 6 at minute 4), not to the 2 needed at the end.
     */
    @Test
    void decide_fallingLoad_scalesDownAfterTheWindowToTheMostNeededInIt() {
        ScalingSpec fifteen = new ScalingSpec(15, 1, MaxReplicas.of(20));
        SloAwarePolicy.Memory memory = SloAwarePolicy.Memory.initial();
        List<ModelScalingDecision> decisions = new ArrayList<>();
        for (int second = 0; second <= 600; second += 20) {
            double rate = second == 240 ? 4 : 1;  // 1 Erlang needs 4 slots, 4 Erlangs 7
            Step<SloAwarePolicy.Memory, ModelScalingDecision> step = policy.decide(memory,
                observe(fifteen, load(rate, 0, 1_000, 1), T0.plusSeconds(second)));
            memory = step.memory();
            decisions.add(step.decision());
        }
        for (ModelScalingDecision d : decisions.subList(0, decisions.size() - 1)) {
            assertThat(d).isInstanceOf(ModelScalingDecision.Hold.class);
            assertThat(((ModelScalingDecision.Hold) d).reason()).isEqualTo(HoldReason.DEMAND_LOW_TOO_BRIEFLY);
        }
        ModelScalingDecision.Scale down = (ModelScalingDecision.Scale) decisions.get(decisions.size() - 1);
        int burst = ErlangCByHand.FOUR_ERLANGS_WITHIN_ONE_SERVICE_TIME;
        assertThat(down.to()).isEqualTo(burst);
        assertThat(down.reason()).isEqualTo(new ModelScaleReason.OfferedLoadLow(
            policy.size(load(1, 0, 1_000, 1), Option.none()), burst, T0));
    }

    /** A count above the maximum (the spec allows one) scales down no further than the maximum's bound: 3, not 4. */
    @Test
    void decide_aScaleDownAboveTheMaximum_goesToTheMaximum() {
        // 1 Erlang needs 4 slots (by hand, the textbook sum): 4 replicas of one, fewer than 5, above the maximum 3
        Step<SloAwarePolicy.Memory, ModelScalingDecision> step = throughTheWindow(new ScalingSpec(5, 1,
            MaxReplicas.of(3)), load(1, 0, 1_000, 1));
        assertThat(((ModelScalingDecision.Scale) step.decision()).to()).isEqualTo(3);
        assertThat(step.memory().lastReplicas()).contains(3);
    }

    @Test
    void decide_afterItsOwnScaleDown_holdsAScaleUpForTheReversalGuard() {
        ScalingSpec three = new ScalingSpec(3, 1, MaxReplicas.of(20));
        // 0.01 Erlangs: one slot leaves 0.0037 waiting longer than 1 s
        Step<SloAwarePolicy.Memory, ModelScalingDecision> step = throughTheWindow(three, load(0.01, 0, 1_000, 1));
        SloAwarePolicy.Memory memory = step.memory();
        assertThat(((ModelScalingDecision.Scale) step.decision()).to()).isEqualTo(1);
        ScalingSpec one = three.withReplicas(1);
        Step<SloAwarePolicy.Memory, ModelScalingDecision> surge = policy.decide(memory,
            observe(one, load(5, 0, 1_000, 1), T0.plusSeconds(620)));
        assertThat(reason(surge.decision())).isEqualTo(HoldReason.COOLING_DOWN);
        assertThat(surge.steadyUntil()).contains(T0.plusSeconds(900));
        assertThat(policy.decide(surge.memory(), observe(one, load(5, 0, 1_000, 1), T0.plusSeconds(900))).decision())
            .isInstanceOf(ModelScalingDecision.Scale.class);
    }

    @Test
    void decide_aChangeOfTheCountByAnyone_startsTheWindowAgain() {
        Step<SloAwarePolicy.Memory, ModelScalingDecision> low = policy.decide(SloAwarePolicy.Memory.initial(),
            observe(new ScalingSpec(5, 1, MaxReplicas.of(20)), load(0.1, 0, 1_000, 1), T0));
        Step<SloAwarePolicy.Memory, ModelScalingDecision> later = policy.decide(low.memory(),
            observe(new ScalingSpec(4, 1, MaxReplicas.of(20)), load(0.1, 0, 1_000, 1), T0.plusSeconds(600)));
        assertThat(reason(later.decision())).isEqualTo(HoldReason.DEMAND_LOW_TOO_BRIEFLY);
        assertThat(later.memory().lowSince()).contains(T0.plusSeconds(600));
    }

    @Test
    void decide_eachReasonToHold() {
        assertThat(reason(policy.decide(SloAwarePolicy.Memory.initial(), observe(new ScalingSpec(2, 0,
            MaxReplicas.unbounded()), load(10, 0, 1_000, 1), T0)).decision())).isEqualTo(HoldReason.AUTOSCALING_DISABLED);
        assertThat(reason(policy.decide(SloAwarePolicy.Memory.initial(), observe(new ScalingSpec(3, 1,
            MaxReplicas.of(3)), load(10, 0, 1_000, 1), T0)).decision())).isEqualTo(HoldReason.ABOVE_MAXIMUM);
        assertThat(reason(policy.decide(SloAwarePolicy.Memory.initial(), observe(new ScalingSpec(2, 1,
            MaxReplicas.of(5)), load(2, 0, 1_000, 4), T0)).decision())).isEqualTo(HoldReason.DEMAND_MET);
        assertThat(reason(policy.decide(SloAwarePolicy.Memory.initial(), observe(new ScalingSpec(3, 1,
            MaxReplicas.of(5)), load(2, 0, 1_000, 4), T0)).decision())).isEqualTo(HoldReason.DEMAND_LOW_TOO_BRIEFLY);
    }

    @Test
    void config_outOfRange_isRefusedWithTheValue() {
        SloAwarePolicy.Config d = SloAwarePolicy.Config.defaults();
        assertThatThrownBy(() -> d.withAttainment(1)).hasMessage("attainment must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> d.withAttainment(1e-17)).hasMessage("attainment 1.0E-17 is so small that the share"
            + " allowed to miss, 1 - attainment, rounds to 1: expected at least about 6e-17");
        assertThatThrownBy(() -> d.withWaitTarget(Duration.ofSeconds(-1))).hasMessageContaining("got PT-1S");
        assertThatThrownBy(() -> d.withScaleDownWindow(Duration.ofSeconds(-1))).hasMessageContaining("got PT-1S");
        assertThatThrownBy(() -> d.withReversalGuard(Duration.ofSeconds(-1))).hasMessageContaining("got PT-1S");
        assertThatThrownBy(() -> new SloAwarePolicy.Config(Duration.ZERO, 0.9, Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(1), Duration.ZERO)).hasMessage("drainTime must be more than zero, got PT0S");
        assertThatThrownBy(() -> d.withScaleDownWindow(Duration.ofDays(367)))
            .hasMessage("a duration of the policy must be at most 366 days, got PT8808H");
    }

    /**
     * Over generated load patterns (steady, rising, falling, bursts and silence), with each scale carried out at
     * once: the policy never scales down within the scale-down window after a change, and never up within the
     * reversal guard after its own scale-down, so it never reverses itself within the shorter of the two. The
     * planted fault, a policy with neither, is shown to reverse below.
     */
    @Test
    void loadPatterns_neverReverseWithinTheWindows() {
        neverReverse(policy, false);
    }

    /**
     * The same with the policy sized to its busy seconds, each period's seconds uneven (one in seven three times
     * the period's mean load, the rest half of it): the windows hold whatever sizes the load.
     */
    @Test
    void loadPatterns_sizedToTheBusySeconds_neverReverseWithinTheWindows() {
        neverReverse(new SloAwarePolicy(SloAwarePolicy.Config.defaults().withBusySeconds(true)), true);
    }

    private static void neverReverse(SloAwarePolicy policy, boolean uneven) {
        AtomicInteger ups = new AtomicInteger();
        AtomicInteger downs = new AtomicInteger();
        AtomicInteger both = new AtomicInteger();
        AtomicInteger patterns = new AtomicInteger();
        qt().forAll(patterns()).checkAssert(rates -> {
            Duration shortest = Duration.ofMinutes(5);
            List<int[]> changes = run(policy, rates, uneven);
            patterns.incrementAndGet();
            long up = changes.stream().filter(c -> c[1] > 0).count();
            long down = changes.size() - up;
            if (up > 0) ups.incrementAndGet();
            if (down > 0) downs.incrementAndGet();
            if (up > 0 && down > 0) both.incrementAndGet();
            assertThat(reversalsWithin(changes, shortest)).as("reversals in %s", changes.size()).isZero();
        });
        assertThat(both.get()).as("patterns that scaled both ways, of %d (up %d, down %d)", patterns.get(),
            ups.get(), downs.get()).isGreaterThan(patterns.get() / 5);
    }

    @Test
    void withoutItsWindows_thePolicyReverses() {
        SloAwarePolicy eager = new SloAwarePolicy(SloAwarePolicy.Config.defaults()
            .withScaleDownWindow(Duration.ZERO).withReversalGuard(Duration.ZERO));
        List<Double> alternating = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            alternating.add(i % 4 < 2 ? 8.0 : 0.5);
        }
        assertThat(reversalsWithin(run(eager, alternating, false), Duration.ofMinutes(5))).isPositive();
        assertThat(reversalsWithin(run(policy, alternating, false), Duration.ofMinutes(5))).isZero();
    }

    /** Each 20 s period's arrival rate: stretches of steady, rising, falling, bursty and silent load. */
    private static Gen<List<Double>> patterns() {
        Gen<double[]> stretch = Generate.pick(java.util.List.of(0, 1, 2, 3, 4)).zip(SourceDSL.doubles().between(0, 12),
            Generate.range(3, 40), (kind, level, length) -> {
                double[] rates = new double[length];
                for (int i = 0; i < length; i++) {
                    rates[i] = switch (kind) {
                        case 0 -> level;
                        case 1 -> level * i / length;
                        case 2 -> level * (length - i) / length;
                        case 3 -> i % 5 == 0 ? level : level / 10;
                        default -> 0;
                    };
                }
                return rates;
            });
        return Generate.range(2, 6).flatMap(n -> stretch.zip(stretch, stretch, stretch, (a, b, c, d) -> {
            List<Double> all = new ArrayList<>();
            for (double[] part : java.util.List.of(a, b, c, d).subList(0, Math.min(4, n))) {
                for (double r : part) {
                    all.add(r);
                }
            }
            return all;
        }));
    }

    /**
     * Runs the policy over the rates with every scale carried out at once: each change as {second, direction}; when
     * {@code uneven}, each period's seconds carry uneven outstanding requests around its mean load.
     */
    private static List<int[]> run(SloAwarePolicy policy, List<Double> rates, boolean uneven) {
        ScalingSpec scaling = new ScalingSpec(1, 1, MaxReplicas.of(50));
        SloAwarePolicy.Memory memory = SloAwarePolicy.Memory.initial();
        List<int[]> changes = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            ModelSignals signals = load(rates.get(i), 0, 2_000, 2);
            if (uneven) {
                double mean = rates.get(i) * 2;
                signals = signals.withOutstandingPerSecond(io.vavr.collection.List.range(0, 20)
                    .map(second -> second % 7 == 0 ? 3 * mean : mean / 2));
            }
            Step<SloAwarePolicy.Memory, ModelScalingDecision> step = policy.decide(memory,
                observe(scaling, signals, T0.plusSeconds(20L * i)));
            memory = step.memory();
            if (step.decision() instanceof ModelScalingDecision.Scale scale) {
                changes.add(new int[] {20 * i, Integer.signum(scale.to() - scale.from())});
                scaling = scaling.withReplicas(scale.to());
            }
        }
        return changes;
    }

    /** Changes in the other direction from the one before, less than {@code window} after it (counted by hand). */
    private static int reversalsWithin(List<int[]> changes, Duration window) {
        int reversals = 0;
        for (int i = 1; i < changes.size(); i++) {
            if (changes.get(i)[1] != changes.get(i - 1)[1]
                && changes.get(i)[0] - changes.get(i - 1)[0] < window.getSeconds()) {
                reversals++;
            }
        }
        return reversals;
    }

    /** The policy's steps every 20 s from T0 to T0 + 600 s under the same load; the last one. */
    private Step<SloAwarePolicy.Memory, ModelScalingDecision> throughTheWindow(ScalingSpec scaling,
                                                                            ModelSignals signals) {
        SloAwarePolicy.Memory memory = SloAwarePolicy.Memory.initial();
        Step<SloAwarePolicy.Memory, ModelScalingDecision> step = null;
        for (int second = 0; second <= 600; second += 20) {
            step = policy.decide(memory, observe(scaling, signals, T0.plusSeconds(second)));
            memory = step.memory();
        }
        return step;
    }

    private static HoldReason reason(ModelScalingDecision decision) {
        assertThat(decision).isInstanceOf(ModelScalingDecision.Hold.class);
        return ((ModelScalingDecision.Hold) decision).reason();
    }

    /** 1.5 requests/s of 0.8 s, 4 per replica; of 20 seconds 16 quiet, then 17.2, 12, 9 and 1 outstanding. */
    private static ModelSignals bursty() {
        java.util.List<Double> seconds = new ArrayList<>(java.util.Collections.nCopies(16, 0.0));
        seconds.addAll(List.of(17.2, 12.0, 9.0, 1.0));
        return load(1.5, 0, 800, 4).withOutstandingPerSecond(io.vavr.collection.List.ofAll(seconds));
    }

    /** {@code perSecond} arrivals with {@code queued} waiting, served in {@code serviceMillis} on average. */
    private static ModelSignals load(double perSecond, long queued, long serviceMillis, int concurrency) {
        return ModelSignals.of(0, queued, perSecond).withMeanServiceTime(Duration.ofMillis(serviceMillis))
            .withConcurrencyPerReplica(concurrency);
    }

    private static ModelObservation observe(ScalingSpec scaling, ModelSignals signals, Instant now) {
        ModelSpec spec = ModelSpec.builder().name(ModelName.of("iris")).memory(MemoryQuantity.ofBytes(100))
            .scaling(scaling).build();
        return Observations.deployed(spec, signals, now);
    }

    /** Counts worked out by hand with the textbook sum. */
    private static final class ErlangCByHand {
        /**
         * 4 Erlangs, 99 % within one service time: C(6, 4) = 0.2848 leaves 0.2848 e^-2 = 0.0385 waiting longer,
         * C(7, 4) = 0.1351 leaves 0.1351 e^-3 = 0.0067: seven slots, seven replicas of one.
         */
        static final int FOUR_ERLANGS_WITHIN_ONE_SERVICE_TIME = 7;
    }
}
