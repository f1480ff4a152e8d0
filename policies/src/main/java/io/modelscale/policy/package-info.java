/**
 * How many replicas models and servers should have. {@link io.modelscale.policy.Presets} names the two readings of
 * Seldon Core 2, its documentation and its code, as complete settings; the policies themselves live in
 * {@code policy.model} and {@code policy.hpa}.
 */
package io.modelscale.policy;
