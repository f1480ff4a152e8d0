/**
 * A discrete-event simulator that replays request traces through model scaling, placement and server scaling,
 * with a command line, reports and charts.
 */
package io.modelscale.simulation;
