/**
 * TLS for the gate's stream transports: a server SSL context loaded from PEM files and
 * swapped when they change, and the two handlers that go in front of a transport's pipeline
 * ({@link io.rally.gate.internal.GatePipeline#TLS} and
 * {@link io.rally.gate.internal.GatePipeline#TLS_HANDSHAKE}). Not a public API.
 */
package io.rally.gate.internal.tls;
