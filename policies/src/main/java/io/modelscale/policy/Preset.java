package io.modelscale.policy;

import io.modelscale.placement.SchedulerConfig;
import io.modelscale.policy.model.ModelScalingPolicy;
import io.modelscale.policy.server.ScaleDownCheck;
import io.modelscale.policy.server.ServerScaleDownPolicy;
import io.modelscale.policy.server.ServerScaleUpPolicy;
import io.modelscale.policy.server.ServerScaling;
import io.modelscale.policy.server.ServerScalingPolicy;
import java.util.Objects;

/**
 * A named composition of registered policies with their settings: the model policy every model gets, the server
 * scale-up and scale-down policies every server gets, the placement rules, and the check every server scale-down
 * passes. {@link Presets} holds the shipped ones; a {@link PolicyRegistry} names them.
 *
 * @param name            a stable name, as scenario files and the command line use it
 * @param models          the model policy
 * @param serverScaleUp   the server scale-up policy
 * @param serverScaleDown the server scale-down policy
 * @param placement       the placement rules
 * @param scaleDownCheck  how a server scale-down is checked before it is carried out
 * @param retryWhenRoomFrees whether the models short of replicas (failed to schedule, or placed on fewer replicas
 *                        than they want) are placed again whenever a model replica unloads and so frees room, as
 *                        well as when a server replica connects or disconnects. Seldon Core 2 retries them only on the
 *                        server replica events, so a model that went short while the server stays the same stays short
 *                        though other models' scale-downs have made room for it
 */
public record Preset(String name, Named<ModelScalingPolicy<?>> models, Named<ServerScaleUpPolicy<?>> serverScaleUp,
                     Named<ServerScaleDownPolicy<?>> serverScaleDown, SchedulerConfig placement,
                     ScaleDownCheck scaleDownCheck, boolean retryWhenRoomFrees) {

    public Preset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(serverScaleUp, "serverScaleUp");
        Objects.requireNonNull(serverScaleDown, "serverScaleDown");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(scaleDownCheck, "scaleDownCheck");
    }

    /**
     * A preset that places the models short of replicas again only when a server replica connects or disconnects, as
     * Seldon does ({@code retryWhenRoomFrees} false). {@link Presets#consolidating()} has it true: a composition of
     * its parts built with this constructor behaves otherwise unless given {@link #withRetryWhenRoomFrees} true.
     */
    public Preset(String name, Named<ModelScalingPolicy<?>> models, Named<ServerScaleUpPolicy<?>> serverScaleUp,
                  Named<ServerScaleDownPolicy<?>> serverScaleDown, SchedulerConfig placement,
                  ScaleDownCheck scaleDownCheck) {
        this(name, models, serverScaleUp, serverScaleDown, placement, scaleDownCheck, false);
    }

    /** The same preset with another model policy. */
    public Preset withModelPolicy(Named<ModelScalingPolicy<?>> policy) {
        return new Preset(name, policy, serverScaleUp, serverScaleDown, placement, scaleDownCheck, retryWhenRoomFrees);
    }

    /** The same preset with another server scale-up policy. */
    public Preset withServerScaleUp(Named<ServerScaleUpPolicy<?>> policy) {
        return new Preset(name, models, policy, serverScaleDown, placement, scaleDownCheck, retryWhenRoomFrees);
    }

    /** The same preset with another server scale-down policy. */
    public Preset withServerScaleDown(Named<ServerScaleDownPolicy<?>> policy) {
        return new Preset(name, models, serverScaleUp, policy, placement, scaleDownCheck, retryWhenRoomFrees);
    }

    /** The same preset with other placement rules. */
    public Preset withPlacement(SchedulerConfig rules) {
        return new Preset(name, models, serverScaleUp, serverScaleDown, rules, scaleDownCheck, retryWhenRoomFrees);
    }

    /** The same preset with another check of its server scale-downs. */
    public Preset withScaleDownCheck(ScaleDownCheck check) {
        return new Preset(name, models, serverScaleUp, serverScaleDown, placement, check, retryWhenRoomFrees);
    }

    /** The same preset, retrying the models short of replicas also whenever a model replica unloads, or not. */
    public Preset withRetryWhenRoomFrees(boolean retry) {
        return new Preset(name, models, serverScaleUp, serverScaleDown, placement, scaleDownCheck, retry);
    }

    /** The same composition under another name. */
    public Preset named(String newName) {
        return new Preset(newName, models, serverScaleUp, serverScaleDown, placement, scaleDownCheck,
            retryWhenRoomFrees);
    }

    /** The server scale-up and scale-down policies as the one policy each server gets. */
    public ServerScalingPolicy<?> serverPolicy() {
        return ServerScaling.of(serverScaleUp.policy(), serverScaleDown.policy());
    }

    /**
     * One line: the name, the policies it composes and, when it does, that it places the models short of replicas
     * again whenever a model replica unloads ({@link #retryWhenRoomFrees()}).
     */
    public String describe() {
        return name + " (models " + models.name() + ", servers " + serverScaleUp.name() + " and "
            + serverScaleDown.name() + (retryWhenRoomFrees ? "; short models placed again when a replica unloads" : "")
            + ")";
    }
}
