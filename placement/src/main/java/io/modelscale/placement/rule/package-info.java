/**
 * The rules placement applies, as ordered, pluggable lists: {@link io.modelscale.placement.rule.ServerFilter}s and
 * {@link io.modelscale.placement.rule.ReplicaFilter}s that reject with a reason, and
 * {@link io.modelscale.placement.rule.ReplicaSorter}s combined into a {@link io.modelscale.placement.rule.ReplicaOrder}.
 * Seldon Core 2's rules are the defaults ({@code shared/spec/seldon-core-2.md} §4.2–4.4).
 */
package io.modelscale.placement.rule;
