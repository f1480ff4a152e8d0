package io.modelscale.core.model;

import io.modelscale.core.ValueStyle;
import io.modelscale.core.memory.MemoryQuantity;
import io.modelscale.core.scaling.ScalingSpec;
import io.modelscale.core.server.ServerName;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.Objects;
import org.immutables.value.Value;

/**
 * What a Model resource asks for. Build one with {@link #builder()}; change one with the generated {@code with…}
 * methods.
 *
 * @param name            the model's name
 * @param memory          the memory one instance needs ({@code spec.memory}); zero when not given, which always fits
 * @param requirements    capabilities a server replica must offer, each trimmed of spaces ({@code spec.requirements}
 *                        plus the model type)
 * @param requestedServer the server the model must run on ({@code spec.server}), or none for any shared server
 * @param explainer       whether the model is an explainer, which needs the {@code alibi-explain} capability
 * @param instanceCount   how many instances a replica runs (MLServer parallel workers, Triton instance count), at
 *                        least 1; the memory a replica needs is {@code memory × instanceCount}
 * @param scaling         the replica counts
 */
@ValueStyle
@Value.Builder
public record ModelSpec(
    ModelName name,
    MemoryQuantity memory,
    Seq<String> requirements,
    Option<ServerName> requestedServer,
    boolean explainer,
    int instanceCount,
    ScalingSpec scaling) implements WithModelSpec {

    /** The capability a server replica needs to host an explainer. */
    public static final String EXPLAINER_CAPABILITY = "alibi-explain";

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(requestedServer, "requestedServer");
        Objects.requireNonNull(scaling, "scaling");
        requirements = requirements.map(String::strip);
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instanceCount must be at least 1, got " + instanceCount);
        }
    }

    /** A builder with no memory, no requirements, no requested server, one instance and one fixed replica. */
    public static Builder builder() {
        return new Builder();
    }

    /** A model with the given memory and scaling spec and nothing else required. */
    public static ModelSpec of(ModelName name, MemoryQuantity memory, ScalingSpec scaling) {
        return builder().name(name).memory(memory).scaling(scaling).build();
    }

    /** The memory one replica of this model needs: {@code memory × instanceCount}, saturating. */
    public long requiredMemoryBytes() {
        long bytes = memory.bytes();
        return bytes > Long.MAX_VALUE / instanceCount ? Long.MAX_VALUE : bytes * instanceCount;
    }

    /** Whether this spec differs from {@code other} in its scaling spec alone. */
    public boolean differsOnlyInScaling(ModelSpec other) {
        return !scaling.equals(other.scaling) && withScaling(other.scaling).equals(other);
    }

    /** Builds a {@link ModelSpec}; every field but the name has a default. */
    public static final class Builder extends ModelSpecBuilder {
        Builder() {
            memory(MemoryQuantity.ZERO);
            requirements(List.empty());
            requestedServer(Option.none());
            explainer(false);
            instanceCount(1);
            scaling(ScalingSpec.fixed(1));
        }
    }
}
