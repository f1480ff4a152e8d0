/**
 * Scenario files: multi-document YAML of Seldon Core 2 {@code Model} and {@code Server} resources, optional
 * {@code autoscaling/v2} {@code HorizontalPodAutoscaler}s and a modelscale {@code Simulation} section, read with the
 * line of every value so that each problem names its file, line and field.
 */
package io.modelscale.simulation.scenario;
