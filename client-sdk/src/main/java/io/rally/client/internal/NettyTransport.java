package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.rally.client.CloseEvent;
import io.rally.client.RallyClientException;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;

/**
 * What the Netty transports share: the bootstrap, the head and tail of the pipeline
 * ({@link ClientPipeline}), and the connect timeout. A subclass adds only its framing handlers.
 */
abstract class NettyTransport implements Transport {

	final ClientConfig config;

	final PacketCodec codec;

	final PacketDecoder packetDecoder;

	private final Bootstrap bootstrap;

	private final SslContext sslContext;

	NettyTransport(ClientConfig config, EventLoops eventLoops) {
		this.config = config;
		this.codec = new PacketCodec(config.protocol());
		this.packetDecoder = new PacketDecoder(this.codec);
		this.bootstrap = new Bootstrap().group(eventLoops.group())
			.channel(eventLoops.channelType())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
					config.connectTimeout().toMillis()));
		this.sslContext = (config.tls() != null) ? ClientSslContexts.create(config.tls()) : null;
	}

	/** Adds the handlers between flush consolidation and the packet decoder, and the frame encoder. */
	abstract void addFraming(ChannelPipeline pipeline);

	/** Whether packets can flow only after a handshake (else: once connected). */
	abstract boolean readyOnHandshake();

	private SslHandler newSslHandler(SocketChannel channel) {
		String serverName = this.config.tls().serverName();
		SslHandler handler = this.sslContext.newHandler(channel.alloc(),
				(serverName != null) ? serverName : this.config.host(), this.config.port());
		handler.setHandshakeTimeoutMillis(Math.max(1, this.config.connectTimeout().toMillis()));
		return handler;
	}

	@Override
	public CompletableFuture<Link> open(LinkListener listener) {
		CompletableFuture<Link> opened = new CompletableFuture<>();
		ChannelFuture connect = this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				ChannelPipeline pipeline = channel.pipeline();
				if (NettyTransport.this.sslContext != null) {
					ClientPipeline.addTls(pipeline, newSslHandler(channel),
							new TlsReadyHandler(NettyTransport.this.config.address(), opened));
				}
				ClientPipeline.addHead(pipeline);
				addFraming(pipeline);
				ClientPipeline.addTail(pipeline, NettyTransport.this.config, readyOnHandshake(), listener, opened);
			}
		}).connect(this.config.host(), this.config.port());
		// The handshake is bounded by its own timeout; this covers whatever else could hang.
		guardConnect(connect, this.config, opened);
		return opened;
	}

	/**
	 * Fails {@code opened} if the connect fails, or if the link is not ready within the connect
	 * timeout (then closing the channel as closed by the client). Shared with {@link KcpTransport}.
	 */
	static void guardConnect(ChannelFuture connect, ClientConfig config, CompletableFuture<Link> opened) {
		connect.addListener((ChannelFuture f) -> {
			if (!f.isSuccess()) {
				opened.completeExceptionally(
						new RallyClientException("could not connect to " + config.address(), f.cause()));
			}
		});
		var timeout = connect.channel().eventLoop().schedule(() -> {
			if (opened.completeExceptionally(new RallyClientException(
					"connect to " + config.address() + " timed out after " + config.connectTimeout()))) {
				connect.channel().attr(ClientPipeline.CLOSE_REASON).setIfAbsent(CloseEvent.Reason.CLOSED_BY_CLIENT);
				connect.channel().close();
			}
		}, config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
		opened.whenComplete((link, ex) -> timeout.cancel(false));
	}

}
