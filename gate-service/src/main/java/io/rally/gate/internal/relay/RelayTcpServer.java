package io.rally.gate.internal.relay;

import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.NettyGateServer;

/**
 * The transparent gate's TCP server: a first packet names the backend, then bytes flow both
 * ways, half-closes included. Over TLS (see {@link #useTls}) the bytes pass through the JVM,
 * never spliced, and either side's end closes both.
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
		return new RelayStreamChannelInitializer(settings, connections, this.relay, TRANSPORT, true);
	}

}
