/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) as a pure state machine
 * ({@code shared/spec/kubernetes-hpa-kpa-keda.md} §1–2): {@link io.modelscale.policy.hpa.HpaSpec} is the manifest,
 * {@link io.modelscale.policy.hpa.HpaObservation} one reconcile's inputs, {@link io.modelscale.policy.hpa.HpaMemory}
 * what the controller remembers between reconciles, and
 * {@link io.modelscale.policy.hpa.HorizontalPodAutoscaler#step} the reconcile. The HPA is the policy of a model
 * ({@link io.modelscale.policy.hpa.ModelHpaPolicy}) or of a server ({@link io.modelscale.policy.hpa.ServerHpaPolicy})
 * it scales; the single-model serving pairing of a model HPA with a server HPA (seed 003) is here too.
 */
package io.modelscale.policy.hpa;
