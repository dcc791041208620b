/**
 * The arithmetic of the gate's per-connection inbound limits: {@link
 * io.rally.gate.internal.limits.TokenBucket} and the {@link
 * io.rally.gate.internal.limits.RateLimits} read from {@code rally.gate.limits.rate}. The
 * handler that applies them sits in the pipeline ({@code io.rally.gate.internal}). Not a public
 * API.
 */
package io.rally.gate.internal.limits;
