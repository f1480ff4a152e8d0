/**
 * Server autoscaling: Seldon Core 2's scale-up by model replica count and its empty-replica and lightly-loaded
 * scale-down ({@code shared/spec/seldon-core-2.md} §5), the safety check that refuses a scale-down leaving a model
 * unplaceable, a deterministic consolidating policy that never flip-flops, and the
 * {@link io.modelscale.policy.server.ServerAutoscaler} step that combines them.
 */
package io.modelscale.policy.server;
