package io.rally.gate.api;

/** What a gate does with the bytes its clients send. */
public enum GateMode {

	/** Frames the wire protocol, keeps sessions and dispatches packets to nodes by route. */
	PACKET,

	/**
	 * Parses nothing but the client's first packet, which names a backend; then relays bytes
	 * between the client and that backend both ways.
	 */
	TRANSPARENT

}
