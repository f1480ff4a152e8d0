package io.modelscale.policy.server;

/** Why the control loop asks a server policy now ({@code shared/spec/seldon-core-2.md} §3, §5). */
public enum ServerTrigger {
    /** A model that already had this server could not get its desired replicas (Seldon's SERVER_SCALE_UP). */
    PLACEMENT_SHORT,
    /** A model replica on this server became Unloaded or LoadFailed (Seldon's SERVER_SCALE_DOWN). */
    MODEL_REPLICA_UNLOADED,
    /** The periodic evaluation, once per stats period. */
    TICK
}
