/**
 * The project's shared QuickTheories settings and the state transitions its unit tests drive clusters through.
 * Published in the core test-jar for the other modules' tests; the generators themselves are published in
 * {@code modelscale-testkit}.
 */
package io.modelscale.core.arbitrary;
