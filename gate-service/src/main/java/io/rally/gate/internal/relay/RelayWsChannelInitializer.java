package io.rally.gate.internal.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.WebSocketUpgrade;

/**
 * Builds the pipeline of an accepted transparent WebSocket connection; see
 * {@link GatePipeline} for the order.
 */
final class RelayWsChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final RelaySettings relay;

	private final String backendHeader;

	private final WebSocketServerProtocolConfig protocolConfig;

	RelayWsChannelInitializer(GateChannelSettings settings, ChannelGroup connections, RelaySettings relay,
			String path, String backendHeader, int maxFrameBytes) {
		this.settings = settings;
		this.connections = connections;
		this.relay = relay;
		this.backendHeader = backendHeader;
		this.protocolConfig = WebSocketUpgrade.config(path, relay.handshakeTimeout().toMillis(), maxFrameBytes);
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, RelayWsServer.TRANSPORT, this.settings)) {
			return;
		}
		this.connections.add(channel);
		ChannelPipeline pipeline = channel.pipeline();
		RelayPipeline.addHandshakeTimeout(pipeline, this.relay, RelayWsServer.TRANSPORT);
		GatePipeline.addHttpHandshake(pipeline);
		pipeline.addLast(GatePipeline.WS_PROTOCOL, new WebSocketServerProtocolHandler(this.protocolConfig));
		pipeline.addLast(GatePipeline.RELAY_WS_BRIDGE, new WsFrameBridge());
		pipeline.addLast(GatePipeline.RELAY_WS_BACKEND_HEADER,
				new WsBackendHeader(this.backendHeader, this.relay.maxFirstPacketBytes(), this.relay.refusals()));
		RelayPipeline.addConnector(pipeline, this.relay, RelayWsServer.TRANSPORT, this.settings.maxPendingBytes());
	}

}
