package io.rally.gate.internal.ws;

import java.util.List;

import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.NettyGateServer;

/**
 * The gate's WebSocket server: after an HTTP/1.1 upgrade on one path, one packet per binary
 * frame.
 */
public final class WsGateServer extends NettyGateServer {

	public static final String TRANSPORT = "ws";

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

}
