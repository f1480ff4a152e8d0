package io.modelscale.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelscale.core.arbitrary.Theories;
import io.modelscale.placement.SchedulerConfig;
import io.modelscale.placement.rule.ReplicaFilters;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.quicktheories.generators.SourceDSL.integers;

/**
 * The whole control loop under generated sequences of events (models deployed and deleted, traffic rising and
 * falling, agents loading, unloading and failing loads, server replicas joining, draining, leaving and restarting),
 * with each preset and with Knative's autoscaler in place of the model policy: after every step every invariant of
 * the specification holds. See {@link ControlLoop}.
 */
class ControlLoopProperties {

    /**
     * At least 1,000 sequences in the default build; {@code -Pthorough} raises it with the example count, and
     * {@code -Dmodelscale.sequences=N} sets it (the mutation profile runs fewer).
     */
    private static final int SEQUENCES = Integer.getInteger("modelscale.sequences",
        Math.max(1_000, Theories.examples()));
    private static final int MIN_STEPS = 50;

    private static Gen<int[]> events() {
        return Generate.intArrays(integers().between(MIN_STEPS, MIN_STEPS + 30), integers().allPositive());
    }

    private static long seed(int[] events) {
        return Arrays.hashCode(events);
    }

    private static ControlLoop run(Preset preset, int[] events) {
        ControlLoop loop = new ControlLoop(preset, seed(events));
        for (int event : events) {
            loop.apply(event);
        }
        return loop;
    }

    private static Preset knative() {
        return Presets.documented().withModelPolicy(PolicyRegistry.standard().modelPolicy("model.knative").get());
    }

    @Test
    void underTheDocumentedPresetEveryInvariantHoldsAfterEveryStep() {
        Theories.qt().withExamples(SEQUENCES).forAll(events()).checkAssert(events -> run(Presets.documented(), events));
    }

    @Test
    void underTheSeldonCorePresetEveryInvariantHoldsAfterEveryStep() {
        Theories.qt().withExamples(SEQUENCES).forAll(events()).checkAssert(events -> run(Presets.seldonCore(), events));
    }

    @Test
    void underTheConsolidatingPresetEveryInvariantHoldsAfterEveryStep() {
        Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(Presets.consolidating(), events));
    }

    @Test
    void withKnativeScalingTheModelsEveryInvariantHoldsAfterEveryStep() {
        Preset knative = knative();
        Theories.qt().withExamples(SEQUENCES).forAll(events()).checkAssert(events -> run(knative, events));
    }

    @Test
    void theSameEventsAndSeedReachTheSameCluster() {
        Theories.qt().forAll(events()).checkAssert(events -> {
            for (Preset preset : java.util.List.of(Presets.seldonCore(), Presets.consolidating())) {
                ControlLoop first = run(preset, events);
                ControlLoop second = run(preset, events);
                assertThat(second.cluster()).isEqualTo(first.cluster());
                assertThat(second.log()).isEqualTo(first.log());
            }
        });
    }

    /**
     * The generated events reach each model policy's decisions, server scale-downs, and releases of drained replicas
     * that still served a model, often enough.
     */
    @Test
    void everyModelPolicyScalesModelsUpAndDownInTheGeneratedSequences() {
        java.util.List<int[]> sequences = new java.util.ArrayList<>();
        Theories.qt().withExamples(200).forAll(events()).checkAssert(sequences::add);
        for (Preset preset : java.util.List.of(Presets.documented(), Presets.seldonCore(), Presets.consolidating(),
            knative())) {
            int[] total = new int[4];
            int scaled = 0;
            for (int[] events : sequences) {
                int[] scalings = run(preset, events).scalings();
                for (int i = 0; i < 4; i++) {
                    total[i] += scalings[i];
                }
                scaled += scalings[0] + scalings[1] > 0 ? 1 : 0;
            }
            String name = preset.describe();
            assertThat(total[0]).as(name + " model scale-ups").isGreaterThanOrEqualTo(5);
            assertThat(total[1]).as(name + " model scale-downs").isGreaterThanOrEqualTo(5);
            assertThat(total[2]).as(name + " server scale-downs").isGreaterThanOrEqualTo(5);
            assertThat(total[3]).as(name + " releases of a replica that served a model").isGreaterThanOrEqualTo(20);
            assertThat(scaled).as(name + " sequences with a model scaled").isGreaterThanOrEqualTo(sequences.size() / 10);
        }
    }

    /** The planted fault: placement without its memory filter overcommits replicas, and the loop says so. */
    @Test
    void aPlacementThatIgnoresMemoryIsCaught() {
        SchedulerConfig spreading = SchedulerConfig.spreading();
        Preset careless = Presets.documented().withPlacement(new SchedulerConfig(spreading.serverFilters(),
            spreading.replicaFilters().remove(ReplicaFilters.memory()), spreading.replicaOrder(),
            spreading.serverOrder()));
        assertThatThrownBy(() -> Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(careless, events)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("invariants broken")
            .hasMessageContaining("above its capacity");
    }
}
