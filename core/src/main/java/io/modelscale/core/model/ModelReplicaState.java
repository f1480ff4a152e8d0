package io.modelscale.core.model;

/**
 * The state of one model replica on one server replica, with the predicates Seldon Core 2's scheduler uses
 * ({@code shared/spec/seldon-core-2.md} §1.2; ordinals as in Seldon). Transitions are listed in §4.7: the scheduler
 * requests loads and unloads, the agent reports progress, the router marks loaded replicas available.
 */
public enum ModelReplicaState {
    /** No state recorded: the model replica has never been here, or its entry was removed. */
    UNKNOWN,
    /** The scheduler chose this replica; memory is reserved until the load ends. */
    LOAD_REQUESTED,
    /** The load request reached the agent. */
    LOADING,
    /** The agent loaded the model. */
    LOADED,
    /** The load failed. */
    LOAD_FAILED,
    /** The scheduler asked the router to stop sending requests before unloading. */
    UNLOAD_ENVOY_REQUESTED,
    /** The routes are gone; the unload request is being sent. */
    UNLOAD_REQUESTED,
    /** The unload request reached the agent. */
    UNLOADING,
    /** The agent unloaded the model. */
    UNLOADED,
    /** The unload failed. */
    UNLOAD_FAILED,
    /** Loaded and receiving requests through the router. */
    AVAILABLE,
    /** Loaded, but the router could not be updated: counts as a failed load. */
    LOADED_UNAVAILABLE,
    /** On a draining server replica: keeps serving until the model is available elsewhere. */
    DRAINING;

    /** Whether requests reach this replica: Loaded, Available, LoadedUnavailable or Draining. */
    public boolean canReceiveTraffic() {
        return this == LOADED || this == AVAILABLE || this == LOADED_UNAVAILABLE || this == DRAINING;
    }

    /** Loading, Loaded, Available or LoadedUnavailable, but not LoadRequested. */
    public boolean alreadyLoadingOrLoaded() {
        return this == LOADING || this == LOADED || this == AVAILABLE || this == LOADED_UNAVAILABLE;
    }

    /** LoadRequested, Loading, Loaded, Available or LoadedUnavailable. */
    public boolean isLoadingOrLoaded() {
        return this == LOAD_REQUESTED || alreadyLoadingOrLoaded();
    }

    /** UnloadEnvoyRequested, UnloadRequested, Unloading, Unloaded, and also Unknown. */
    public boolean unloadingOrUnloaded() {
        return this == UNLOAD_ENVOY_REQUESTED || this == UNLOAD_REQUESTED || this == UNLOADING || this == UNLOADED
            || this == UNKNOWN;
    }

    /** Unloaded, UnloadFailed, Unknown or LoadFailed. */
    public boolean inactive() {
        return this == UNLOADED || this == UNLOAD_FAILED || this == UNKNOWN || this == LOAD_FAILED;
    }

    /**
     * Whether a model replica in this state may occupy memory on its server replica: every state from the load
     * request until the model is unloaded or its load failed. Unknown, LoadFailed and Unloaded never do. Whether an
     * unloading replica still does depends on whether it had been loaded: its server replica's sets tell.
     */
    public boolean holdsMemory() {
        return this != UNKNOWN && this != LOAD_FAILED && this != UNLOADED;
    }

    /**
     * Where a server replica lists a model version in this state: in its loading set while Loading; in its loaded
     * set while Loaded, Available or LoadedUnavailable; in neither once the load ended. LoadRequested and the
     * unload states keep whatever set the version was in when they were entered (none for a first load request;
     * the old set for a replica chosen again while it was unloading), until it is Unloaded. A Draining version stays in the one set it was in when the drain began.
     */
    public ReplicaMembership membership() {
        switch (this) {
            case LOADING:
                return ReplicaMembership.LOADING;
            case LOADED:
            case AVAILABLE:
            case LOADED_UNAVAILABLE:
                return ReplicaMembership.LOADED;
            case LOAD_REQUESTED:
            case UNLOAD_ENVOY_REQUESTED:
            case UNLOAD_REQUESTED:
            case UNLOADING:
            case UNLOAD_FAILED:
                return ReplicaMembership.AT_MOST_ONE;
            case DRAINING:
                return ReplicaMembership.LOADED_OR_LOADING;
            default:
                return ReplicaMembership.NONE;
        }
    }

    /** Which of a server replica's model sets list a model version in a given state. */
    public enum ReplicaMembership {
        /** Neither set. */
        NONE,
        /** The loading set. */
        LOADING,
        /** The loaded set. */
        LOADED,
        /** Exactly one of the two sets. */
        LOADED_OR_LOADING,
        /** One of the two sets, or neither. */
        AT_MOST_ONE;

        /** Whether a version listed as loaded ({@code inLoaded}) or loading ({@code inLoading}) agrees. */
        public boolean agreesWith(boolean inLoaded, boolean inLoading) {
            switch (this) {
                case NONE:
                    return !inLoaded && !inLoading;
                case LOADING:
                    return !inLoaded && inLoading;
                case LOADED:
                    return inLoaded && !inLoading;
                case LOADED_OR_LOADING:
                    return inLoaded ^ inLoading;
                default:
                    return !(inLoaded && inLoading);
            }
        }
    }
}
