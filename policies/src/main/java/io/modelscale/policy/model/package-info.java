/**
 * Model autoscaling: the {@link io.modelscale.policy.model.ModelScalingPolicy} SPI with the observation it reads
 * (the model, the cluster and every model's {@link io.modelscale.policy.model.ModelSignals}), Seldon Core 2's
 * inference lag and inactivity ({@code shared/spec/seldon-core-2.md} §2) with the agents' lag statistics, a
 * demand-driven variant that can scale from the minimum and back down under steady low traffic, and Knative's
 * stable/panic autoscaler; every decision with its reason.
 */
package io.modelscale.policy.model;
