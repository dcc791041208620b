package io.rally.gate.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;

/**
 * Builds the pipeline of a connection that carries packets on a byte stream: an accepted TCP
 * connection, or a KCP conversation (whose channel already turns KCP into such a stream). See
 * {@link GatePipeline} for the order.
 */
public final class StreamChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final String transport;

	private final PacketDecoder packetDecoder;

	private final PacketEncoder packetEncoder;

	/** @param transport the transport's name in metrics and sessions ({@code tcp}, {@code kcp}) */
	public StreamChannelInitializer(GateChannelSettings settings, ChannelGroup connections, String transport) {
		this.settings = settings;
		this.connections = connections;
		this.transport = transport;
		this.packetDecoder = new PacketDecoder(settings.codec());
		this.packetEncoder = new PacketEncoder(settings.codec());
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, this.transport, this.settings)) {
			return;
		}
		this.connections.add(channel);
		ChannelPipeline pipeline = channel.pipeline();
		GatePipeline.addHead(pipeline, this.settings);
		GatePipeline.addStreamCodec(pipeline, new PacketFrameDecoder(this.settings.codec()), this.packetDecoder,
				this.packetEncoder);
		GatePipeline.addTail(pipeline, this.settings, this.transport, false);
	}

}
