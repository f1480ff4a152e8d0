/**
 * AssertJ domain assertions about clusters, published in the core test-jar.
 */
package io.modelscale.core.assertion;
