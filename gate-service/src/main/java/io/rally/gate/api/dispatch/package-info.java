/**
 * How the gate spreads stateless packets over the nodes that serve a route: the built-in
 * {@link io.rally.gate.api.dispatch.DispatchStrategy strategies} ({@code rally.gate.dispatch.strategy})
 * and the extension point they implement, {@link io.rally.gate.api.dispatch.NodeSelector}: a bean;
 * define one of your own to choose differently. Public API; the route table and the dispatcher
 * that call it are in {@code internal.dispatch}.
 */
package io.rally.gate.api.dispatch;
