package io.rally.gate.internal.relay;

import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.NettyGateServer;

/**
 * The transparent gate's WebSocket server: a header of the upgrade request names the
 * backend, then binary frames from the client become the backend's byte stream and each
 * chunk read from the backend becomes one binary frame. A WebSocket has no half-close: the
 * end of either side closes both.
 */
public final class RelayWsServer extends NettyGateServer {

	public static final String TRANSPORT = "ws";

	private final RelaySettings relay;

	private final String path;

	private final String backendHeader;

	private final int maxFrameBytes;

	/**
	 * @param path the upgrade path
	 * @param backendHeader the request header that names the backend
	 * @param maxFrameBytes the largest frame payload accepted from clients
	 */
	public RelayWsServer(String host, int port, String path, String backendHeader, int maxFrameBytes,
			GateChannelSettings settings, RelaySettings relay) {
		super(TRANSPORT, host, port, settings);
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException("path: " + path + " (expected: starting with '/')");
		}
		if (backendHeader == null || backendHeader.isBlank()) {
			throw new IllegalArgumentException("backendHeader: empty (expected: a header name)");
		}
		if (maxFrameBytes < 1) {
			throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: > 0)");
		}
		this.relay = relay;
		this.path = path;
		this.backendHeader = backendHeader;
		this.maxFrameBytes = maxFrameBytes;
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		return new RelayWsChannelInitializer(settings, connections, this.relay, this.path, this.backendHeader,
				this.maxFrameBytes);
	}

}
