package io.rally.gate.internal.ws;

import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.WebSocketUpgrade;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameEncoder;

/**
 * Builds the pipeline of an accepted WebSocket connection; see {@link GatePipeline} for the
 * order.
 */
final class WsChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final HandshakeGuard handshakeGuard;

	private final WebSocketServerProtocolConfig protocolConfig;

	private final int maxFrameBytes;

	private final WebSocketFrameDecoder frameDecoder;

	private final PacketDecoder packetDecoder;

	private final WebSocketFrameEncoder frameEncoder;

	WsChannelInitializer(GateChannelSettings settings, ChannelGroup connections, String path,
			List<String> allowedOrigins, int maxFrameBytes) {
		this.settings = settings;
		this.connections = connections;
		this.maxFrameBytes = maxFrameBytes;
		this.handshakeGuard = new HandshakeGuard(path, allowedOrigins);
		// The guard in front checks the exact path; the handshake itself lets a query string through.
		this.protocolConfig = WebSocketUpgrade.config(path, 10_000, maxFrameBytes);
		this.frameDecoder = new WebSocketFrameDecoder(settings.codec());
		this.packetDecoder = new PacketDecoder(settings.codec());
		this.frameEncoder = new WebSocketFrameEncoder(settings.codec());
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, WsGateServer.TRANSPORT, this.settings)) {
			return;
		}
		this.connections.add(channel);
		ChannelPipeline pipeline = channel.pipeline();
		GatePipeline.addHead(pipeline, this.settings);
		GatePipeline.addHttpHandshake(pipeline);
		pipeline.addLast(GatePipeline.HANDSHAKE_GUARD, this.handshakeGuard);
		pipeline.addLast(GatePipeline.WS_PROTOCOL, new WebSocketServerProtocolHandler(this.protocolConfig));
		pipeline.addLast(GatePipeline.WS_AGGREGATOR, new WebSocketFrameAggregator(this.maxFrameBytes));
		pipeline.addLast(GatePipeline.WS_FRAME_DECODER, this.frameDecoder);
		pipeline.addLast(GatePipeline.PACKET_DECODER, this.packetDecoder);
		pipeline.addLast(GatePipeline.WS_FRAME_ENCODER, this.frameEncoder);
		GatePipeline.addTail(pipeline, this.settings, WsGateServer.TRANSPORT, true);
	}

}
