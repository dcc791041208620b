package io.rally.cluster.grpc;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;

/**
 * The event loops that carry this JVM's gRPC links, shared by the server and every channel.
 * They are ours rather than gRPC's so that a stream's frames can be built on the very loop
 * that writes its transport: a {@link FrameQueue} drains on that loop, and the frame goes out
 * with the loop's next flush, without a hand-off between threads. Each channel is pinned to one
 * loop; a server connection runs on whichever loop accepted it, found by
 * {@link #currentLoop()} when its call starts there. Epoll where available, else NIO.
 */
final class LinkEventLoops implements AutoCloseable {

	private final EventLoopGroup group;

	private final Class<? extends Channel> channelType;

	private final Class<? extends ServerChannel> serverChannelType;

	LinkEventLoops(int threads) {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rally-grpc", true), handlers);
		this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
		this.serverChannelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	/** Pins a channel's transports to {@code loop}. */
	NettyChannelBuilder configure(NettyChannelBuilder builder, EventLoop loop) {
		return builder.eventLoopGroup(loop).channelType(this.channelType);
	}

	NettyServerBuilder configure(NettyServerBuilder builder) {
		return builder.bossEventLoopGroup(this.group.next())
			.workerEventLoopGroup(this.group)
			.channelType(this.serverChannelType);
	}

	/** A loop for a new channel, round robin. */
	EventLoop next() {
		return this.group.next();
	}

	/** The loop the calling thread runs, or {@code null} if it runs none of ours. */
	Executor currentLoop() {
		for (EventExecutor loop : this.group) {
			if (loop.inEventLoop()) {
				return loop;
			}
		}
		return null;
	}

	/** Shuts the loops down; call it after the server and the channels using them are shut down. */
	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
	}

}
