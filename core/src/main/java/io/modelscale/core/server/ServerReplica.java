package io.modelscale.core.server;

import io.modelscale.core.ValueStyle;
import io.modelscale.core.memory.ReplicaMemory;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersionId;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import java.util.Objects;
import org.immutables.value.Value;

/**
 * One replica of a server, as the scheduler sees it: what it can run, its memory, whether it is draining, and the
 * model versions it has loaded or is loading ({@code shared/spec/seldon-core-2.md} §1.1).
 *
 * @param index                the replica's ordinal
 * @param capabilities         what it can run (such as {@code sklearn}), each trimmed of spaces as Seldon's
 *                             {@code cleanCapabilities} does
 * @param memory               its memory request and overcommit percentage
 * @param availableMemoryBytes the available memory the agent last reported, overcommit included
 * @param reservedMemoryBytes  memory held for loads the scheduler requested and the agent has not yet reported
 * @param draining             whether the replica is being removed; it keeps serving but takes no new models
 * @param loadedModels         versions the replica has loaded (until they are unloaded)
 * @param loadingModels        versions the replica is loading
 */
@ValueStyle
@Value.Builder
public record ServerReplica(
    ReplicaIndex index,
    Seq<String> capabilities,
    ReplicaMemory memory,
    long availableMemoryBytes,
    long reservedMemoryBytes,
    boolean draining,
    SortedSet<ModelVersionId> loadedModels,
    SortedSet<ModelVersionId> loadingModels) implements WithServerReplica {

    public ServerReplica {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(loadedModels, "loadedModels");
        Objects.requireNonNull(loadingModels, "loadingModels");
        capabilities = capabilities.map(String::strip);
        if (availableMemoryBytes < 0) {
            throw new IllegalArgumentException("availableMemoryBytes must not be negative, got " + availableMemoryBytes);
        }
        if (reservedMemoryBytes < 0) {
            throw new IllegalArgumentException("reservedMemoryBytes must not be negative, got " + reservedMemoryBytes);
        }
    }

    /**
     * A replica that has just connected with no models: its available memory is its whole capacity, overcommit
     * included.
     */
    public static ServerReplica empty(ReplicaIndex index, Seq<String> capabilities, ReplicaMemory memory) {
        return builder().index(index).capabilities(capabilities).memory(memory)
            .availableMemoryBytes(memory.capacityBytes()).build();
    }

    /** A builder with no capabilities, nothing reserved, not draining and no models. */
    public static Builder builder() {
        return new Builder();
    }

    /** The replica's memory request in bytes. */
    public long totalMemoryBytes() {
        return memory.totalBytes();
    }

    /** How far registered models may exceed the memory request, in percent of it. */
    public int overcommitPercentage() {
        return memory.overcommitPercentage();
    }

    /** Memory a new model may take: available minus reserved, never below zero. */
    public long freeMemoryBytes() {
        return Math.max(0, availableMemoryBytes - reservedMemoryBytes);
    }

    /** Whether the replica has no model loaded or loading (of any version). */
    public boolean isEmpty() {
        return loadedModels.isEmpty() && loadingModels.isEmpty();
    }

    /** The distinct models whose versions are loaded here. */
    public SortedSet<ModelName> uniqueLoadedModels() {
        return TreeSet.ofAll(loadedModels.map(ModelVersionId::model));
    }

    /** Builds a {@link ServerReplica}. */
    public static final class Builder extends ServerReplicaBuilder {
        Builder() {
            capabilities(List.empty());
            reservedMemoryBytes(0);
            draining(false);
            loadedModels(TreeSet.empty());
            loadingModels(TreeSet.empty());
        }
    }
}
