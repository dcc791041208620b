package io.rally.gate.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rally.gate.api.GateServer;
import io.rally.gate.internal.dispatch.ErrorPackets;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.session.Session;

/**
 * What the gate's transports share: binding, the channel options, tracking the accepted
 * connections, and stopping in order: {@link #stopAccepting() stop accepting}, then
 * {@link #closeConnections() say goodbye to and close} what is open. A subclass supplies the
 * child channel initializer and may add its transport's own goodbye. Started and stopped by
 * {@link GateLifecycle}.
 */
public abstract class NettyGateServer implements GateServer {

	private final String transport;

	private final String host;

	private final int configuredPort;

	private final GateChannelSettings settings;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private UnaryOperator<ChannelHandler> tls;

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

	/**
	 * Serves this transport over TLS; call before {@link #start}.
	 * @param tls wraps the initializer of accepted channels in one that puts TLS in front of
	 * it, as {@code ReloadableSslContext::initializer} does (a function, so that this package
	 * needs nothing of {@code internal.tls}, which builds on {@link GatePipeline})
	 */
	public synchronized void useTls(UnaryOperator<ChannelHandler> tls) {
		this.tls = tls;
	}

	/** Whether this transport is served over TLS. */
	public synchronized boolean isTls() {
		return this.tls != null;
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
		ChannelHandler children = childInitializer(this.settings, this.connections);
		Channel channel = bind(loops, new InetSocketAddress(this.host, this.configuredPort),
				(this.tls != null) ? this.tls.apply(children) : children);
		this.serverChannel = channel;
		this.boundPort = ((InetSocketAddress) channel.localAddress()).getPort();
	}

	/**
	 * Binds the channel that takes new connections, blocking until bound; by default a TCP
	 * server socket whose accepted children get {@code childInitializer}, behind the PROXY
	 * protocol handlers when that is on.
	 */
	protected Channel bind(GateEventLoops loops, InetSocketAddress address, ChannelHandler childInitializer) {
		ChannelHandler children = this.settings.proxies().enabled() ? new ProxyProtocolInitializer(
				this.settings.proxies(), childInitializer, this.transport, this.settings.metrics()) : childInitializer;
		ServerBootstrap bootstrap = new ServerBootstrap().group(loops.acceptor(), loops.workers())
			.channel(loops.serverChannelType())
			.option(ChannelOption.SO_BACKLOG, 1024)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, writeBufferWaterMark(this.settings))
			.childHandler(children);
		return bootstrap.bind(address).syncUninterruptibly().channel();
	}

	/** The water marks of a connection: unwritable (and closed as slow) past the pending limit. */
	protected static WriteBufferWaterMark writeBufferWaterMark(GateChannelSettings settings) {
		int highWaterMark = settings.maxPendingBytes();
		return new WriteBufferWaterMark(Math.max(1, highWaterMark / 2), highWaterMark);
	}

	/**
	 * Stops taking new connections on the channel {@link #bind} returned; by default closes it.
	 * A transport whose connections share that channel keeps it open for their goodbyes.
	 */
	protected ChannelFuture stopAccepting(Channel serverChannel) {
		return serverChannel.close();
	}

	/** Stops accepting connections, waiting at most {@code timeout}; open ones stay open. */
	public synchronized void stopAccepting(Duration timeout) {
		if (this.serverChannel == null) {
			return;
		}
		stopAccepting(this.serverChannel).awaitUninterruptibly(timeout.toMillis());
		this.serverChannel = null;
		this.boundPort = -1;
	}

	/** How many connections are open now, including those still in their handshake. */
	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * Says goodbye to every open connection and closes it once the goodbye is written: a
	 * client that opted in to error packets first gets {@link ErrorPackets#shuttingDown()},
	 * then the transport's own {@link #writeGoodbye goodbye}. Every connection is counted as
	 * closed for {@link CloseReason#SHUTDOWN}.
	 * @return done when every connection has closed
	 */
	public ChannelGroupFuture closeConnections() {
		ChannelGroupFuture closed = this.connections.newCloseFuture();
		for (Channel connection : this.connections) {
			CloseReason.SHUTDOWN.record(connection);
			connection.eventLoop().execute(() -> sayGoodbye(connection));
		}
		return closed;
	}

	/**
	 * Closes what is still open without waiting for pending writes, for clients that did not
	 * take their goodbye in time.
	 */
	public void forceCloseConnections() {
		for (Channel connection : this.connections) {
			CloseReason.SHUTDOWN.record(connection);
			// From the head, past handlers that would first wait for their own writes.
			ChannelHandlerContext first = connection.pipeline().firstContext();
			if (first != null) {
				first.close();
			}
			else {
				connection.close();
			}
		}
	}

	private void sayGoodbye(Channel connection) {
		if (!connection.isActive()) {
			return;
		}
		Session session = SessionHandler.sessionOf(connection);
		if (session == null) {
			// Not yet carrying packets (a WebSocket in its handshake): nothing to tell it.
			connection.close();
			return;
		}
		if (session.errorsWanted()) {
			session.send(ErrorPackets.shuttingDown());
		}
		writeGoodbye(connection).addListener(ChannelFutureListener.CLOSE);
	}

	/**
	 * Writes and flushes this transport's last words to a connection that carries packets,
	 * after which it is closed; called on the connection's event loop. By default an empty
	 * write, done once everything written before it is.
	 */
	protected ChannelFuture writeGoodbye(Channel connection) {
		return connection.writeAndFlush(Unpooled.EMPTY_BUFFER);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.host + ":" + ((this.boundPort >= 0) ? this.boundPort
				: this.configuredPort) + ((this.tls != null) ? ", tls" : "") + "]";
	}

}
