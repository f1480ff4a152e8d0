package io.modelscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.Problem;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.EmptyReplicaScaleDown;
import io.modelscale.policy.server.ModelReplicaCountScaleUp;
import org.junit.jupiter.api.Test;

/** The registry: stable names to factories, presets as compositions, and names that are wrong as values. */
class PolicyRegistryTest {

    private final PolicyRegistry standard = PolicyRegistry.standard();

    @Test
    void standard_namesEveryShippedPolicyAndPreset() {
        assertThat(standard.modelPolicies()).containsExactly("model.demandLag", "model.hpa", "model.inferenceLag",
            "model.inferenceLag.seldonCore", "model.knative", "model.rayServe", "model.sloAware");
        assertThat(standard.serverScaleUps()).containsExactly("server.memoryAware", "server.memoryAware.countOnly",
            "server.modelReplicaCount");
        assertThat(standard.serverScaleDowns()).containsExactly("server.consolidating", "server.emptyReplica",
            "server.lightlyLoaded", "server.lightlyLoaded.seldonCore");
        assertThat(standard.presets()).containsExactly("consolidating", "documented", "hpa", "knative", "rayServe",
            "seldonCore");
    }

    @Test
    void presets_areTheCompositionsOfRegisteredPolicies() {
        assertThat(standard.preset("documented").get()).isEqualTo(Presets.documented());
        assertThat(standard.preset("consolidating").get().describe()).isEqualTo("consolidating (models"
            + " model.sloAware, servers server.memoryAware and server.consolidating; short models placed again when a"
            + " replica unloads)");
        assertThat(standard.preset("consolidating").get().withRetryWhenRoomFrees(false).describe())
            .isEqualTo("consolidating (models model.sloAware, servers server.memoryAware and server.consolidating)");
        assertThat(standard.preset("seldonCore").get().describe()).doesNotContain("placed again");
        for (String name : standard.presets()) {
            Preset preset = standard.preset(name).get();
            assertThat(standard.modelPolicy(preset.models().name()).get()).isEqualTo(preset.models());
            assertThat(standard.serverScaleUp(preset.serverScaleUp().name()).get()).isEqualTo(preset.serverScaleUp());
            assertThat(standard.serverScaleDown(preset.serverScaleDown().name()).get())
                .isEqualTo(preset.serverScaleDown());
        }
        assertThat(standard.modelPolicy("model.inferenceLag").get().policy())
            .isEqualTo(Presets.documented().models().policy());
        assertThat(standard.serverScaleUp(ModelReplicaCountScaleUp.NAME).get().policy())
            .isEqualTo(new ModelReplicaCountScaleUp());
        assertThat(standard.serverScaleDown(EmptyReplicaScaleDown.NAME).get().policy())
            .isEqualTo(new EmptyReplicaScaleDown());
    }

    @Test
    void withModelPolicy_oneCall_makesItAvailableByName() {
        PolicyRegistry mine = standard.withModelPolicy("model.alwaysTwo", () -> ModelScalingPolicy.stateless(o ->
            ModelScalingDecision.scale(o, 2, new ModelScaleReason.Other("two")))).get();
        assertThat(mine.modelPolicies()).contains("model.alwaysTwo");
        assertThat(mine.modelPolicy("model.alwaysTwo").get().name()).isEqualTo("model.alwaysTwo");
        assertThat(standard.modelPolicies()).doesNotContain("model.alwaysTwo");
    }

    @Test
    void unknownNames_areProblemsListingTheKnownOnes() {
        Problem problem = standard.modelPolicy("model.nope").getLeft();
        assertThat(problem.describe()).isEqualTo("model policy: unknown model policy 'model.nope': expected one of"
            + " model.demandLag, model.hpa, model.inferenceLag, model.inferenceLag.seldonCore, model.knative, model.rayServe, model.sloAware");
        assertThat(problem.value()).isEqualTo("model.nope");
        assertThat(standard.preset("fastest").getLeft().message())
            .contains("consolidating, documented, hpa, knative, rayServe, seldonCore");
        assertThat(standard.serverScaleUp(null).getLeft().value()).isEqualTo(Problem.MISSING);
        assertThat(standard.serverScaleDown("server.none").isLeft()).isTrue();
        assertThat(PolicyRegistry.empty().preset("documented").getLeft().message()).contains("none is registered");
    }

    @Test
    void takenOrMalformedNames_areRefusedAndTheRegistryIsUnchanged() {
        assertThat(standard.withModelPolicy("model.knative", () -> Presets.documented().models().policy())
            .getLeft().message()).isEqualTo("'model.knative' is already registered: choose another name");
        assertThat(standard.withServerScaleDown("documented", EmptyReplicaScaleDown::new).isLeft()).isTrue();
        assertThat(standard.withServerScaleUp("has space", ModelReplicaCountScaleUp::new).getLeft().message())
            .startsWith("'has space' is not a policy name");
        assertThat(standard.withPreset(Presets.documented().named("1bad")).isLeft()).isTrue();
        assertThat(standard.withModelPolicy(null, () -> Presets.documented().models().policy()).getLeft().value())
            .isEqualTo(Problem.MISSING);
    }

    @Test
    void preset_changesOnePolicyAtATime_andDescribesItsComposition() {
        Preset documented = Presets.documented();
        Preset changed = documented.withServerScaleUp(standard.serverScaleUp("server.memoryAware").get())
            .withServerScaleDown(standard.serverScaleDown("server.consolidating").get())
            .withPlacement(io.modelscale.placement.SchedulerConfig.packing()).named("mine");
        assertThat(changed.describe()).isEqualTo("mine (models model.inferenceLag, servers server.memoryAware and"
            + " server.consolidating)");
        assertThat(changed.models()).isEqualTo(documented.models());
        assertThat(changed.placement()).isEqualTo(io.modelscale.placement.SchedulerConfig.packing());
        assertThat(changed.scaleDownCheck()).isEqualTo(documented.scaleDownCheck());
        assertThat(changed.serverPolicy()).isEqualTo(io.modelscale.policy.server.ServerScaling.of(
            new io.modelscale.policy.server.MemoryAwareScaleUp(),
            io.modelscale.policy.server.ConsolidatingPolicy.of(
                io.modelscale.policy.server.ConsolidatingPolicy.Config.defaults())));
        assertThat(changed.models().toString()).isEqualTo("model.inferenceLag");
        assertThat(Step.of(NoMemory.INSTANCE, "d")).isEqualTo(new Step<>(NoMemory.INSTANCE, "d"));
    }

    @Test
    void aStepStandsOnlyWhenItSaysSo_andNeverUntilNull() {
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:10:00Z");
        assertThat(Step.of(NoMemory.INSTANCE, "d").steadyUntil()).isEmpty();
        assertThat(Step.steady(NoMemory.INSTANCE, "d", at).steadyUntil()).contains(at);
        assertThat(Step.steady(NoMemory.INSTANCE, "d").steadyUntil()).contains(java.time.Instant.MAX);
        assertThat(Step.steady(NoMemory.INSTANCE, "d", at)).isNotEqualTo(Step.of(NoMemory.INSTANCE, "d"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Step<>(NoMemory.INSTANCE, "d",
            io.vavr.control.Option.some(null))).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("steadyUntil");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Step.steady(NoMemory.INSTANCE, "d", null))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("until");
    }
}
