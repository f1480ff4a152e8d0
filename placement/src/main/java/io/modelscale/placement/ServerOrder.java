package io.modelscale.placement;

/**
 * The order in which the scheduler tries the eligible servers other than the model's current one (which always
 * comes first).
 */
public enum ServerOrder {
    /** By name: deterministic ({@code Presets.documented()}). */
    BY_NAME,
    /** Shuffled with the caller's randomness, as Seldon's map iteration does ({@code Presets.seldonCore()}). */
    RANDOM
}
