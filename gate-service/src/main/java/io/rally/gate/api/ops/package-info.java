/**
 * What an operator can ask of a running gate ({@link io.rally.gate.api.ops.GateOperations}),
 * as plain bean methods for an actuator endpoint, a shell or an admin route to call. Public
 * API: a bean every gate has, which an application may replace.
 */
package io.rally.gate.api.ops;
