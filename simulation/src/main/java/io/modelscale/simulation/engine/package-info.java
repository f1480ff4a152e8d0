/**
 * The discrete-event engine: a {@link io.modelscale.simulation.engine.Scenario} (servers, models, traffic and
 * settings) run under a preset by the {@link io.modelscale.simulation.engine.Simulator}, a fold over time-ordered
 * events whose control-plane steps are the library's own calls.
 */
package io.modelscale.simulation.engine;
