/**
 * Scaling specs: the {@code replicas}, {@code minReplicas} and {@code maxReplicas} of a Model or Server resource,
 * normalised and validated as Seldon Core 2's operator does, with an explicit unbounded maximum.
 */
package io.modelscale.core.scaling;
