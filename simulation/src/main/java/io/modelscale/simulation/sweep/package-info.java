/**
 * Sweeps: a grid of preset settings run over a scenario, in parallel or in shards, with Pareto fronts of cost
 * against service.
 */
package io.modelscale.simulation.sweep;
