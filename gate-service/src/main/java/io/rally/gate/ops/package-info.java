/**
 * What an operator can ask of a running gate, as plain bean methods for an actuator endpoint,
 * a shell or an admin route to call.
 */
package io.rally.gate.ops;
