package io.rally.gate.internal.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.kcp.KcpGateServer;

/**
 * Builds the pipeline of a new transparent KCP conversation; see {@link GatePipeline} for the
 * order. The conversation channel already turns KCP into a byte stream, so the relay sits
 * directly on it.
 */
final class RelayKcpChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final RelaySettings relay;

	RelayKcpChannelInitializer(GateChannelSettings settings, ChannelGroup connections, RelaySettings relay) {
		this.settings = settings;
		this.connections = connections;
		this.relay = relay;
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, KcpGateServer.TRANSPORT, this.settings)) {
			return;
		}
		this.connections.add(channel);
		RelayPipeline.addStreamSide(channel.pipeline(), this.relay, KcpGateServer.TRANSPORT,
				this.settings.maxPendingBytes());
	}

}
