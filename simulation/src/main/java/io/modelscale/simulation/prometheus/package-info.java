/**
 * Reading Prometheus: the HTTP API's instant and range queries ({@link io.modelscale.simulation.prometheus.PrometheusApi}),
 * per-model traffic from Seldon Core 2's agent metrics replayed as seeded arrivals
 * ({@link io.modelscale.simulation.prometheus.PrometheusTraffic}), and the current signals of each model for
 * {@code modelscale advise}. Every failure is a
 * {@link io.modelscale.simulation.prometheus.PrometheusProblem} naming what was asked and what came back.
 */
package io.modelscale.simulation.prometheus;
