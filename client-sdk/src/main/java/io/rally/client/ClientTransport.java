package io.rally.client;

/**
 * The transports a {@link RallyClient} can speak. Every transport carries the same packets;
 * they differ only in framing.
 */
public enum ClientTransport {

	/** Packets one after another on a TCP stream, framed by their {@code size} field. */
	TCP,

	/** One packet per binary WebSocket frame, after a handshake to {@code ws://host:port/path}. */
	WEBSOCKET,

	/**
	 * The TCP byte stream carried by a KCP conversation over UDP (reliable, ordered, low
	 * latency on lossy links); parameters from {@link RallyClient.Builder#kcp}.
	 */
	KCP

}
