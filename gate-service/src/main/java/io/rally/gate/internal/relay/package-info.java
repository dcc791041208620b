/**
 * The Netty side of the transparent gateway ({@code rally.gate.mode=transparent}): the relay
 * servers for TCP, WebSocket and KCP clients, and the handlers that read the client's backend
 * request, dial the backend and move bytes both ways ({@link
 * io.rally.gate.internal.GatePipeline} lists them in order). Handlers are package-private;
 * {@link io.rally.gate.internal.relay.RelayPipeline} is how a client side (KCP too) adds them.
 * Not a public API.
 */
package io.rally.gate.internal.relay;
