package io.rally.gate.internal.dispatch;

import java.nio.charset.StandardCharsets;

import io.rally.protocol.Packet;

/**
 * The error packets the gate answers with, for clients that opted in: extcode
 * {@link Packet#EXT_ERROR} and a JSON payload {@code {"code":..,"message":".."}}. The payloads
 * are built once; packets never modify their payload, so they are shared.
 */
public final class ErrorPackets {

	public static final int BAD_REQUEST = 400;

	public static final int NOT_AUTHORIZED = 401;

	public static final int ROUTE_NOT_FOUND = 404;

	public static final int HANDLER_ERROR = 500;

	public static final int NO_NODE = 503;

	private static final byte[] NOT_AUTHORIZED_PAYLOAD = payload(NOT_AUTHORIZED, "not authorized");

	private static final byte[] ROUTE_NOT_FOUND_PAYLOAD = payload(ROUTE_NOT_FOUND, "route not found");

	private static final byte[] NO_NODE_PAYLOAD = payload(NO_NODE, "no node available");

	private static final Packet SHUTTING_DOWN = new Packet(0, 0, payload(NO_NODE, "gate shutting down"),
			Packet.EXT_ERROR);

	private ErrorPackets() {
	}

	/** An error packet answering the request on {@code route} and {@code seq}. */
	public static Packet of(int route, int seq, int code) {
		byte[] payload = switch (code) {
			case NOT_AUTHORIZED -> NOT_AUTHORIZED_PAYLOAD;
			case ROUTE_NOT_FOUND -> ROUTE_NOT_FOUND_PAYLOAD;
			case NO_NODE -> NO_NODE_PAYLOAD;
			default -> payload(code, "error");
		};
		return new Packet(route, seq, payload, Packet.EXT_ERROR);
	}

	/**
	 * The notice a stopping gate sends each client that opted in to error packets before it
	 * closes the connection: code 503 on route 0, seq 0, as it answers no request.
	 */
	public static Packet shuttingDown() {
		return SHUTTING_DOWN;
	}

	/** The JSON payload of an error packet; {@code message} must not need escaping. */
	public static byte[] payload(int code, String message) {
		return ("{\"code\":" + code + ",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
	}

}
