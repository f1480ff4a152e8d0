/**
 * Packing a server's models onto fewer replicas: {@link io.modelscale.placement.packing.LowerBounds} on the replicas
 * a server needs, the {@link io.modelscale.placement.packing.RepackPlanner} that assigns every model replica to
 * replicas {@code 0..k-1}, and the make-before-break {@link io.modelscale.placement.packing.RepackPlan} that gets
 * there without any model losing its last available replica.
 */
package io.modelscale.placement.packing;
