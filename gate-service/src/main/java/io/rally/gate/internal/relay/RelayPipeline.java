package io.rally.gate.internal.relay;

import io.netty.channel.ChannelPipeline;
import io.rally.gate.internal.GatePipeline;

/**
 * Builds the relay's part of a client connection's pipeline, for every client side (see
 * {@link GatePipeline} for names and order). A client side (TCP, WebSocket, KCP) puts in
 * front whatever turns its transport into a stream of {@code ByteBuf}s, then:
 * <ul>
 * <li>{@link #addStreamSide}, when the backend is named by the first packet of the stream
 * (TCP, KCP); or</li>
 * <li>{@link #addConnector} alone, when something else passes a backend request on (the
 * WebSocket upgrade header).</li>
 * </ul>
 * The client channel's event loop must be able to register a TCP socket channel (any NIO or
 * epoll loop); the backend is dialled on it.
 */
public final class RelayPipeline {

	private RelayPipeline() {
	}

	/**
	 * Adds the handshake timer, the first-packet decoder and the connector: for a client side
	 * whose channel reads the client's bytes as {@code ByteBuf}s and writes {@code ByteBuf}s to
	 * it.
	 * @param transport the metric tag of the client side ({@code "tcp"}, {@code "kcp"})
	 * @param maxEarlyBytes how much the client may send behind its first packet before the
	 * backend is connected
	 */
	public static void addStreamSide(ChannelPipeline pipeline, RelaySettings settings, String transport,
			int maxEarlyBytes) {
		addHandshakeTimeout(pipeline, settings, transport);
		pipeline.addLast(GatePipeline.RELAY_FIRST_PACKET,
				new FirstPacketDecoder(settings.maxFirstPacketBytes(), transport, settings.refusals()));
		addConnector(pipeline, settings, transport, maxEarlyBytes);
	}

	/** Adds the timer that refuses a client that names no backend in time. */
	public static void addHandshakeTimeout(ChannelPipeline pipeline, RelaySettings settings, String transport) {
		pipeline.addLast(GatePipeline.RELAY_HANDSHAKE_TIMEOUT,
				new HandshakeTimeoutHandler(settings.handshakeTimeout().toNanos(), transport, settings.refusals()));
	}

	/** Adds the handler that dials the requested backend and then becomes the relay. */
	public static void addConnector(ChannelPipeline pipeline, RelaySettings settings, String transport,
			int maxEarlyBytes) {
		pipeline.addLast(GatePipeline.RELAY_CONNECTOR, new BackendConnector(settings, transport, maxEarlyBytes));
	}

}
