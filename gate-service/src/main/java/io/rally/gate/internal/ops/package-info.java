/**
 * The gate's {@link io.rally.gate.api.ops.GateOperations}: moving this gate's users between
 * nodes through the locator, on request here or from another gate over the event bus. Not a
 * public API.
 */
package io.rally.gate.internal.ops;
