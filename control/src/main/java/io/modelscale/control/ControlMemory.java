package io.modelscale.control;

import io.modelscale.core.model.ModelName;
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

    private static final ControlMemory INITIAL = new ControlMemory(TreeMap.empty(), TreeMap.empty());

    private final SortedMap<ModelName, ModelEntry> models;
    private final SortedMap<ServerName, ServerEntry> servers;

    ControlMemory(SortedMap<ModelName, ModelEntry> models, SortedMap<ServerName, ServerEntry> servers) {
        this.models = Objects.requireNonNull(models, "models");
        this.servers = Objects.requireNonNull(servers, "servers");
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
     * One server's entry.
     *
     * @param state      its policy and the policy's memory, once the policy has decided on it
     * @param lastScaled when the loop last changed its replica count
     */
    record ServerEntry(Option<PolicyState.OfServer<?>> state, Option<Instant> lastScaled) {
        static final ServerEntry EMPTY = new ServerEntry(Option.none(), Option.none());
    }
}
