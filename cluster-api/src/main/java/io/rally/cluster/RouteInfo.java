package io.rally.cluster;

/**
 * A route a node serves, with the options a gate needs to dispatch it.
 *
 * @param route the route number
 * @param stateful sent to the node the user is bound to, rather than to any node
 * @param authorized accepted only from a connection with a bound user
 * @param internal never accepted from a client; only nodes send it
 */
public record RouteInfo(int route, boolean stateful, boolean authorized, boolean internal) {

}
