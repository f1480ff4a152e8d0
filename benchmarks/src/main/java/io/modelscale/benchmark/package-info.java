/**
 * JMH benchmarks of the hot paths, each with a baseline in the same class so that results read as ratios.
 */
package io.modelscale.benchmark;
