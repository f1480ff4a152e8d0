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
    private static final ModelEntry[] NO_ENTRIES = new ModelEntry[0];
    private static final Steady[] NO_STEADY = new Steady[0];
    private static final ControlMemory INITIAL = new ControlMemory(NO_NAMES, NO_ENTRIES, NO_STEADY, TreeMap.empty());

    // Each model's entry, by name in ascending natural order, as two arrays that are never written after
    // construction and never handed out: a stats tick walks them beside the snapshot's models and writes the next
    // memory's in the same pass, where a persistent map would cost a search and a copied path per busy model.
    private final ModelName[] names;
    private final ModelEntry[] entries;
    // The decisions that stand, one per name (null where none): a cache the stats tick reads, left out of equality
    // since reusing a decision decides exactly as asking again would.
    private final Steady[] steadies;
    private final SortedMap<ServerName, ServerEntry> servers;

    /** A memory of these models (names ascending, one entry each) and servers; the arrays become this memory's. */
    ControlMemory(ModelName[] names, ModelEntry[] entries, Steady[] steadies,
                  SortedMap<ServerName, ServerEntry> servers) {
        this.names = Objects.requireNonNull(names, "names");
        this.entries = Objects.requireNonNull(entries, "entries");
        this.steadies = Objects.requireNonNull(steadies, "steadies");
        this.servers = Objects.requireNonNull(servers, "servers");
        if (names.length != entries.length || names.length != steadies.length) {
            throw new IllegalArgumentException("one entry and one steady slot per name: " + names.length
                + " names, " + entries.length + " entries, " + steadies.length + " steady slots");
        }
    }

    /** Nothing remembered: the memory of a control loop that has just started. */
    public static ControlMemory initial() {
        return INITIAL;
    }

    /** When the control loop last changed {@code model}'s desired replica count, if it has. */
    public Option<Instant> lastScaled(ModelName model) {
        return model(model).flatMap(ModelEntry::lastScaled);
    }

    /** When the control loop last changed {@code server}'s replica count, if it has. */
    public Option<Instant> lastScaled(ServerName server) {
        return servers.get(server).flatMap(ServerEntry::lastScaled);
    }

    /** The memory {@code model}'s policy keeps, if it has decided on the model. */
    public Option<Object> modelPolicyMemory(ModelName model) {
        return model(model).flatMap(ModelEntry::state).map(PolicyState.OfModel::memory);
    }

    /** The memory {@code server}'s policy keeps, if it has decided on the server. */
    public Option<Object> serverPolicyMemory(ServerName server) {
        return servers.get(server).flatMap(ServerEntry::state).map(PolicyState.OfServer::memory);
    }

    /** The entry of {@code model}, if there is one. */
    Option<ModelEntry> model(ModelName model) {
        int i = indexOf(model);
        return i < 0 ? Option.none() : Option.some(entries[i]);
    }

    /** Where {@code model} is among the names, or a negative number when it is not one of them. */
    int indexOf(ModelName model) {
        return java.util.Arrays.binarySearch(names, Objects.requireNonNull(model, "model"));
    }

    /** This memory without {@code model}'s entry (this one when it has none). */
    ControlMemory withoutModel(ModelName model) {
        int i = indexOf(model);
        if (i < 0) {
            return this;
        }
        return new ControlMemory(without(names, i), without(entries, i), without(steadies, i), servers);
    }

    private static <T> T[] without(T[] items, int i) {
        T[] fewer = java.util.Arrays.copyOf(items, items.length - 1);
        System.arraycopy(items, i + 1, fewer, i, items.length - i - 1);
        return fewer;
    }

    /** How many models have an entry. */
    int modelCount() {
        return names.length;
    }

    /** The name of the {@code i}th model in name order. */
    ModelName name(int i) {
        return names[i];
    }

    /** The entry of the {@code i}th model in name order. */
    ModelEntry entry(int i) {
        return entries[i];
    }

    /** The decision that stands for the {@code i}th model in name order, or null. */
    Steady steady(int i) {
        return steadies[i];
    }

    /** This memory with {@code servers} as the servers' entries. */
    ControlMemory withServers(SortedMap<ServerName, ServerEntry> servers) {
        return servers == this.servers ? this : new ControlMemory(names, entries, steadies, servers);
    }

    SortedMap<ServerName, ServerEntry> servers() {
        return servers;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ControlMemory that && java.util.Arrays.equals(names, that.names)
            && java.util.Arrays.equals(entries, that.entries) && servers.equals(that.servers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(names), java.util.Arrays.hashCode(entries), servers);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ControlMemory[models={");
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(entries[i]);
        }
        return out.append("}, servers=").append(servers).append(']').toString();
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
     * the decision left behind ({@code entryState}: the very value the memory's entry holds for it).
     * Its instants are kept as plain numbers too: a stats tick checks thousands of these, most of them long out of
     * the processor's caches, and every object it need not visit saves a miss.
     */
    static final class Steady {
        private final Model model;
        private final ModelSignals signals;
        private final long fromSecond;
        private final int fromNano;
        private final long untilSecond;
        private final int untilNano;
        private final Option<PolicyState.OfModel<?>> entryState;
        private final PolicyState.OfModel<?> state;
        private final ModelScalingPolicy<?> policy;
        private final Decision.ModelScaling decision;

        Steady(Model model, ModelSignals signals, Instant from, Instant until,
               Option<PolicyState.OfModel<?>> entryState, Decision.ModelScaling decision) {
            this.model = Objects.requireNonNull(model, "model");
            this.signals = Objects.requireNonNull(signals, "signals");
            this.fromSecond = from.getEpochSecond();
            this.fromNano = from.getNano();
            this.untilSecond = until.getEpochSecond();
            this.untilNano = until.getNano();
            this.entryState = Objects.requireNonNull(entryState, "entryState");
            this.state = entryState.get();
            this.policy = state.policy();
            this.decision = Objects.requireNonNull(decision, "decision");
        }

        ModelSignals signals() {
            return signals;
        }

        Decision.ModelScaling decision() {
            return decision;
        }

        /**
         * Whether asking again would give this decision: an instant from the decision's up to its bound (a clock
         * that went back asks again), the same policy memory (the very
         * value the decision left; a defensive check, since any step that asks the policy again also replaces or
         * drops this entry), an equal model and equal signals, under the same policy. The same objects are
         * recognised without comparing them field by field.
         */
        boolean standsFor(Model now, ModelSignals seen, Instant at, Option<PolicyState.OfModel<?>> current,
                          ModelScalingPolicy<?> by) {
            long second = at.getEpochSecond();
            int nano = at.getNano();
            boolean inTime = (second < untilSecond || second == untilSecond && nano < untilNano)
                && (second > fromSecond || second == fromSecond && nano >= fromNano);
            if (!inTime) {
                return false;
            }
            boolean sameState = current == entryState || current.isDefined() && current.get() == state;
            return sameState && (policy == by || policy.equals(by))
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
