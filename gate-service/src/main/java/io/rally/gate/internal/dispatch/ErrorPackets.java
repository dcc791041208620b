package io.rally.gate.internal.dispatch;

import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Packet;

/**
 * The error packets the gate answers with, for clients that opted in: {@link ErrorPacket}s with
 * one fixed message per code. The payloads are built once; packets never modify their payload,
 * so they are shared.
 */
public final class ErrorPackets {

	private static final byte[] NOT_AUTHORIZED_PAYLOAD = ErrorPacket.encode(ErrorPacket.NOT_AUTHORIZED,
			"not authorized");

	private static final byte[] ROUTE_NOT_FOUND_PAYLOAD = ErrorPacket.encode(ErrorPacket.ROUTE_NOT_FOUND,
			"route not found");

	private static final byte[] NO_NODE_PAYLOAD = ErrorPacket.encode(ErrorPacket.UNAVAILABLE, "no node available");

	private static final Packet SHUTTING_DOWN = ErrorPacket.of(0, 0, ErrorPacket.UNAVAILABLE, "gate shutting down");

	private ErrorPackets() {
	}

	/**
	 * An error packet answering the request on {@code route} and {@code seq}; {@code code} is one
	 * of {@link ErrorPacket}'s.
	 */
	public static Packet of(int route, int seq, int code) {
		byte[] payload = switch (code) {
			case ErrorPacket.NOT_AUTHORIZED -> NOT_AUTHORIZED_PAYLOAD;
			case ErrorPacket.ROUTE_NOT_FOUND -> ROUTE_NOT_FOUND_PAYLOAD;
			case ErrorPacket.UNAVAILABLE -> NO_NODE_PAYLOAD;
			default -> ErrorPacket.encode(code, "error");
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

}
