package io.rally.gate.internal;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;

/**
 * How the gate's WebSocket servers (packet mode and transparent relay) accept an upgrade and
 * police frames; both differ only in path, handshake timeout and frame limit.
 */
public final class WebSocketUpgrade {

	private WebSocketUpgrade() {
	}

	/**
	 * @param path the upgrade path; a query string after it is let through
	 * @param handshakeTimeoutMillis how long the upgrade may take
	 * @param maxFrameBytes the largest frame payload accepted
	 */
	public static WebSocketServerProtocolConfig config(String path, long handshakeTimeoutMillis, int maxFrameBytes) {
		return WebSocketServerProtocolConfig.newBuilder()
			.websocketPath(path)
			.checkStartsWith(true)
			.handshakeTimeoutMillis(handshakeTimeoutMillis)
			// Closing the channel sends a close frame first, so a deliberate end reaches the client as 1000.
			.sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
			.decoderConfig(WebSocketDecoderConfig.newBuilder()
				.maxFramePayloadLength(maxFrameBytes)
				.allowExtensions(false)
				.closeOnProtocolViolation(true)
				.build())
			.build();
	}

}
