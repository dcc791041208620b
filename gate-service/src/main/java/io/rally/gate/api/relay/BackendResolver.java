package io.rally.gate.api.relay;

/**
 * Turns what a client of the transparent gateway asked for into a backend it may reach, or a
 * refusal; every client side (TCP, WebSocket, KCP) asks this, on a Netty event loop, so an
 * implementation must not block. The gate's own resolver reads {@code rally.gate.relay.*}:
 * an allow-list, discovered instances and signed tokens. A bean; define one of your own to
 * decide differently. Thread-safe.
 */
public interface BackendResolver {

	/**
	 * The backend {@code request} names, if the client may reach it.
	 * @param request the client's first packet as text
	 * @throws RelayRefusedException why not
	 */
	Backend resolve(String request) throws RelayRefusedException;

	/**
	 * The backend {@code name} names, if it is allowed; no token is asked for, since the name
	 * comes from the gate's operator (a {@linkplain BackendRedirects redirect}), not from a
	 * client.
	 * @param name a {@code host:port} or a registered instance id
	 * @throws RelayRefusedException why not
	 */
	Backend allowed(String name) throws RelayRefusedException;

}
