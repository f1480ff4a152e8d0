package io.modelscale.placement.packing;

import io.modelscale.core.model.ModelSpec;
import io.modelscale.core.model.ModelVersionId;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * One model to pack: how many replicas it needs, each on a different server replica, and what each needs.
 *
 * @param version      the model version
 * @param replicas     how many replicas to place
 * @param memoryBytes  the memory one replica needs
 * @param requirements capabilities a server replica must offer
 * @param explainer    whether the model needs the explainer capability
 */
public record PackingItem(
    ModelVersionId version, int replicas, long memoryBytes, Seq<String> requirements, boolean explainer) {

    public PackingItem {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(requirements, "requirements");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must not be negative, got " + memoryBytes);
        }
    }

    /** The item for the desired replicas of a version with this spec. */
    public static PackingItem of(ModelVersionId version, ModelSpec spec) {
        return new PackingItem(version, spec.scaling().replicas(), spec.requiredMemoryBytes(), spec.requirements(),
            spec.explainer());
    }

    /** Whether a replica of this model may go to {@code slot}. */
    public boolean fits(PackingSlot slot) {
        return memoryBytes <= slot.capacityBytes()
            && requirements.forAll(slot.capabilities()::contains)
            && (!explainer || slot.capabilities().contains(ModelSpec.EXPLAINER_CAPABILITY));
    }
}
