package io.modelscale.core.model;

/**
 * The state of a model version as a whole, derived from its replicas ({@link ModelStatus#derive}); ordinals as in
 * Seldon Core 2 ({@code shared/spec/seldon-core-2.md} §1.2).
 */
public enum ModelState {
    /** Nothing known yet. */
    UNKNOWN,
    /** Replicas are loading. */
    PROGRESSING,
    /** Enough replicas are available. */
    AVAILABLE,
    /** A replica failed to load. */
    FAILED,
    /** The version is being unloaded. */
    TERMINATING,
    /** Every replica is unloaded. */
    TERMINATED,
    /** An unload failed. */
    TERMINATE_FAILED,
    /** No server could take the replicas the version asks for; existing replicas keep serving. */
    SCHEDULE_FAILED,
    /** Scaled to zero replicas. */
    SCALED_DOWN,
    /** Model-gateway state only: being created. */
    CREATE,
    /** Model-gateway state only: being removed. */
    TERMINATE
}
