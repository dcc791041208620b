package io.rally.gate.internal;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rally.gate.api.GateServer;
import io.rally.gate.session.CloseReason;

/**
 * What the gate's transports share: binding, the channel options, tracking the accepted
 * connections, and stopping in order (stop accepting, then close what is open). A subclass
 * supplies only the child channel initializer. Started and stopped by {@link GateLifecycle}.
 */
public abstract class NettyGateServer implements GateServer {

	private final String transport;

	private final String host;

	private final int configuredPort;

	private final GateChannelSettings settings;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private Channel serverChannel;

	private volatile int boundPort = -1;

	protected NettyGateServer(String transport, String host, int port, GateChannelSettings settings) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException(transport + " port: " + port + " (expected: 0 to 65535)");
		}
		this.transport = transport;
		this.host = host;
		this.configuredPort = port;
		this.settings = settings;
	}

	/** The initializer of accepted channels; it must call {@link GatePipeline#admit} first. */
	protected abstract ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections);

	@Override
	public final String transport() {
		return this.transport;
	}

	@Override
	public final int port() {
		return this.boundPort;
	}

	@Override
	public final boolean isRunning() {
		Channel channel = this.serverChannel;
		return channel != null && channel.isActive();
	}

	/** Binds the server; blocks until bound, failing if the address cannot be bound. */
	public synchronized void start(GateEventLoops loops) {
		if (this.serverChannel != null) {
			return;
		}
		int highWaterMark = this.settings.maxPendingBytes();
		ServerBootstrap bootstrap = new ServerBootstrap().group(loops.acceptor(), loops.workers())
			.channel(loops.serverChannelType())
			.option(ChannelOption.SO_BACKLOG, 1024)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
					new WriteBufferWaterMark(Math.max(1, highWaterMark / 2), highWaterMark))
			.childHandler(childInitializer(this.settings, this.connections));
		Channel channel = bootstrap.bind(new InetSocketAddress(this.host, this.configuredPort))
			.syncUninterruptibly()
			.channel();
		this.serverChannel = channel;
		this.boundPort = ((InetSocketAddress) channel.localAddress()).getPort();
	}

	/** Stops accepting, then closes every connection, waiting at most {@code timeout}. */
	public synchronized void stop(Duration timeout) {
		if (this.serverChannel == null) {
			return;
		}
		this.serverChannel.close().awaitUninterruptibly(timeout.toMillis());
		this.serverChannel = null;
		this.boundPort = -1;
		for (Channel connection : this.connections) {
			CloseReason.record(connection, CloseReason.SHUTDOWN);
		}
		this.connections.close().awaitUninterruptibly(timeout.toMillis());
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.host + ":" + ((this.boundPort >= 0) ? this.boundPort
				: this.configuredPort) + "]";
	}

}
