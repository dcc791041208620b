package io.rally.gate.internal.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.NettyGateServer;

/**
 * The transparent gate's TCP server: a first packet names the backend, then bytes flow both
 * ways, half-closes included.
 */
public final class RelayTcpServer extends NettyGateServer {

	public static final String TRANSPORT = "tcp";

	private final RelaySettings relay;

	public RelayTcpServer(String host, int port, GateChannelSettings settings, RelaySettings relay) {
		super(TRANSPORT, host, port, settings);
		this.relay = relay;
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		RelaySettings relay = this.relay;
		return new ChannelInitializer<Channel>() {

			@Override
			protected void initChannel(Channel channel) {
				if (!GatePipeline.admit(channel, TRANSPORT, settings)) {
					return;
				}
				connections.add(channel);
				// A client that is done sending may still be owed the backend's answer.
				channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
				RelayPipeline.addStreamSide(channel.pipeline(), relay, TRANSPORT, settings.maxPendingBytes());
			}

		};
	}

}
