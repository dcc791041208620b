/**
 * The gate as other code sees it: its servers, one per transport, and the vocabulary of its
 * settings. Public API, as are its sub-packages: {@code api.dispatch} and {@code api.health}
 * (how stateless packets choose a node, and the latency scores they read), {@code api.relay}
 * (the transparent gateway's backends, resolver and redirects) and {@code api.ops} (what an
 * operator asks of a running gate). Nothing here depends on Netty or on the gate's
 * {@code internal} packages; an architecture test keeps it so.
 */
package io.rally.gate.api;
