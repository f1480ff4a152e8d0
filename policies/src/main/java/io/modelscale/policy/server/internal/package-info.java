/**
 * Seldon Core 2's server scaling functions and the statistics they read, exactly as Seldon computes them: the
 * building blocks of the shipped server policies, not part of the API.
 */
package io.modelscale.policy.server.internal;
