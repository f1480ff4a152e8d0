/**
 * The domain values every other modelscale module speaks: a {@link io.modelscale.core.Problem} for bad input, and
 * the project's one Immutables style. The values themselves live in the sub-packages: memory quantities, scaling
 * specs, models, servers and the whole-cluster snapshot.
 */
package io.modelscale.core;
