/**
 * Servers: a {@link io.modelscale.core.server.ServerSpec} (a StatefulSet of identical replicas with its scaling
 * spec), its {@link io.modelscale.core.server.ServerReplica}s with their memory, capabilities and the model versions
 * they hold, and the identifiers {@link io.modelscale.core.server.ServerName} and
 * {@link io.modelscale.core.server.ReplicaIndex}.
 */
package io.modelscale.core.server;
