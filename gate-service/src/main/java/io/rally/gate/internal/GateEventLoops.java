package io.rally.gate.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops all transports of one gate share: one thread accepts, the workers run the
 * connections. Native epoll where Netty can load it, NIO otherwise.
 */
public final class GateEventLoops {

	private final EventLoopGroup acceptor;

	private final EventLoopGroup workers;

	private final Class<? extends ServerChannel> serverChannelType;

	private GateEventLoops(IoHandlerFactory factory, Class<? extends ServerChannel> serverChannelType,
			int workerThreads) {
		this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rally-gate-accept"), factory);
		this.workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory("rally-gate-io"),
				factory);
		this.serverChannelType = serverChannelType;
	}

	/**
	 * Creates the event loops.
	 * @param workerThreads the number of worker threads, 0 for one per two cores
	 */
	public static GateEventLoops create(int requestedThreads) {
		int workerThreads = (requestedThreads > 0) ? requestedThreads : defaultThreads();
		if (Epoll.isAvailable()) {
			return new GateEventLoops(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, workerThreads);
		}
		return new GateEventLoops(NioIoHandler.newFactory(), NioServerSocketChannel.class, workerThreads);
	}

	/**
	 * One loop per two cores, not Netty's two per core: a loop spends a request's time mostly in
	 * system calls and hands the work on, and the other half of the machine runs what it hands
	 * to (the node's workers in standalone mode, the gRPC links in cluster mode). More runnable
	 * threads than cores only add context switches: on 2 cores one loop instead of two took the
	 * standalone benchmark from about 0.75 to about 1.0 × bare echo (docs/performance.md).
	 */
	static int defaultThreads() {
		return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

	public EventLoopGroup acceptor() {
		return this.acceptor;
	}

	public EventLoopGroup workers() {
		return this.workers;
	}

	public Class<? extends ServerChannel> serverChannelType() {
		return this.serverChannelType;
	}

	/** The UDP channel type that goes with these loops, for datagram transports (KCP). */
	public Class<? extends DatagramChannel> datagramChannelType() {
		return isNative() ? EpollDatagramChannel.class : NioDatagramChannel.class;
	}

	/** Whether the native epoll transport is in use. */
	public boolean isNative() {
		return this.serverChannelType == EpollServerSocketChannel.class;
	}

	/** Shuts both groups down, waiting at most {@code timeout} for running tasks. */
	public void shutdownGracefully(Duration timeout) {
		long millis = timeout.toMillis();
		this.acceptor.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
		this.workers.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS).awaitUninterruptibly(millis + 1000);
	}

}
