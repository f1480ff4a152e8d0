package io.modelscale.simulation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.model.ModelName;
import io.modelscale.policy.Presets;
import io.modelscale.policy.model.ModelScaleReason;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelSignals;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Advice} on the built-in scenario's cluster: the signals it derives, worked by hand, and what it leaves. */
class AdviceTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    /**
     * chat-0 on its one replica (4 requests at once) takes 10 requests/s of 2 s each: 20 outstanding by Little's law,
     * 4 of them in flight and 16 queued; code-2 has no traffic and gets no last request.
     */
    @Test
    void signals_followLittlesLaw_beyondTheReplicasConcurrencyQueued() {
        Scenario scenario = DefaultScenario.scenario();
        double[] rates = new double[scenario.models().size()];
        double[] service = new double[rates.length];
        rates[0] = 10;
        service[0] = 2;
        Advice advice = Advice.of(scenario, Presets.consolidating(), AT, rates, service, 42);
        ModelSignals chat = advice.signals().of(ModelName.of("chat-0"));
        assertThat(chat.inFlight()).isEqualTo(4);
        assertThat(chat.queued()).isEqualTo(16);
        assertThat(chat.arrivalsPerSecond()).isEqualTo(10.0);
        assertThat(chat.meanServiceTime()).contains(Duration.ofSeconds(2));
        assertThat(chat.lastRequest()).contains(AT);
        ModelSignals idle = advice.signals().of(ModelName.of("code-2"));
        assertThat(idle.outstanding()).isZero();
        assertThat(idle.lastRequest()).isEmpty();
        assertThat(advice.result().modelDecisions()).anySatisfy(d -> {
            assertThat(d).isInstanceOf(ModelScalingDecision.Scale.class);
            ModelScalingDecision.Scale scale = (ModelScalingDecision.Scale) d;
            assertThat(scale.version().model()).isEqualTo(ModelName.of("chat-0"));
            assertThat(scale.from()).isEqualTo(1);
            assertThat(scale.to()).isGreaterThan(1);
            assertThat(scale.reason()).isInstanceOf(ModelScaleReason.OfferedLoad.class);
        });
        assertThat(advice.lines()).anySatisfy(line -> assertThat(line).startsWith("scale chat-0:1 from 1 to "));
    }

    /** Without traffic nothing scales up, and the holds are counted with their reasons. */
    @Test
    void noTraffic_scalesNothingUp_andSaysWhyItHolds() {
        Scenario scenario = DefaultScenario.scenario();
        double[] none = new double[scenario.models().size()];
        Advice advice = Advice.of(scenario, Presets.seldonCore(), AT, none, none, 42);
        assertThat(advice.result().modelDecisions().filter(d -> d instanceof ModelScalingDecision.Scale s
            && s.to() > s.from())).isEmpty();
        assertThat(advice.lines()).contains("8 models held, the first three:");
    }
}
