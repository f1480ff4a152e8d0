package io.modelscale.policy.server.internal;

import io.modelscale.core.cluster.Cluster;
import io.modelscale.core.model.Model;
import io.modelscale.core.model.ModelName;
import io.modelscale.core.model.ModelVersion;
import io.modelscale.core.server.Server;
import io.modelscale.core.server.ServerName;
import io.modelscale.core.server.ServerReplica;
import io.modelscale.placement.packing.PackingProblem;
import io.vavr.Tuple2;

/**
 * The statistics Seldon's server autoscaling reads ({@code shared/spec/seldon-core-2.md} §5.1).
 *
 * @param numEmptyReplicas          connected replicas (draining ones included) with no model loaded or loading
 * @param maxNumReplicaHostedModels the largest desired replica count among the models whose latest version is on
 *                                  the server, deleted models included (they keep their desired count in Seldon)
 */
public record ServerStats(int numEmptyReplicas, int maxNumReplicaHostedModels) {

    public ServerStats {
        if (numEmptyReplicas < 0 || maxNumReplicaHostedModels < 0) {
            throw new IllegalArgumentException("server statistics must not be negative, got " + numEmptyReplicas
                + " and " + maxNumReplicaHostedModels);
        }
    }

    /** The statistics of {@code server} in {@code cluster}; zeros for a server that does not exist. */
    public static ServerStats of(Cluster cluster, ServerName server) {
        int empty = cluster.server(server).map(s -> s.replicas().values().count(ServerReplica::isEmpty)).getOrElse(0);
        // one pass over the map's entries, without the lazy stream of its values: it runs over every model, on
        // every model unloaded
        int largest = 0;
        for (Tuple2<ModelName, Model> entry : cluster.models()) {
            ModelVersion latest = entry._2.latest();
            if (latest.server().contains(server)) {
                largest = Math.max(largest, latest.spec().scaling().replicas());
            }
        }
        return new ServerStats(empty, largest);
    }

    /** The statistics of a server value in {@code cluster}. */
    public static ServerStats of(Cluster cluster, Server server) {
        return of(cluster, server.name());
    }

    /** How many replicas the live models of a packing problem lack: desired minus current, summed. */
    public static int lacking(PackingProblem problem) {
        return problem.lacking();
    }
}
