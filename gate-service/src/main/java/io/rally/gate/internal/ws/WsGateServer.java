package io.rally.gate.internal.ws;

import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.NettyGateServer;

/**
 * The gate's WebSocket server: after an HTTP/1.1 upgrade on one path, one packet per binary
 * frame.
 */
public final class WsGateServer extends NettyGateServer {

	public static final String TRANSPORT = "ws";

	/** The close code of a server going down (Going Away). */
	static final int GOING_AWAY = 1001;

	static final String SHUTDOWN_REASON = "gate shutting down";

	private final String path;

	private final List<String> allowedOrigins;

	private final int maxFrameBytes;

	/**
	 * @param path the upgrade path
	 * @param allowedOrigins the accepted {@code Origin} values; empty accepts any
	 * @param maxFrameBytes the largest frame payload accepted
	 */
	public WsGateServer(String host, int port, String path, List<String> allowedOrigins, int maxFrameBytes,
			GateChannelSettings settings) {
		super(TRANSPORT, host, port, settings);
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException("path: " + path + " (expected: starting with '/')");
		}
		if (maxFrameBytes < 1) {
			throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: > 0)");
		}
		this.path = path;
		this.allowedOrigins = List.copyOf(allowedOrigins);
		this.maxFrameBytes = maxFrameBytes;
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		return new WsChannelInitializer(settings, connections, this.path, this.allowedOrigins, this.maxFrameBytes);
	}

	/** A close frame, so that the client knows the gate went away on purpose. */
	@Override
	protected ChannelFuture writeGoodbye(Channel connection) {
		return connection.writeAndFlush(new CloseWebSocketFrame(GOING_AWAY, SHUTDOWN_REASON));
	}

}
