/**
 * Models: a {@link io.modelscale.core.model.ModelSpec}, its {@link io.modelscale.core.model.ModelVersion}s with the
 * state of each replica, the replica state machine's predicates ({@link io.modelscale.core.model.ModelReplicaState})
 * and the derivation of a version's {@link io.modelscale.core.model.ModelStatus} from its replicas.
 */
package io.modelscale.core.model;
