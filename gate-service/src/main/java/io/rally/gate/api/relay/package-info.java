/**
 * The transparent gateway ({@code rally.gate.mode=transparent}) as other code sees it: the
 * {@link io.rally.gate.api.relay.Backend backends} a client may name and the
 * {@link io.rally.gate.api.relay.BackendResolver} that decides (a bean an application may
 * replace), why a client was {@linkplain io.rally.gate.api.relay.RelayRefusal refused}, the
 * {@link io.rally.gate.api.relay.BackendRedirects} an operator drains a backend with, and the
 * hook a latency tracker plugs into ({@link io.rally.gate.api.relay.BackendLatencyListener}).
 * Public API; every part of the relay itself is in {@code internal.relay}.
 */
package io.rally.gate.api.relay;
