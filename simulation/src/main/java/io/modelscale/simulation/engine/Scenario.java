package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a run needs but the preset: the servers, the models, where their requests come from, and the
 * settings. The traffic is a supplier so that every run reads the trace afresh.
 *
 * @param name     a name for reports
 * @param servers  the servers at the start
 * @param models   the models, deployed at the start; requests name them by index
 * @param traffic  opens the request stream, in arrival order
 * @param settings how the run proceeds
 * @param hpas     HorizontalPodAutoscalers that scale models or servers instead of the preset's policies
 * @param policies the preset and policies the scenario asks for by name (a command line may choose others)
 * @param seed     the seed the scenario asks for, if any
 */
public record Scenario(String name, Seq<ServerSetup> servers, Seq<ModelSpec> models,
                       Supplier<RequestSource> traffic, Settings settings, Seq<HpaTarget> hpas,
                       PolicyChoice policies, Option<Long> seed) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(hpas, "hpas");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(seed, "seed");
    }

    /** The same scenario with other settings. */
    public Scenario withSettings(Settings other) {
        return new Scenario(name, servers, models, traffic, other, hpas, policies, seed);
    }
}
