package io.rally.gate.internal.relay;

import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.kcp.KcpGateServer;
import io.rally.gate.internal.kcp.KcpOptions;

/**
 * The transparent gate's KCP server: the KCP port of {@link KcpGateServer}, where the first
 * packet of a conversation's byte stream names the backend, then bytes flow both ways. KCP has
 * no half-close: the end of either side closes both, the client's side once the backend's last
 * bytes are acknowledged. Conversations are never spliced; their bytes pass through KCP in the
 * JVM.
 */
public final class RelayKcpServer extends KcpGateServer {

	private final RelaySettings relay;

	public RelayKcpServer(String host, int port, KcpOptions options, GateChannelSettings settings,
			RelaySettings relay) {
		super(host, port, options, settings);
		this.relay = relay;
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		return new RelayStreamChannelInitializer(settings, connections, this.relay, TRANSPORT, false);
	}

}
