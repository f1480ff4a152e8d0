package io.modelscale.testkit;

import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.policy.Named;
import io.modelscale.policy.Preset;
import io.modelscale.policy.Step;
import io.modelscale.policy.model.ModelObservation;
import io.modelscale.policy.model.ModelScalingDecision;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerObservation;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleUpPolicy;
import io.modelscale.policy.server.ServerScalingDecision;
import io.modelscale.policy.server.ServerScalingPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * What the policies under check asked for, as they asked it: each policy of a preset wrapped so that its raw
 * decisions are seen before the control step admits, corrects or refuses them. One per {@link World}; the world
 * drains it after every step.
 */
final class Recorded {

    /** A count a policy asked for, with the range it had to lie in. */
    record Ask(String policy, String subject, int to, ScalingSpec range) {
    }

    private final List<Ask> asks = new ArrayList<>();

    /** {@code preset} with each of its policies wrapped to record here; names and behaviour unchanged. */
    Preset wrap(Preset preset) {
        return preset
            .withModelPolicy(new Named<>(preset.models().name(), models(preset.models().name(),
                preset.models().policy())))
            .withServerScaleUp(new Named<>(preset.serverScaleUp().name(), up(preset.serverScaleUp().name(),
                preset.serverScaleUp().policy())))
            .withServerScaleDown(new Named<>(preset.serverScaleDown().name(), down(preset.serverScaleDown().name(),
                preset.serverScaleDown().policy())));
    }

    /** The counts asked for since the last call. */
    List<Ask> drain() {
        List<Ask> since = List.copyOf(asks);
        asks.clear();
        return since;
    }

    private <M> ModelScalingPolicy<M> models(String name, ModelScalingPolicy<M> inner) {
        return new ModelScalingPolicy<>() {
            @Override
            public M initialMemory(ModelObservation first) {
                return inner.initialMemory(first);
            }

            @Override
            public Step<M, ModelScalingDecision> decide(M memory, ModelObservation observation) {
                Step<M, ModelScalingDecision> step = inner.decide(memory, observation);
                if (step.decision() instanceof ModelScalingDecision.Scale scale) {
                    asks.add(new Ask(name, "model " + observation.name(), scale.to(), observation.scaling()));
                }
                return step;
            }
        };
    }

    private <M> ServerScaleUpPolicy<M> up(String name, ServerScaleUpPolicy<M> inner) {
        return new Servers<>(name, inner);
    }

    private <M> ServerScaleDownPolicy<M> down(String name, ServerScaleDownPolicy<M> inner) {
        return new Servers<>(name, inner);
    }

    /** A server policy, up or down, that records each count it asks for. */
    private final class Servers<M> implements ServerScaleUpPolicy<M>, ServerScaleDownPolicy<M> {
        private final String name;
        private final ServerScalingPolicy<M> inner;

        Servers(String name, ServerScalingPolicy<M> inner) {
            this.name = name;
            this.inner = inner;
        }

        @Override
        public M initialMemory() {
            return inner.initialMemory();
        }

        @Override
        public Step<M, ServerScalingDecision> decide(M memory, ServerObservation observation) {
            Step<M, ServerScalingDecision> step = inner.decide(memory, observation);
            if (step.decision() instanceof ServerScalingDecision.Scale scale) {
                asks.add(new Ask(name, "server " + observation.name(), scale.to(), observation.scaling()));
            }
            return step;
        }
    }
}
