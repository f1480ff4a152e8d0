package io.modelscale.control;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.server.ServerName;
import io.modelscale.placement.Scheduler;
import io.modelscale.policy.Named;
import io.modelscale.policy.Preset;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ServerScalingPolicy;
import io.vavr.collection.SortedMap;
import io.vavr.collection.TreeMap;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The autoscaler: one pure control step that composes a {@link Preset}'s policies and the scheduler. Given the
 * control memory, a cluster snapshot, what happened ({@link Trigger}), the time and the randomness, it returns the
 * next memory, the next snapshot and everything it decided with its reasons: model scaling decisions, placements,
 * server scaling decisions with their drain plans, draining replicas released, and the loads and unloads to send to
 * agents ({@link ControlResult}). "What would the autoscaler do now?" is one call with a
 * {@link Trigger#tick(io.modelscale.policy.model.Signals)}.
 *
 * <p>It reads no clock, keeps no state and draws randomness only from the generator it is given (Seldon's random
 * server order and packing draw), so the same inputs give the same result; a control plane and the simulator run
 * the same code. The preset's model policy scales every model and its server policies every server, except where a
 * model or server has its own ({@link #withModelPolicy}, {@link #withServerPolicy}: an HPA on it, say). An
 * autoscaler is immutable and thread-safe.
 */
public final class Autoscaler {

    private final Preset preset;
    private final SortedMap<ModelName, Named<ModelScalingPolicy<?>>> modelPolicies;
    private final SortedMap<ServerName, Named<ServerScalingPolicy<?>>> serverPolicies;
    private final ServerScalingPolicy<?> presetServerPolicy;
    private final Scheduler scheduler;

    private Autoscaler(Preset preset, SortedMap<ModelName, Named<ModelScalingPolicy<?>>> modelPolicies,
                       SortedMap<ServerName, Named<ServerScalingPolicy<?>>> serverPolicies) {
        this.preset = preset;
        this.modelPolicies = modelPolicies;
        this.serverPolicies = serverPolicies;
        this.presetServerPolicy = preset.serverPolicy();
        this.scheduler = new Scheduler(preset.placement());
    }

    /** The autoscaler of this preset. */
    public static Autoscaler of(Preset preset) {
        Objects.requireNonNull(preset, "preset");
        return new Autoscaler(preset, TreeMap.empty(), TreeMap.empty());
    }

    /** The same autoscaler with {@code model} scaled by {@code policy} instead of the preset's model policy. */
    public Autoscaler withModelPolicy(ModelName model, Named<ModelScalingPolicy<?>> policy) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        return new Autoscaler(preset, modelPolicies.put(model, policy), serverPolicies);
    }

    /** The same autoscaler with {@code server} scaled by {@code policy} instead of the preset's server policies. */
    public Autoscaler withServerPolicy(ServerName server, Named<ServerScalingPolicy<?>> policy) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(policy, "policy");
        return new Autoscaler(preset, modelPolicies, serverPolicies.put(server, policy));
    }

    /** The preset it composes. */
    public Preset preset() {
        return preset;
    }

    /** The policy that scales {@code model}. */
    public Named<ModelScalingPolicy<?>> modelPolicy(ModelName model) {
        return modelPolicies.get(model).getOrElse(preset.models());
    }

    /** The policy that scales {@code server}, with its registered name (two for the preset's pair). */
    public Named<ServerScalingPolicy<?>> serverPolicy(ServerName server) {
        return serverPolicies.get(server).getOrElse(() -> new Named<>(preset.serverScaleUp().name() + "+"
            + preset.serverScaleDown().name(), presetServerPolicy));
    }

    /**
     * One control step: applies {@code trigger} to {@code cluster} and decides what follows, at {@code now}.
     *
     * @param memory  the memory the previous step returned, or {@link ControlMemory#initial()}
     * @param cluster the snapshot
     * @param trigger what happened
     * @param now     the time
     * @param random  the randomness for Seldon's random choices; deterministic presets never draw from it
     * @return the next memory and snapshot and every decision; if the trigger cannot be applied (an unknown model
     *     or replica, a state report that does not match), the same memory and snapshot and the reason
     */
    public ControlResult step(ControlMemory memory, Cluster cluster, Trigger trigger, Instant now,
                              RandomGenerator random) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(random, "random");
        return new StepRun(this, memory, cluster, now, random).run(trigger);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    ModelScalingPolicy<?> modelPolicyOf(ModelName model) {
        return modelPolicies.isEmpty() ? preset.models().policy()
            : modelPolicies.get(model).map(Named::policy).getOrElse(preset.models().policy());
    }

    ServerScalingPolicy<?> serverPolicyOf(ServerName server) {
        return serverPolicies.get(server).map(Named::policy).getOrElse(presetServerPolicy);
    }

    @Override
    public String toString() {
        return "Autoscaler[" + preset.describe() + ", " + modelPolicies.size() + " model and " + serverPolicies.size()
            + " server policies of their own]";
    }
}
