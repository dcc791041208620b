package io.rally.client.internal;

import java.net.URI;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameEncoder;

/**
 * One packet per binary WebSocket frame, after a handshake to {@code ws://host:port/path}. The
 * largest frame accepted is the largest packet the protocol settings allow.
 */
final class WebSocketTransport extends NettyTransport {

	/** Enough for any handshake response a gate sends. */
	private static final int MAX_HANDSHAKE_RESPONSE = 8192;

	private final WebSocketClientProtocolConfig protocolConfig;

	private final int maxFrameLength;

	private final WebSocketFrameDecoder frameDecoder;

	private final WebSocketFrameEncoder frameEncoder;

	WebSocketTransport(ClientConfig config, EventLoops eventLoops) {
		super(config, eventLoops);
		this.maxFrameLength = ProtocolSettings.SIZE_FIELD_BYTES + config.protocol().maxSize();
		this.protocolConfig = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(URI.create(((config.tls() != null) ? "wss://" : "ws://") + config.address()
					+ config.webSocketPath()))
			.version(WebSocketVersion.V13)
			.allowExtensions(false)
			.maxFramePayloadLength(this.maxFrameLength)
			.handshakeTimeoutMillis(Math.max(1, config.connectTimeout().toMillis()))
			.dropPongFrames(true)
			.build();
		this.frameDecoder = new WebSocketFrameDecoder(this.codec);
		this.frameEncoder = new WebSocketFrameEncoder(this.codec);
	}

	@Override
	void addFraming(ChannelPipeline pipeline) {
		pipeline.addLast(ClientPipeline.HTTP_CODEC, new HttpClientCodec());
		pipeline.addLast(ClientPipeline.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE));
		pipeline.addLast(ClientPipeline.WS_PROTOCOL, new WebSocketClientProtocolHandler(this.protocolConfig));
		pipeline.addLast(ClientPipeline.WS_FRAME_AGGREGATOR, new WebSocketFrameAggregator(this.maxFrameLength));
		pipeline.addLast(ClientPipeline.FRAME_DECODER, this.frameDecoder);
		pipeline.addLast(ClientPipeline.PACKET_DECODER, this.packetDecoder);
		pipeline.addLast(ClientPipeline.FRAME_ENCODER, this.frameEncoder);
	}

	@Override
	boolean readyOnHandshake() {
		return true;
	}

}
