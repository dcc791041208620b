package io.rally.client.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

/**
 * An event loop group and the socket channel type that goes with it: epoll where it loads,
 * NIO otherwise. Threads are daemons so that a client that was never closed does not keep
 * the JVM alive.
 */
public final class EventLoops {

	private final EventLoopGroup group;

	private final Class<? extends SocketChannel> channelType;

	private final int threads;

	private EventLoops(EventLoopGroup group, Class<? extends SocketChannel> channelType, int threads) {
		this.group = group;
		this.channelType = channelType;
		this.threads = threads;
	}

	public static EventLoops create(int threads, boolean preferNative, String threadNamePrefix) {
		DefaultThreadFactory threadFactory = new DefaultThreadFactory(threadNamePrefix, true);
		if (preferNative && epollAvailable()) {
			return new EventLoops(new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory()),
					EpollSocketChannel.class, threads);
		}
		IoHandlerFactory nio = NioIoHandler.newFactory();
		return new EventLoops(new MultiThreadIoEventLoopGroup(threads, threadFactory, nio), NioSocketChannel.class,
				threads);
	}

	private static boolean epollAvailable() {
		try {
			return Epoll.isAvailable();
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	public EventLoopGroup group() {
		return this.group;
	}

	public Class<? extends SocketChannel> channelType() {
		return this.channelType;
	}

	/** The UDP channel type that goes with this group, for KCP. */
	public Class<? extends DatagramChannel> datagramChannelType() {
		return isNative() ? EpollDatagramChannel.class : NioDatagramChannel.class;
	}

	public int threads() {
		return this.threads;
	}

	public boolean isNative() {
		return this.channelType == EpollSocketChannel.class;
	}

	/** Runs {@code task} on one of the group's threads after {@code delayNanos}. */
	public Future<?> schedule(Runnable task, long delayNanos) {
		return this.group.next().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	/** Whether the calling thread is one of this group's; such a thread must not wait for the group. */
	public boolean inEventLoop() {
		for (EventExecutor executor : this.group) {
			if (executor.inEventLoop()) {
				return true;
			}
		}
		return false;
	}

	/** Shuts the group down; waits up to {@code timeout} unless called from one of its own threads. */
	public void shutdown(Duration timeout) {
		var termination = this.group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!inEventLoop()) {
			termination.awaitUninterruptibly(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
		}
	}

}
