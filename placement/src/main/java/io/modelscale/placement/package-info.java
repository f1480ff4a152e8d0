/**
 * Where model replicas go. {@link io.modelscale.placement.Scheduler} places one model on a
 * {@link io.modelscale.core.cluster.Cluster} as Seldon Core 2's scheduler does, as a pure function that returns the
 * new snapshot with a {@link io.modelscale.placement.ScheduleOutcome} that explains itself, down to which filter
 * rejected which server and replica. {@link io.modelscale.placement.SchedulerConfig} holds the pluggable rules.
 */
package io.modelscale.placement;
