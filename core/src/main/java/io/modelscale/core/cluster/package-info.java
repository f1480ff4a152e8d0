/**
 * The whole-cluster snapshot: {@link io.modelscale.core.cluster.Cluster} holds every server, server replica, model
 * and model replica, changes only through pure operations that return a new snapshot or a typed
 * {@link io.modelscale.core.cluster.UpdateFailure}, and reports every broken invariant as a
 * {@link io.modelscale.core.cluster.Violation}.
 */
package io.modelscale.core.cluster;
