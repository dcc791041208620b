/**
 * The transparent gateway ({@code rally.gate.mode=transparent}), all of it: the relay servers
 * for TCP, WebSocket and KCP clients; the handlers that read the client's backend request,
 * dial the backend and move bytes both ways ({@link io.rally.gate.internal.GatePipeline} lists
 * them in order); and the gate's own {@link io.rally.gate.api.relay.BackendResolver} with its
 * allow-list and token verifier, and the listener that feeds dial times to the latency
 * tracker. Handlers are package-private; {@link io.rally.gate.internal.relay.RelayPipeline} is
 * how a client side (KCP too) adds them. Not a public API: its public types are in {@code
 * api.relay}.
 */
package io.rally.gate.internal.relay;
