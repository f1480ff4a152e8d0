package io.modelscale.simulation.report;

/**
 * The requests that arrived in one window of a run, judged when the run ended.
 *
 * @param fromSeconds     the window's start, seconds since the run's start
 * @param toSeconds       its end
 * @param requests        measured requests that arrived in it
 * @param sloAttainment   the share of them, in percent, that started service within the SLO (never-served ones are
 *                        misses); NaN without requests
 * @param p99WaitMillis   the 99th percentile of their waits (never-served ones at their wait so far), in
 *                        milliseconds; NaN without requests
 */
public record WindowRow(long fromSeconds, long toSeconds, long requests, double sloAttainment,
                        double p99WaitMillis) {
}
