/**
 * The control loop as one library call: {@link io.modelscale.control.Autoscaler#step} takes the control memory, a
 * cluster snapshot, a {@link io.modelscale.control.Trigger}, the time and the randomness, composes a preset's
 * registered policies and the scheduler, and returns the next memory and snapshot with every decision and its reason
 * ({@link io.modelscale.control.ControlResult}). A control plane, the simulator and the stateful tests all drive
 * this one step.
 */
package io.modelscale.control;
