package io.modelscale.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;

import io.modelscale.core.arbitrary.Theories;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The whole control loop under generated sequences of events (models deployed, deleted and rescaled by the preset's
 * model policy; agents loading, unloading and failing loads; server replicas joining, draining, leaving and
 * restarting), with each preset and with Knative's autoscaler in place of the model policy: after every step every
 * invariant of the specification holds. See {@link ControlLoop}.
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

    private static void run(Preset preset, ControlLoop.Fault fault, int[] events) {
        ControlLoop loop = new ControlLoop(preset, fault, seed(events));
        for (int event : events) {
            loop.step(event);
        }
    }

    @Test
    void underTheDocumentedPresetEveryInvariantHoldsAfterEveryStep() {
        Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(Presets.documented(), ControlLoop.Fault.NONE, events));
    }

    @Test
    void underTheSeldonCorePresetEveryInvariantHoldsAfterEveryStep() {
        Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(Presets.seldonCore(), ControlLoop.Fault.NONE, events));
    }

    @Test
    void underTheConsolidatingPresetEveryInvariantHoldsAfterEveryStep() {
        Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(Presets.consolidating(), ControlLoop.Fault.NONE, events));
    }

    @Test
    void withKnativeScalingTheModelsEveryInvariantHoldsAfterEveryStep() {
        Preset knative = Presets.documented().withModelPolicy(Preset.ModelPolicy.KNATIVE);
        Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(knative, ControlLoop.Fault.NONE, events));
    }

    @Test
    void theSameEventsAndSeedReachTheSameCluster() {
        Theories.qt().forAll(events()).checkAssert(events -> {
            for (Preset preset : java.util.List.of(Presets.seldonCore(), Presets.consolidating())) {
                ControlLoop first = new ControlLoop(preset, ControlLoop.Fault.NONE, seed(events));
                ControlLoop second = new ControlLoop(preset, ControlLoop.Fault.NONE, seed(events));
                for (int event : events) {
                    first.step(event);
                    second.step(event);
                }
                assertThat(second.cluster()).isEqualTo(first.cluster());
                assertThat(second.log()).isEqualTo(first.log());
            }
        });
    }

    /** The generated events reach each model policy's decisions often enough for the properties to mean something. */
    @Test
    void everyModelPolicyScalesModelsUpAndDownInTheGeneratedSequences() {
        for (Preset preset : java.util.List.of(Presets.documented(), Presets.consolidating(),
            Presets.documented().withModelPolicy(Preset.ModelPolicy.KNATIVE))) {
            int[] total = new int[2];
            int scaled = 0;
            java.util.List<int[]> sequences = new java.util.ArrayList<>();
            Theories.qt().withExamples(200).forAll(events()).checkAssert(sequences::add);
            for (int[] events : sequences) {
                ControlLoop loop = new ControlLoop(preset, ControlLoop.Fault.NONE, seed(events));
                for (int event : events) {
                    loop.step(event);
                }
                int[] scalings = loop.modelScalings();
                total[0] += scalings[0];
                total[1] += scalings[1];
                scaled += scalings[0] + scalings[1] > 0 ? 1 : 0;
            }
            assertThat(total[0]).as(preset.modelPolicy() + " scale-ups").isGreaterThanOrEqualTo(5);
            assertThat(total[1]).as(preset.modelPolicy() + " scale-downs").isGreaterThanOrEqualTo(5);
            assertThat(scaled).as(preset.modelPolicy() + " sequences with a model scaled")
                .isGreaterThanOrEqualTo(sequences.size() / 10);
        }
    }

    @Test
    void aPlacementThatIgnoresMemoryIsCaught() {
        assertThatThrownBy(() -> Theories.qt().withExamples(SEQUENCES).forAll(events())
            .checkAssert(events -> run(Presets.documented(), ControlLoop.Fault.IGNORE_MEMORY, events)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("invariants broken")
            .hasMessageContaining("above its capacity");
    }
}
