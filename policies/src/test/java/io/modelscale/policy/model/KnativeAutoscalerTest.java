package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code kubernetes-hpa-kpa-keda.md} §4.5: Knative's autoscaler tests, with their harness's settings. */
class KnativeAutoscalerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void stableModeIncrease_withConcurrencyDefault() {
        KnativeAutoscaler kpa = harness(10, 10, 10);
        KnativeAutoscaler.Memory memory = KnativeAutoscaler.Memory.initial(1, NOW);
        KnativeAutoscaler.Step first = kpa.decide(memory, new KnativeAutoscaler.Observation(NOW, 1, 50, 10, true));
        assertThat(first.desired()).isEqualTo(5);
        KnativeAutoscaler.Step second = kpa.decide(first.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(2), 1, 100, 10, true));
        assertThat(second.desired()).isEqualTo(10);
    }

    @Test
    void stableModeIncrease_withSmallScaleUpRate() {
        assertThat(harness(1, 1.1, 10).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 2, 3, 3.1, true)).desired()).isEqualTo(3);
    }

    @Test
    void stableModeDecrease_withSmallScaleDownRate() {
        assertThat(harness(10, 10, 1.1).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 100, 1, 1, true)).desired()).isEqualTo(90);
    }

    @Test
    void stableModeDecrease_notReachable_dropsToOne() {
        assertThat(harness(10, 10, 1.1).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 100, 1, 1, false)).desired()).isEqualTo(1);
    }

    @Test
    void panicMode_doublesThePodCount() {
        KnativeAutoscaler.Step step = harness(10, 10, 10).decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 50, 100, true));
        assertThat(step.desired()).isEqualTo(10);
        assertThat(step.panic()).isTrue();
    }

    @Test
    void panicMode_stableLargerThanPanic_takesStable() {
        KnativeAutoscaler.Memory inPanic = new KnativeAutoscaler.Memory(Option.some(NOW.minusSeconds(2)), 5,
            List.empty(), Option.none());
        assertThat(harness(1, 10, 10).decide(inPanic, new KnativeAutoscaler.Observation(NOW, 5, 50, 30, true))
            .desired()).isEqualTo(50);
    }

    @Test
    void panic_endsOnlyAfterAWholeStableWindowAndNeverScalesDownMeanwhile() {
        KnativeAutoscaler kpa = harness(10, 10, 10);
        KnativeAutoscaler.Step panic = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 50, 100, true));
        KnativeAutoscaler.Step calm = kpa.decide(panic.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(30), 10, 20, 20, true));
        assertThat(calm.desired()).isEqualTo(10);
        assertThat(calm.panic()).isTrue();
        KnativeAutoscaler.Step after = kpa.decide(calm.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(61), 10, 20, 20, true));
        assertThat(after.panic()).isFalse();
        assertThat(after.desired()).isEqualTo(2);
    }

    @Test
    void scaleToZero_waitsForTheGracePeriod() {
        KnativeAutoscaler kpa = new KnativeAutoscaler(KnativeAutoscaler.Config.defaults(10));
        KnativeAutoscaler.Step first = kpa.decide(KnativeAutoscaler.Memory.initial(1, NOW),
            new KnativeAutoscaler.Observation(NOW, 1, 0, 0, true));
        assertThat(first.desired()).isEqualTo(1);
        KnativeAutoscaler.Step later = kpa.decide(first.memory(),
            new KnativeAutoscaler.Observation(NOW.plusSeconds(30), 1, 0, 0, true));
        assertThat(later.desired()).isZero();
    }

    private static KnativeAutoscaler harness(double target, double maxUp, double maxDown) {
        return new KnativeAutoscaler(new KnativeAutoscaler.Config(target, 2.0, maxUp, maxDown, Duration.ofSeconds(60),
            Duration.ZERO, 0, 0, true, Duration.ofSeconds(30)));
    }
}
