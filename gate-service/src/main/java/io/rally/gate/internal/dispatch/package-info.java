/**
 * Routing client packets to nodes: the route table built from the registry, the dispatcher
 * that sends each packet to its node with the {@link io.rally.gate.api.dispatch.NodeSelector}
 * for stateless routes, and the error packets for what cannot be routed. Not a public API.
 */
package io.rally.gate.internal.dispatch;
