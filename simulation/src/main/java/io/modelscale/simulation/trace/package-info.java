/**
 * Request traces: the Azure LLM inference traces shipped as resources, a reader for the per-request CSV format, and
 * seeded synthetic generators. Every trace is read lazily as a stream of {@link io.modelscale.simulation.trace.Request}s.
 */
package io.modelscale.simulation.trace;
