/**
 * QuickTheories generators of core values and whole clusters, valid by construction, and the project's shared
 * theory settings. Published in the core test-jar for the other modules' property tests.
 */
package io.modelscale.core.arbitrary;
