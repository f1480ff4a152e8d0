/**
 * Memory: Kubernetes quantities such as {@code 100Ki} read as whole bytes ({@link
 * io.modelscale.core.memory.MemoryQuantity}), and a server replica's memory budget with overcommit ({@link
 * io.modelscale.core.memory.ReplicaMemory}).
 */
package io.modelscale.core.memory;
