package io.modelscale.control;

import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.model.ModelSignals;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * What the control loop remembers between steps, as one immutable value: each model's and each server's policy
 * memory (windows, cooldowns, HPA recommendations, Knative's panic state) and when the loop last changed each one's
 * replica count. Start with {@link #initial()} and pass each step's {@link ControlResult#memory()} to the next. A
 * control plane that restarts with {@link #initial()} loses these, as Kubernetes' HPA controller loses its own.
 */
public final class ControlMemory {

    private static final ModelName[] NO_NAMES = new ModelName[0];
    private static final Steady[] NO_STEADY = new Steady[0];
    private static final ControlMemory INITIAL = new ControlMemory(TreeMap.empty(), TreeMap.empty());

    private final SortedMap<ModelName, ModelEntry> models;
    private final SortedMap<ServerName, ServerEntry> servers;
    // The decisions that stand, by model name in ascending order: a cache the stats tick walks beside the models,
    // left out of equality since reusing a decision decides exactly as asking again would. Never written after
    // construction and never handed out.
    private final ModelName[] steadyNames;
    private final Steady[] steadies;

    ControlMemory(SortedMap<ModelName, ModelEntry> models, SortedMap<ServerName, ServerEntry> servers) {
        this(models, servers, NO_NAMES, NO_STEADY);
    }

    ControlMemory(SortedMap<ModelName, ModelEntry> models, SortedMap<ServerName, ServerEntry> servers,
                  ModelName[] steadyNames, Steady[] steadies) {
        this.models = Objects.requireNonNull(models, "models");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.steadyNames = Objects.requireNonNull(steadyNames, "steadyNames");
        this.steadies = Objects.requireNonNull(steadies, "steadies");
        if (steadyNames.length != steadies.length) {
            throw new IllegalArgumentException("one steady decision per name: " + steadyNames.length + " names, "
                + steadies.length + " decisions");
        }
    }

    /** Nothing remembered: the memory of a control loop that has just started. */
    public static ControlMemory initial() {
        return INITIAL;
    }

    /** When the control loop last changed {@code model}'s desired replica count, if it has. */
    public Option<Instant> lastScaled(ModelName model) {
        return models.get(model).flatMap(ModelEntry::lastScaled);
    }

    /** When the control loop last changed {@code server}'s replica count, if it has. */
    public Option<Instant> lastScaled(ServerName server) {
        return servers.get(server).flatMap(ServerEntry::lastScaled);
    }

    /** The memory {@code model}'s policy keeps, if it has decided on the model. */
    public Option<Object> modelPolicyMemory(ModelName model) {
        return models.get(model).flatMap(ModelEntry::state).map(PolicyState.OfModel::memory);
    }

    /** The memory {@code server}'s policy keeps, if it has decided on the server. */
    public Option<Object> serverPolicyMemory(ServerName server) {
        return servers.get(server).flatMap(ServerEntry::state).map(PolicyState.OfServer::memory);
    }

    SortedMap<ModelName, ModelEntry> models() {
        return models;
    }

    SortedMap<ServerName, ServerEntry> servers() {
        return servers;
    }

    /** The names of the models whose decisions stand, ascending; the caller must not write to it. */
    ModelName[] steadyNames() {
        return steadyNames;
    }

    /** The decisions that stand, one per {@link #steadyNames()}; the caller must not write to it. */
    Steady[] steadies() {
        return steadies;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ControlMemory that && models.equals(that.models) && servers.equals(that.servers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(models, servers);
    }

    @Override
    public String toString() {
        return "ControlMemory[models=" + models + ", servers=" + servers + "]";
    }

    /**
     * One model's entry.
     *
     * @param state      its policy and the policy's memory, once the policy has decided on it
     * @param lastScaled when the loop last changed its desired count
     */
    record ModelEntry(Option<PolicyState.OfModel<?>> state, Option<Instant> lastScaled) {
        static final ModelEntry EMPTY = new ModelEntry(Option.none(), Option.none());
    }

    /**
     * A decision that stands ({@link io.modelscale.policy.Step#steadyUntil()}): made at {@code from} for
     * {@code model} and its {@code signals}, standing before {@code until}, with the policy state {@code state} that
     * the decision left behind.
     */
    record Steady(Model model, ModelSignals signals, Instant from, Instant until, PolicyState.OfModel<?> state,
                  Decision.ModelScaling decision) {

        /**
         * Whether asking again would give this decision: an instant from the decision's up to its bound (a clock
         * that went back asks again), the same policy memory (the very
         * value the decision left; a defensive check, since any step that asks the policy again also replaces or
         * drops this entry), an equal model and equal signals, under the same policy.
         */
        boolean standsFor(Model now, ModelSignals seen, Instant at, Option<PolicyState.OfModel<?>> current,
                          ModelScalingPolicy<?> by) {
            return at.isBefore(until) && !at.isBefore(from) && current.isDefined() && current.get() == state
                && (state.policy() == by || state.policy().equals(by))
                && (model == now || model.equals(now)) && (signals == seen || signals.equals(seen));
        }
    }

    /**
     * One server's entry.
     *
     * @param state      its policy and the policy's memory, once the policy has decided on it
     * @param lastScaled when the loop last changed its replica count
     */
    record ServerEntry(Option<PolicyState.OfServer<?>> state, Option<Instant> lastScaled) {
        static final ServerEntry EMPTY = new ServerEntry(Option.none(), Option.none());
    }
}
