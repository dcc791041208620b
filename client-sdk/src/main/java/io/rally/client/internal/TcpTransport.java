package io.rally.client.internal;

import io.netty.channel.ChannelPipeline;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;

/**
 * Packets on a TCP stream, framed by their {@code size} field. Ready as soon as connected.
 */
final class TcpTransport extends NettyTransport {

	private final PacketEncoder encoder;

	TcpTransport(ClientConfig config, EventLoops eventLoops) {
		super(config, eventLoops);
		this.encoder = new PacketEncoder(this.codec);
	}

	@Override
	void addFraming(ChannelPipeline pipeline) {
		ClientPipeline.addStreamCodec(pipeline, new PacketFrameDecoder(this.codec), this.packetDecoder, this.encoder);
	}

	@Override
	boolean readyOnHandshake() {
		return false;
	}

}
