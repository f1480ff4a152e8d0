package io.modelscale.core.model;

import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * A model: its versions, oldest first, and whether it has been deleted. A deleted model stays until its replicas
 * are gone; every version but the latest is on its way out.
 *
 * @param name     the model's name
 * @param versions its versions in ascending order, never empty
 * @param deleted  whether the model has been deleted
 */
public record Model(ModelName name, Seq<ModelVersion> versions, boolean deleted) {

    public Model {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versions, "versions");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " must have at least one version");
        }
        for (int i = 0; i < versions.size(); i++) {
            ModelVersion version = versions.get(i);
            if (!version.spec().name().equals(name)) {
                throw new IllegalArgumentException("version " + version.version() + " of model " + name
                    + " names another model: " + version.spec().name());
            }
            if (i > 0 && version.version() <= versions.get(i - 1).version()) {
                throw new IllegalArgumentException("versions of model " + name + " must ascend, got "
                    + versions.map(ModelVersion::version).mkString(", "));
            }
        }
    }

    /** A new model with version 1 of {@code spec}. */
    public static Model deploy(ModelSpec spec, Instant now) {
        return new Model(spec.name(), List.of(ModelVersion.initial(1, spec, now)), false);
    }

    /** The newest version. */
    public ModelVersion latest() {
        return versions.length() == 1 ? versions.head() : versions.last();
    }

    /** Version {@code version}, if the model has it. */
    public Option<ModelVersion> version(int version) {
        return versions.find(v -> v.version() == version);
    }

    /** Whether {@code version} is the newest version. */
    public boolean isLatest(int version) {
        return latest().version() == version;
    }

    /** The newest version whose state is Available, if any. */
    public Option<ModelVersion> lastAvailable() {
        return versions.findLast(v -> v.status().state() == ModelState.AVAILABLE);
    }

    /**
     * The model with a new latest version of {@code spec}, with no server and no replicas. The older versions keep
     * their status until their own replicas change, as in Seldon: an Available old version keeps the model
     * available while the new one loads.
     */
    public Model appendVersion(ModelSpec spec, Instant now) {
        return new Model(name, versions.append(ModelVersion.initial(latest().version() + 1, spec, now)), deleted);
    }

    /** The model marked deleted or not, with every version's status recomputed. */
    public Model withDeleted(boolean newDeleted) {
        return new Model(name, versions, newDeleted).refreshAll();
    }

    /**
     * The model with {@code changed} in place of the version with the same number, its status recomputed from its
     * replicas ({@link ModelStatus#derive}).
     */
    public Model withVersion(ModelVersion changed) {
        Seq<ModelVersion> replaced = versions.map(v -> v.version() == changed.version() ? changed : v);
        Model updated = new Model(name, replaced, deleted);
        return updated.withVersionStatus(changed.version(), updated.derive(changed));
    }

    /** The model with the status of version {@code version} set as given, without recomputing it. */
    public Model withVersionStatus(int version, ModelStatus status) {
        return new Model(name, versions.map(v -> v.version() == version ? v.withStatus(status) : v), deleted);
    }

    private Model refreshAll() {
        Model result = this;
        for (ModelVersion version : versions) {
            result = result.withVersionStatus(version.version(), result.derive(version));
        }
        return result;
    }

    private ModelStatus derive(ModelVersion version) {
        boolean terminating = deleted || !isLatest(version.version());
        boolean otherAvailable = lastAvailable().exists(v -> v.version() != version.version());
        return ModelStatus.derive(version.spec().scaling(), version.replicas(), terminating, otherAvailable,
            version.status().timestamp());
    }
}
