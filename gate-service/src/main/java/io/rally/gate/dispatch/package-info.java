/**
 * Routing client packets to nodes: the route table built from the registry, the strategies
 * that pick a node for stateless routes, and the error packets for what cannot be routed.
 */
package io.rally.gate.dispatch;
