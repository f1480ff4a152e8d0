package io.modelscale.policy;

/** The memory of a policy that remembers nothing between decisions. */
public enum NoMemory {
    /** The one value. */
    INSTANCE
}
