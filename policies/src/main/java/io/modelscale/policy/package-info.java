/**
 * How many replicas models and servers should have. {@link io.modelscale.policy.PolicyRegistry} names every policy
 * and preset by a stable name; a {@link io.modelscale.policy.Preset} composes a model policy, a server scale-up and a
 * scale-down policy, the placement rules and the scale-down check ({@link io.modelscale.policy.Presets} holds the
 * shipped ones); {@link io.modelscale.policy.StabilityWindow} composes with any policy; a policy returns a
 * {@link io.modelscale.policy.Step} of its next memory and its decision. The policies live in {@code policy.model},
 * {@code policy.server} and {@code policy.hpa}.
 */
package io.modelscale.policy;
