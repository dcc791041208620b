package io.rally.gate.internal.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;

/**
 * Builds the pipeline of an accepted transparent TCP connection; see {@link GatePipeline} for
 * the order.
 */
final class RelayTcpChannelInitializer extends ChannelInitializer<Channel> {

	private final GateChannelSettings settings;

	private final ChannelGroup connections;

	private final RelaySettings relay;

	RelayTcpChannelInitializer(GateChannelSettings settings, ChannelGroup connections, RelaySettings relay) {
		this.settings = settings;
		this.connections = connections;
		this.relay = relay;
	}

	@Override
	protected void initChannel(Channel channel) {
		if (!GatePipeline.admit(channel, RelayTcpServer.TRANSPORT, this.settings)) {
			return;
		}
		this.connections.add(channel);
		if (channel.pipeline().get(GatePipeline.TLS) == null) {
			// A client that is done sending may still be owed the backend's answer. Not over TLS:
			// there a stream ends with close_notify, which a bare FIN in one direction would skip,
			// so either side's end closes both (with close_notify to the client).
			channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
		}
		RelayPipeline.addStreamSide(channel.pipeline(), this.relay, RelayTcpServer.TRANSPORT,
				this.settings.maxPendingBytes());
	}

}
