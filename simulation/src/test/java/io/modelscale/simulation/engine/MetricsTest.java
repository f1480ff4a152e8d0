package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelscale.control.Autoscaler;
import io.modelscale.control.ControlMemory;
import io.modelscale.control.ControlResult;
import io.modelscale.control.Decision;
import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ServerName;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.server.ScaleDownRefusal;
import io.modelscale.policy.server.ServerHoldReason;
import io.modelscale.policy.server.ServerScaleReason;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.simulation.report.Report;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What {@link Metrics} counts, from calls written by hand: each expected figure is worked out in the comment beside
 * it, and the warm-up's share of time and decisions is left out.
 */
class MetricsTest {

    private static final long SECOND = 1_000_000L;
    private static final ModelName A = ModelName.of("a");
    private static final ServerName S = ServerName.of("s");
    private static final Autoscaler AUTOSCALER = Autoscaler.of(Presets.seldonCore());

    /** 100 s of run, the first 40 s warm-up, 20 s periods, a reversal within 60 s is a flip-flop. */
    private final Metrics metrics = new Metrics(1, Duration.ofSeconds(20), Duration.ofSeconds(60), 40 * SECOND,
        100 * SECOND);

    @Test
    void replicaHours_countOnlyTimeAfterTheWarmUp_withThePodsOfEachInterval() {
        metrics.advance(30 * SECOND, 5);  // all warm-up: nothing
        metrics.advance(50 * SECOND, 2);  // 40-50 s measured: 2 x 10 s = 20 replica-seconds
        metrics.advance(50 * SECOND, 9);  // no time passes: nothing
        metrics.advance(100 * SECOND, 3); // 50-100 s: 3 x 50 s = 150 replica-seconds
        // (20 + 150) / 3600 replica-hours
        assertThat(report().value("server replica-hours")).isCloseTo(170.0 / 3_600, within(1e-12));
    }

    @Test
    void scales_areCountedByDirection_andAReversalWithinTheWindowIsAFlipFlop() {
        record(10, modelScale(1, 2));  // warm-up: neither counted nor remembered
        record(45, modelScale(2, 1));  // down, the first measured scale: nothing to reverse
        record(70, modelScale(1, 2));  // up, 25 s after: a flip-flop
        record(71, modelScale(2, 3));  // up again: not a reversal
        record(140, modelScale(3, 2)); // down 69 s after the last up: outside the 60 s window
        record(50, serverScale(2, 3));
        record(55, serverScale(3, 2)); // 5 s later: a flip-flop
        record(60, new Decision.ServerScaling(new ServerScalingDecision.Hold(S, new ServerHoldReason.Refused(1,
            new ScaleDownRefusal.ScheduleFailed(A)), Option.none(), Option.none())));
        Report report = report();
        assertThat(report.value("model scale-ups")).isEqualTo(2);
        assertThat(report.value("model scale-downs")).isEqualTo(2);
        assertThat(report.value("server scale-ups")).isEqualTo(1);
        assertThat(report.value("server scale-downs")).isEqualTo(1);
        assertThat(report.value("flip-flops")).isEqualTo(2);
        assertThat(report.value("refused scale-downs")).isEqualTo(1);
        assertThat(report.decisions()).hasSize(7);
        assertThat(report.decisions().last().reason()).isEqualTo("Refused");
        assertThat(report.decisions().last().to()).isEqualTo(1);
        assertThat(report.decisions().last().detail()).isEqualTo("scale-down to 1 refused: model a would be"
            + " ScheduleFailed");
        assertThat(report.decisions().head().subject()).isEqualTo("a");
        assertThat(report.decisions().head().seconds()).isEqualTo(45.0);
    }

    @Test
    void replicaFailures_countOnlyAfterTheWarmUp() {
        metrics.replicaFailed(39 * SECOND);
        metrics.replicaFailed(40 * SECOND);
        metrics.replicaFailed(99 * SECOND);
        assertThat(report().value("replica failures")).isEqualTo(2);
    }

    private void record(long seconds, Decision decision) {
        metrics.record(new ControlResult(ControlMemory.initial(), Cluster.empty(), List.of(decision), List.empty(),
            Option.none()), seconds * SECOND, AUTOSCALER);
    }

    private static Decision modelScale(int from, int to) {
        return new Decision.ModelScaling(new ModelScalingDecision.Scale(ModelVersionId.of("a", 1), from, to,
            new ModelScaleReason.Other("by hand")));
    }

    private static Decision serverScale(int from, int to) {
        return new Decision.ServerScaling(new ServerScalingDecision.Scale(S, from, to,
            new ServerScaleReason.LargestModel(to), List.empty(), Option.none(), Option.none()));
    }

    private Report report() {
        Serving serving = new Serving(new ModelName[] {A}, 1, Duration.ofSeconds(1), 40 * SECOND, 20 * SECOND,
            100 * SECOND);
        serving.close(100 * SECOND);
        return metrics.report("hand", "seldonCore", 1, serving, List.empty());
    }
}
