package io.modelscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.placement.rule.ReplicaFilters;
import io.modelscale.policy.PolicyRegistry;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Presets;
import io.modelscale.policy.Tuning;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/**
 * The shipped presets, and Knative's autoscaler in place of the model policy, through the kit: generated sequences
 * of events run through the control step, every invariant checked after every step. The Seldon presets do not claim
 * the two guarantees Seldon Core 2 lacks, and say why.
 */
class PresetsTest {

    /**
     * 1,000 sequences per preset in the default build; {@code -Dmodelscale.sequences=N} sets it (the mutation profile
     * runs fewer). {@link KnownCounterexamplesTest} holds a break these sequences do not reach.
     */
    static final int SEQUENCES = Integer.getInteger("modelscale.sequences", 1_000);

    /** Seldon's empty-replica scale-down and its scale-up by model replica count undo each other. */
    static final String SELDON_FLIPS = "Seldon Core 2's empty-replica scale-down counts a replica whose load is only"
        + " requested as empty, and its scale-up by model replica count undoes it in the same step"
        + " (seldon-core-2.md §5.3)";
    /** Seldon lets every scale-down through. */
    static final String SELDON_STRANDS = "Seldon Core 2 carries out every scale-down without checking that the"
        + " drained models fit elsewhere (README §1: 'carried out')";

    static ControlLoopCheck seldon(Preset preset) {
        return ControlLoopCheck.of(preset).sequences(SEQUENCES)
            .without(Invariant.NO_FLIP_FLOP, SELDON_FLIPS)
            .without(Invariant.SAFE_SCALE_DOWN, SELDON_STRANDS);
    }

    @Test
    void theConsolidatingPresetKeepsEveryInvariant() {
        CheckReport report = ControlLoopCheck.of(Presets.consolidating()).sequences(SEQUENCES).assertHolds();
        assertThat(report.waived()).isEmpty();
    }

    @Test
    void theDocumentedPresetKeepsEveryInvariantItClaims() {
        seldon(Presets.documented()).assertHolds();
    }

    @Test
    void theSeldonCorePresetKeepsEveryInvariantItClaims() {
        seldon(Presets.seldonCore()).assertHolds();
    }

    /**
     * Knative's autoscaler clamps its count to the model's range without holding, and Seldon's servers never refuse
     * a scale-down nor hold one at their floor: no scale is held back at a limit.
     */
    @Test
    void knativeScalingTheModelsKeepsEveryInvariantItClaims() {
        CheckReport report = seldon(Presets.documented().withModelPolicy(PolicyRegistry.standard()
            .modelPolicy("model.knative").get())).reaching(Reach.REFUSAL, 0).assertHolds();
        assertThat(report.reached().getOrDefault(Reach.REFUSAL, 0)).isZero();
    }

    /**
     * The alternatives' presets on Seldon 2.10's servers keep what the Seldon presets claim: Ray Serve's policy, Knative's
     * KPA at its shipped target and the Kubernetes HPA on each model's requests per second each clamp their count to
     * the model's range, so no scale is refused.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rayServe", "knative", "hpa"})
    void theAlternativesPresetsKeepEveryInvariantTheyClaim(String name) {
        CheckReport report = seldon(PolicyRegistry.standard().preset(name).get()).reaching(Reach.REFUSAL, 0)
            .assertHolds();
        assertThat(report.reached().getOrDefault(Reach.REFUSAL, 0)).isZero();
    }

    /**
     * Without the memory scale-up (servers grow only to the most replicas one of their models wants, as Seldon's do,
     * and shrink by consolidation), {@code consolidating} still keeps every invariant, flip-flops included.
     */
    @Test
    void theConsolidatingPresetWithoutMemoryScaleUpKeepsEveryInvariant() {
        Preset seldonScaleUp = Presets.tuned("consolidating", new Tuning(Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.none(), Option.none(), Option.some(false))).get();
        CheckReport report = ControlLoopCheck.of(seldonScaleUp).sequences(SEQUENCES).assertHolds();
        assertThat(report.waived()).isEmpty();
    }

    /** The SLO-aware model policy under the consolidating preset's servers keeps every invariant, flip-flops included. */
    @Test
    void theSloAwarePolicyKeepsEveryInvariant() {
        CheckReport report = ControlLoopCheck.of(Presets.consolidating().withModelPolicy(PolicyRegistry.standard()
            .modelPolicy("model.sloAware").get())).sequences(SEQUENCES).assertHolds();
        assertThat(report.waived()).isEmpty();
    }

    @Test
    void theSeldonPresetsDoBreakWhatTheyDoNotClaim() {
        CheckReport flips = ControlLoopCheck.of(Presets.documented()).without(Invariant.SAFE_SCALE_DOWN,
            SELDON_STRANDS).run();
        assertThat(flips.counterexample()).map(Counterexample::invariant).contains(Invariant.NO_FLIP_FLOP);
        CheckReport strands = ControlLoopCheck.of(Presets.documented()).without(Invariant.NO_FLIP_FLOP, SELDON_FLIPS)
            .run();
        assertThat(strands.counterexample()).map(Counterexample::invariant).contains(Invariant.SAFE_SCALE_DOWN);
    }

    /** The planted fault: placement without its memory filter overcommits replicas, and the kit says so. */
    @Test
    void aPlacementThatIgnoresMemoryIsCaught() {
        SchedulerConfig spreading = SchedulerConfig.spreading();
        Preset careless = Presets.documented().withPlacement(new SchedulerConfig(spreading.serverFilters(),
            spreading.replicaFilters().remove(ReplicaFilters.memory()), spreading.replicaOrder(),
            spreading.serverOrder()));
        CheckReport report = seldon(careless).run();
        assertThat(report.passed()).isFalse();
        assertThat(report.counterexample()).map(Counterexample::invariant).contains(Invariant.MEMORY);
        assertThat(report.counterexample().get().message()).contains("above its capacity");
    }
}
