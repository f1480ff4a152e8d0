/**
 * The simulator: replays request traces through model autoscaling, placement and server autoscaling with the same
 * library calls an embedding control plane makes, and reports what each preset costs and risks.
 */
package io.modelscale.simulation;
