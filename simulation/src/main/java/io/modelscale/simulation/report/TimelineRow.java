package io.modelscale.simulation.report;

/**
 * The state of a run at one stats tick.
 *
 * @param seconds          seconds since the start
 * @param arrivalsPerSecond requests per second over the last period
 * @param inFlight         requests in service or queued
 * @param modelReplicas    desired model replicas, summed over models
 * @param servingReplicas  model replicas that can receive requests, summed
 * @param serverReplicas   server replicas running or starting, summed over servers
 * @param packingGap       server replicas in use above the lower bound of their models, summed
 * @param maxOutstanding   the most requests outstanding (in service or queued) per serving replica of any model
 */
public record TimelineRow(long seconds, double arrivalsPerSecond, long inFlight, int modelReplicas,
                          int servingReplicas, int serverReplicas, int packingGap, long maxOutstanding) {
}
