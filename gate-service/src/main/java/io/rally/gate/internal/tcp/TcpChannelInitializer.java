package io.rally.gate.internal.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;

/**
 * Builds the pipeline of an accepted TCP connection; see {@link GatePipeline} for the order.
 */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final PacketDecoder packetDecoder;

	private final PacketEncoder packetEncoder;

	TcpChannelInitializer(GateChannelSettings settings, ChannelGroup connections) {
		this.settings = settings;
		this.connections = connections;
		this.packetDecoder = new PacketDecoder(settings.codec());
		this.packetEncoder = new PacketEncoder(settings.codec());
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, TcpGateServer.TRANSPORT, this.settings)) {
			return;
		}
		this.connections.add(channel);
		ChannelPipeline pipeline = channel.pipeline();
		GatePipeline.addHead(pipeline, this.settings);
		pipeline.addLast(GatePipeline.FRAME_DECODER, new PacketFrameDecoder(this.settings.codec()));
		pipeline.addLast(GatePipeline.PACKET_DECODER, this.packetDecoder);
		pipeline.addLast(GatePipeline.PACKET_ENCODER, this.packetEncoder);
		GatePipeline.addTail(pipeline, this.settings, TcpGateServer.TRANSPORT, false);
	}

}
