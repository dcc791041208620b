package io.rally.gate.internal.relay;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.rally.gate.relay.Backend;

/**
 * Opens the TCP connection to a backend on the client's own event loop, so that the two
 * channels of a relay never hand buffers across threads and can be spliced. The backend
 * channel starts with reading off and an empty pipeline, and with the client's write buffer
 * water marks.
 */
final class BackendDialer {

	private BackendDialer() {
	}

	/** Starts one connection attempt to {@code backend} for {@code client}. */
	static ChannelFuture connect(Channel client, Backend backend, Duration timeout) {
		EventLoop loop = client.eventLoop();
		Bootstrap bootstrap = new Bootstrap().group(loop)
			.channel(socketChannelType(loop))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
			.option(ChannelOption.AUTO_READ, false)
			.option(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.WRITE_BUFFER_WATER_MARK, client.config().getWriteBufferWaterMark())
			.handler(new ChannelInitializer<Channel>() {

				@Override
				protected void initChannel(Channel channel) {
					// The pump is added once connected.
				}

			});
		// A literal is parsed here; a host name is resolved by the JVM's resolver (and cache).
		return bootstrap.connect(new InetSocketAddress(backend.host(), backend.port()));
	}

	/** The socket channel that can register with {@code loop}: native where the loop is. */
	static Class<? extends SocketChannel> socketChannelType(EventLoop loop) {
		if (Epoll.isAvailable() && loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(EpollIoHandle.class)) {
			return EpollSocketChannel.class;
		}
		return NioSocketChannel.class;
	}

}
