/**
 * Where model replicas go: the scheduler as a pure function over a cluster snapshot, with pluggable server and
 * replica filters and orderings, packing strategies, lower bounds on the replicas a server needs, and
 * make-before-break repacking.
 */
package io.modelscale.placement;
