package io.rally.gate.internal.tcp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.NettyGateServer;
import io.rally.gate.internal.StreamChannelInitializer;

/**
 * The gate's TCP server: packets one after another on a byte stream, framed by their
 * {@code size} field.
 */
public final class TcpGateServer extends NettyGateServer {

	public static final String TRANSPORT = "tcp";

	public TcpGateServer(String host, int port, GateChannelSettings settings) {
		super(TRANSPORT, host, port, settings);
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		return new StreamChannelInitializer(settings, connections, TRANSPORT);
	}

}
