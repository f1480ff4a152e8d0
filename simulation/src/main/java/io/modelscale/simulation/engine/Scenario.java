package io.modelscale.simulation.engine;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.simulation.trace.RequestSource;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Everything a run needs but the preset: the servers, the models, where their requests come from, and the
 * settings. The traffic is a function of the run's seed, called afresh for every run: the seed decides every random
 * choice the traffic makes (which model a trace's request goes to, synthetic arrivals and service times), so that
 * runs with different seeds are different runs of the same trace.
 *
 * @param name     a name for reports
 * @param servers  the servers at the start
 * @param models   the models, deployed at the start; requests name them by index
 * @param traffic  opens the request stream for a seed, in arrival order
 * @param settings how the run proceeds
 * @param hpas     HorizontalPodAutoscalers that scale models or servers instead of the preset's policies
 * @param policies the preset and policies the scenario asks for by name (a command line may choose others)
 * @param seed     the seed the scenario asks for, if any
 * @param warnings what loading the scenario read past or assumed (skipped documents, defaults taken), each naming
 *                 the file and line; shown to the user before the run
 * @param sweep    the settings a sweep of this scenario varies unless the command line says otherwise, each as
 *                 {@code NAME=V1,V2}
 */
public record Scenario(String name, Seq<ServerSetup> servers, Seq<ModelSpec> models,
                       LongFunction<RequestSource> traffic, Settings settings, Seq<HpaTarget> hpas,
                       PolicyChoice policies, Option<Long> seed, Seq<String> warnings, Seq<String> sweep) {

    /** A scenario without sweep settings. */
    public Scenario(String name, Seq<ServerSetup> servers, Seq<ModelSpec> models, LongFunction<RequestSource> traffic,
                    Settings settings, Seq<HpaTarget> hpas, PolicyChoice policies, Option<Long> seed,
                    Seq<String> warnings) {
        this(name, servers, models, traffic, settings, hpas, policies, seed, warnings, io.vavr.collection.List.empty());
    }

    /** A scenario without warnings. */
    public Scenario(String name, Seq<ServerSetup> servers, Seq<ModelSpec> models, LongFunction<RequestSource> traffic,
                    Settings settings, Seq<HpaTarget> hpas, PolicyChoice policies, Option<Long> seed) {
        this(name, servers, models, traffic, settings, hpas, policies, seed, io.vavr.collection.List.empty(),
            io.vavr.collection.List.empty());
    }

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(hpas, "hpas");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(warnings, "warnings");
        Objects.requireNonNull(sweep, "sweep");
    }

    /** The same scenario with other settings. */
    public Scenario withSettings(Settings other) {
        return new Scenario(name, servers, models, traffic, other, hpas, policies, seed, warnings, sweep);
    }

    /**
     * The same scenario with other traffic, named {@code otherName}, with {@code more} warnings after its own, over
     * {@code otherSettings}.
     */
    public Scenario withTraffic(String otherName, LongFunction<RequestSource> other, Settings otherSettings,
                                Seq<String> more) {
        return new Scenario(otherName, servers, models, other, otherSettings, hpas, policies, seed,
            warnings.appendAll(more), sweep);
    }

    /** The same scenario with other servers. */
    public Scenario withServers(Seq<ServerSetup> other) {
        return new Scenario(name, other, models, traffic, settings, hpas, policies, seed, warnings, sweep);
    }

    /** The same scenario with other models. */
    public Scenario withModels(Seq<ModelSpec> other) {
        return new Scenario(name, servers, other, traffic, settings, hpas, policies, seed, warnings, sweep);
    }
}
