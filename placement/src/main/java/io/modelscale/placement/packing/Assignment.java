package io.modelscale.placement.packing;

import io.modelscale.core.model.ModelVersionId;
import io.modelscale.core.server.ReplicaIndex;
import io.vavr.Tuple2;
import io.vavr.collection.SortedMap;
import io.vavr.collection.SortedSet;
import io.vavr.collection.TreeSet;
import java.util.Objects;

/**
 * Where every model replica of a server goes when the server has {@code targetReplicas} replicas.
 *
 * @param targetReplicas the replica count the assignment is for; every replica used has a lower index
 * @param replicas       the model versions on each server replica used
 */
public record Assignment(int targetReplicas, SortedMap<ReplicaIndex, SortedSet<ModelVersionId>> replicas) {

    public Assignment {
        Objects.requireNonNull(replicas, "replicas");
        for (ReplicaIndex index : replicas.keySet()) {
            if (index.value() >= targetReplicas) {
                throw new IllegalArgumentException("replica " + index + " is not below the target " + targetReplicas);
            }
        }
    }

    /** The server replicas that hold {@code version}. */
    public SortedSet<ReplicaIndex> replicasOf(ModelVersionId version) {
        return TreeSet.ofAll(replicas.filter(e -> e._2.contains(version)).keySet());
    }

    /** How many server replicas hold at least one model. */
    public int usedReplicas() {
        return replicas.count(e -> !e._2.isEmpty());
    }

    /** One line per used replica: {@code 0: [a:1, b:1]}. */
    public String describe() {
        return replicas.filter(e -> !e._2.isEmpty())
            .map((Tuple2<ReplicaIndex, SortedSet<ModelVersionId>> e) -> e._1 + ": " + e._2.mkString("[", ", ", "]"))
            .mkString("; ");
    }
}
