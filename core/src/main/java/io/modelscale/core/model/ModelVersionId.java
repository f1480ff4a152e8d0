package io.modelscale.core.model;

import java.util.Objects;

/**
 * One version of a model, the unit Seldon places: a server replica lists the versions it has loaded or is loading.
 *
 * @param model   the model
 * @param version the version number, from 1
 */
public record ModelVersionId(ModelName model, int version) implements Comparable<ModelVersionId> {

    public ModelVersionId {
        Objects.requireNonNull(model, "model");
        if (version < 1) {
            throw new IllegalArgumentException("model version must be at least 1, got " + version);
        }
    }

    /** Version {@code version} of model {@code model}. */
    public static ModelVersionId of(String model, int version) {
        return new ModelVersionId(ModelName.of(model), version);
    }

    @Override
    public int compareTo(ModelVersionId other) {
        int byModel = model.value().compareTo(other.model.value());
        return byModel != 0 ? byModel : Integer.compare(version, other.version);
    }

    @Override
    public String toString() {
        return model + ":" + version;
    }
}
