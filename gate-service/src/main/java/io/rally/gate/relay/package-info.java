/**
 * The transparent gateway as other code sees it: which backends a client may name ({@link
 * io.rally.gate.relay.BackendResolver}, {@link io.rally.gate.relay.BackendAllowList}, {@link
 * io.rally.gate.relay.RelayTokenVerifier}), why a client was refused, and the hook a latency
 * tracker plugs into ({@link io.rally.gate.relay.BackendLatencyListener}). Nothing here
 * depends on Netty.
 */
package io.rally.gate.relay;
