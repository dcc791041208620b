package io.rally.gate.internal.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.rally.gate.api.relay.Backend;

/**
 * Opens the TCP connection to a backend on the client's own event loop, so that the two
 * channels of a relay never hand buffers across threads and can be spliced. The backend
 * channel starts with reading off and an empty pipeline, and with the client's write buffer
 * water marks.
 */
final class BackendDialer {

	private BackendDialer() {
	}

	/** Resolves host names off the event loops: the JVM's resolver blocks. */
	private static final ThreadPoolExecutor RESOLVER = resolverPool();

	/**
	 * The address of {@code backend}: at once for an IP literal; for a host name, looked up by
	 * the JVM's resolver (and its cache) on a small pool of its own, completed on {@code loop}.
	 */
	static Future<InetSocketAddress> resolve(EventLoop loop, Backend backend) {
		if (NetUtil.createByteArrayFromIpAddressString(backend.host()) != null) {
			return loop.newSucceededFuture(new InetSocketAddress(backend.host(), backend.port()));
		}
		Promise<InetSocketAddress> promise = loop.newPromise();
		try {
			RESOLVER.execute(() -> {
				try {
					InetAddress address = InetAddress.getByName(backend.host());
					loop.execute(() -> promise.trySuccess(new InetSocketAddress(address, backend.port())));
				}
				catch (UnknownHostException | RuntimeException ex) {
					loop.execute(() -> promise.tryFailure(ex));
				}
			});
		}
		catch (RejectedExecutionException ex) {
			promise.tryFailure(ex);
		}
		return promise;
	}

	private static ThreadPoolExecutor resolverPool() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024),
				new DefaultThreadFactory("rally-gate-relay-resolve", true));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/** Starts one connection attempt to {@code address} for {@code client}. */
	static ChannelFuture connect(Channel client, InetSocketAddress address, Duration timeout) {
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
		return bootstrap.connect(address);
	}

	/** The socket channel that can register with {@code loop}: native where the loop is. */
	static Class<? extends SocketChannel> socketChannelType(EventLoop loop) {
		if (Epoll.isAvailable() && loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(EpollIoHandle.class)) {
			return EpollSocketChannel.class;
		}
		return NioSocketChannel.class;
	}

}
