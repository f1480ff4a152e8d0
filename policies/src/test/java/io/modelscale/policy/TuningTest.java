package io.modelscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TuningTest {

    @Test
    void untuned_keepsThePresetsNameAndPolicies() {
        Preset tuned = Presets.tuned("consolidating", Tuning.none()).get();
        Preset shipped = Presets.consolidating();
        assertThat(tuned.name()).isEqualTo("consolidating");
        assertThat(tuned.describe()).isEqualTo(shipped.describe());
    }

    @Test
    void aTunedPreset_isNamedAfterItsSettings() {
        Tuning tuning = new Tuning(Option.none(), Option.some(0.95), Option.some(Duration.ofMinutes(15)),
            Option.some(Duration.ofMinutes(2)), Option.none());
        Preset tuned = Presets.tuned("consolidating", tuning).get();
        assertThat(tuned.name()).isEqualTo("consolidating[targetAttainment=0.95,scaleDownWindow=15m,"
            + "consolidationWindow=2m]");
        Tuning odd = new Tuning(Option.none(), Option.none(), Option.some(Duration.ofSeconds(90)),
            Option.some(Duration.ofHours(2)), Option.none());
        assertThat(Presets.tuned("consolidating", odd).get().name())
            .isEqualTo("consolidating[scaleDownWindow=90s,consolidationWindow=2h]");
        assertThat(tuned.models().policy()).isEqualTo(new io.modelscale.policy.model.SloAwarePolicy(
            io.modelscale.policy.model.SloAwarePolicy.Config.defaults().withAttainment(0.95)
                .withScaleDownWindow(Duration.ofMinutes(15))));
        assertThat(Presets.tuned("seldonCore", new Tuning(Option.some(10L), Option.none(), Option.none(), Option.none(),
            Option.some(50.0))).get().name()).isEqualTo("seldonCore[lagThreshold=10,packingPercentage=50.0]");
    }

    /**
     * Without the memory scale-up, {@code consolidating}'s servers scale up as Seldon's do, to the most replicas one
     * of their models wants (with the memory-aware policy's reversal guard); everything else in the preset stays,
     * and the setting applies to it alone.
     */
    @Test
    void memoryScaleUp_false_scalesServersToTheLargestModelOnly() {
        Tuning off = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.some(false));
        Preset tuned = Presets.tuned("consolidating", off).get();
        assertThat(tuned.name()).isEqualTo("consolidating[memoryScaleUp=false]");
        assertThat(tuned.serverScaleUp().name()).isEqualTo("server.memoryAware.countOnly");
        assertThat(tuned.serverScaleUp().policy()).isEqualTo(new io.modelscale.policy.server.MemoryAwareScaleUp(
            false, Duration.ofMinutes(5), false));
        Preset shipped = Presets.consolidating();
        assertThat(tuned.models()).isEqualTo(shipped.models());
        assertThat(tuned.serverScaleDown()).isEqualTo(shipped.serverScaleDown());
        assertThat(tuned.placement()).isEqualTo(shipped.placement());
        Tuning on = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.some(true));
        assertThat(Presets.tuned("consolidating", on).get().serverScaleUp()).isEqualTo(shipped.serverScaleUp());
        assertThat(Presets.tuned("seldonCore", off).getLeft().message()).isEqualTo("memoryScaleUp does not apply"
            + " to preset seldonCore: expected one of lagThreshold, packingPercentage");
    }

    /**
     * {@code consolidating} places short models again when room frees unless told not to; the switch changes nothing
     * else in the preset, and applies to it alone.
     */
    @Test
    void retryWhenRoomFrees_false_placesShortModelsAgainOnServerReplicaEventsOnly() {
        Tuning off = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.none(), Option.some(false));
        Preset shipped = Presets.consolidating();
        Preset tuned = Presets.tuned("consolidating", off).get();
        assertThat(tuned.name()).isEqualTo("consolidating[retryWhenRoomFrees=false]");
        assertThat(shipped.retryWhenRoomFrees()).isTrue();
        assertThat(tuned.retryWhenRoomFrees()).isFalse();
        assertThat(tuned.named("consolidating")).isEqualTo(shipped.withRetryWhenRoomFrees(false));
        Tuning on = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.some(false), Option.some(true));
        Preset both = Presets.tuned("consolidating", on).get();
        assertThat(both.name()).isEqualTo("consolidating[memoryScaleUp=false,retryWhenRoomFrees=true]");
        assertThat(both.retryWhenRoomFrees()).isTrue();
        assertThat(both.serverScaleUp().name()).isEqualTo("server.memoryAware.countOnly");
        assertThat(Presets.tuned("hpa", off).getLeft().message()).isEqualTo("retryWhenRoomFrees does not apply to"
            + " preset hpa: expected one of targetPerReplica");
        assertThat(Presets.hpa().retryWhenRoomFrees()).isFalse();
    }

    /** The busy seconds reach the SLO-aware policy of {@code consolidating}, and only of it. */
    @Test
    void busySeconds_tunesTheSloAwarePolicy() {
        Tuning busy = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.none(), Option.some(true));
        Preset tuned = Presets.tuned("consolidating", busy).get();
        assertThat(tuned.name()).isEqualTo("consolidating[busySeconds=true]");
        assertThat(tuned.models().policy()).isEqualTo(new io.modelscale.policy.model.SloAwarePolicy(
            io.modelscale.policy.model.SloAwarePolicy.Config.defaults().withBusySeconds(true)));
        assertThat(tuned.models().policy().readsOutstandingPerSecond()).isTrue();
        assertThat(Presets.tuned("consolidating", new Tuning(Option.none(), Option.none(), Option.none(),
            Option.none(), Option.none(), Option.none(), Option.some(false))).get().models().policy())
            .isEqualTo(Presets.consolidating().models().policy());
        assertThat(Presets.tuned("hpa", busy).getLeft().message()).isEqualTo("busySeconds does not apply to preset"
            + " hpa: expected one of targetPerReplica");
    }

    /** The per-replica target reaches each named autoscaler as that autoscaler counts it. */
    @Test
    void targetPerReplica_tunesRayServeKnativeAndTheHpa() {
        Tuning three = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.some(3.0));
        assertThat(Presets.tuned("rayServe", three).get().models().policy()).isEqualTo(
            new io.modelscale.policy.model.RayServePolicy(io.modelscale.policy.model.RayServePolicy.Config.defaults()
                .withTarget(3)));
        assertThat(Presets.tuned("knative", three).get().models().policy()).isEqualTo(
            new io.modelscale.policy.model.KnativePolicy(io.modelscale.policy.model.KnativeAutoscaler.Config
                .defaults(3)));
        assertThat(Presets.tuned("hpa", three).get().models().policy()).isEqualTo(
            io.modelscale.policy.hpa.ModelHpaPolicy.perReplicaRequestRate(3_000));
        assertThat(Presets.tuned("hpa", three).get().name()).isEqualTo("hpa[targetPerReplica=3.0]");
        assertThat(Presets.tuned("rayServe", Tuning.none()).get()).isEqualTo(Presets.rayServe());
        assertThat(Presets.rayServe().serverScaleDown()).isEqualTo(Presets.seldonCore().serverScaleDown());
    }

    @Test
    void aSettingThatDoesNotApply_orAValueOutOfRange_isAProblem() {
        Tuning window = new Tuning(Option.none(), Option.none(), Option.none(), Option.some(Duration.ofMinutes(1)),
            Option.none());
        assertThat(Presets.tuned("documented", window).getLeft().describe())
            .isEqualTo("consolidationWindow: consolidationWindow does not apply to preset documented: expected one of"
                + " lagThreshold");
        Tuning lag = new Tuning(Option.some(10L), Option.none(), Option.none(), Option.none(), Option.none());
        assertThat(Presets.tuned("consolidating", lag).getLeft().message()).isEqualTo("lagThreshold does not apply"
            + " to preset consolidating: expected one of targetAttainment, scaleDownWindow, consolidationWindow,"
            + " busySeconds, memoryScaleUp, retryWhenRoomFrees");
        Tuning zero = new Tuning(Option.some(0L), Option.none(), Option.none(), Option.none(), Option.none());
        assertThat(Presets.tuned("documented", zero).getLeft().message()).contains("lag");
        Tuning over = new Tuning(Option.none(), Option.some(1.5), Option.none(), Option.none(), Option.none());
        assertThat(Presets.tuned("consolidating", over).getLeft().message())
            .isEqualTo("targetAttainment must be in (0, 1), got 1.5");
        Tuning back = new Tuning(Option.none(), Option.none(), Option.some(Duration.ofMinutes(-1)), Option.none(),
            Option.none());
        assertThat(Presets.tuned("consolidating", back).getLeft().message())
            .isEqualTo("scaleDownWindow must not be negative, got PT-1M");
        Tuning percent = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.some(101.0));
        assertThat(Presets.tuned("seldonCore", percent).getLeft().message()).contains("between 0 and 100");
        assertThat(Presets.tuned("fastest", Tuning.none()).isLeft()).isTrue();
        Tuning zeroTarget = new Tuning(Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
            Option.some(0.0));
        assertThat(Presets.tuned("rayServe", zeroTarget).getLeft().message())
            .isEqualTo("targetPerReplica must be a finite number above zero, got 0.0");
    }
}
