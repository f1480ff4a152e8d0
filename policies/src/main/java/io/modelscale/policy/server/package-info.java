/**
 * Server autoscaling: the {@link io.modelscale.policy.server.ServerScalingPolicy} SPI with its scale-up and
 * scale-down roles, Seldon Core 2's scale-up by model replica count and its empty-replica and lightly-loaded
 * scale-down ({@code shared/spec/seldon-core-2.md} §5), the memory-aware scale-up, the consolidating scale-down that
 * never flip-flops, the {@link io.modelscale.policy.server.ScaleDownCheck} that refuses a scale-down leaving a model
 * unplaceable, and the typed reasons of every decision.
 */
package io.modelscale.policy.server;
