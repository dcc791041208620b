package io.rally.gate.internal.kcp;

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
 * Builds the pipeline of a new KCP conversation; see {@link GatePipeline} for the order. KCP
 * itself lives in the {@link KcpConversationChannel}, so the pipeline sees the same byte
 * stream a TCP connection carries.
 */
final class KcpChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final PacketDecoder packetDecoder;

	private final PacketEncoder packetEncoder;

	KcpChannelInitializer(GateChannelSettings settings, ChannelGroup connections) {
		this.settings = settings;
		this.connections = connections;
		this.packetDecoder = new PacketDecoder(settings.codec());
		this.packetEncoder = new PacketEncoder(settings.codec());
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, KcpGateServer.TRANSPORT, this.settings)) {
			return;
		}
		this.connections.add(channel);
		ChannelPipeline pipeline = channel.pipeline();
		GatePipeline.addHead(pipeline, this.settings);
		pipeline.addLast(GatePipeline.FRAME_DECODER, new PacketFrameDecoder(this.settings.codec()));
		pipeline.addLast(GatePipeline.PACKET_DECODER, this.packetDecoder);
		pipeline.addLast(GatePipeline.PACKET_ENCODER, this.packetEncoder);
		GatePipeline.addTail(pipeline, this.settings, KcpGateServer.TRANSPORT, false);
	}

}
