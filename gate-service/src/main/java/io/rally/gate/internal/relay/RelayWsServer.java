package io.rally.gate.internal.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.NettyGateServer;

/**
 * The transparent gate's WebSocket server: a header of the upgrade request names the
 * backend, then binary frames from the client become the backend's byte stream and each
 * chunk read from the backend becomes one binary frame. A WebSocket has no half-close: the
 * end of either side closes both.
 */
public final class RelayWsServer extends NettyGateServer {

	public static final String TRANSPORT = "ws";

	/** A handshake request is headers only; anything bigger is not a client of ours. */
	private static final int MAX_HANDSHAKE_BYTES = 8192;

	private final RelaySettings relay;

	private final String backendHeader;

	private final WebSocketServerProtocolConfig protocolConfig;

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
		this.backendHeader = backendHeader;
		this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
			.websocketPath(path)
			.checkStartsWith(true)
			.handshakeTimeoutMillis(relay.handshakeTimeout().toMillis())
			.sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
			.decoderConfig(WebSocketDecoderConfig.newBuilder()
				.maxFramePayloadLength(maxFrameBytes)
				.allowExtensions(false)
				.closeOnProtocolViolation(true)
				.build())
			.build();
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		return new ChannelInitializer<Channel>() {

			@Override
			protected void initChannel(Channel channel) {
				if (!GatePipeline.admit(channel, TRANSPORT, settings)) {
					return;
				}
				connections.add(channel);
				RelaySettings relay = RelayWsServer.this.relay;
				ChannelPipeline pipeline = channel.pipeline();
				RelayPipeline.addHandshakeTimeout(pipeline, relay, TRANSPORT);
				pipeline.addLast(GatePipeline.HTTP_CODEC, new HttpServerCodec());
				pipeline.addLast(GatePipeline.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
				pipeline.addLast(GatePipeline.WS_PROTOCOL,
						new WebSocketServerProtocolHandler(RelayWsServer.this.protocolConfig));
				pipeline.addLast(GatePipeline.RELAY_WS_BRIDGE, new WsFrameBridge());
				pipeline.addLast(GatePipeline.RELAY_WS_BACKEND_HEADER, new WsBackendHeader(
						RelayWsServer.this.backendHeader, relay.maxFirstPacketBytes(), relay.refusals()));
				RelayPipeline.addConnector(pipeline, relay, TRANSPORT, settings.maxPendingBytes());
			}

		};
	}

}
