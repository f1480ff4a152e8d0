/**
 * Model autoscaling: Seldon Core 2's inference-lag statistics and the scheduler's decision on their triggers
 * ({@code shared/spec/seldon-core-2.md} §2), a demand-driven variant that can scale from the minimum and back down
 * under steady low traffic, and Knative's stable/panic autoscaler.
 */
package io.modelscale.policy.model;
