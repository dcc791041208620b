/**
 * The gate's connections and the users bound to them, as nodes reach them through
 * {@link io.rally.cluster.GateEndpoint}.
 */
package io.rally.gate.session;
