package io.rally.benchmark;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.protocol.Frame;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameEncoder;

/**
 * The baseline: a bare Netty server that decodes each packet with the Rally codec and writes
 * the same packet back, on TCP or WebSocket, bound to a free loopback port. It does what a gate
 * must do at the very least, so the gap to it is what Rally's gate, dispatch and node cost.
 */
final class BareEchoServer implements AutoCloseable {

	private final EventLoopGroup bossGroup;

	private final EventLoopGroup workerGroup;

	private final Channel serverChannel;

	private BareEchoServer(EventLoopGroup bossGroup, EventLoopGroup workerGroup, Channel serverChannel) {
		this.bossGroup = bossGroup;
		this.workerGroup = workerGroup;
		this.serverChannel = serverChannel;
	}

	/**
	 * Starts a server on {@code 127.0.0.1}, port 0, with as many worker threads as the machine has
	 * cores (a gate's usual default).
	 */
	static BareEchoServer start(Transport transport, ProtocolSettings settings, String wsPath)
			throws InterruptedException {
		PacketCodec codec = new PacketCodec(settings);
		PacketDecoder packetDecoder = new PacketDecoder(codec);
		EchoHandler echo = new EchoHandler();
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
				NioIoHandler.newFactory());
		try {
			ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
				.channel(NioServerSocketChannel.class)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(new ChannelInitializer<SocketChannel>() {

					@Override
					protected void initChannel(SocketChannel ch) {
						ChannelPipeline pipeline = ch.pipeline();
						if (transport == Transport.TCP) {
							pipeline.addLast(new PacketFrameDecoder(codec), packetDecoder, new PacketEncoder(codec));
						}
						else {
							int maxFrame = ProtocolSettings.SIZE_FIELD_BYTES + settings.maxSize();
							WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
								.websocketPath(wsPath)
								.decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrame).build())
								.build();
							pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
									new WebSocketServerProtocolHandler(config), new WebSocketFrameAggregator(maxFrame),
									new WebSocketFrameDecoder(codec), packetDecoder, new WebSocketFrameEncoder(codec));
						}
						pipeline.addLast(echo);
					}

				});
			Channel channel = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
			return new BareEchoServer(boss, workers, channel);
		}
		catch (InterruptedException | RuntimeException ex) {
			boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw ex;
		}
	}

	int port() {
		return ((InetSocketAddress) this.serverChannel.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
		this.bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
		this.workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

	/** Writes every packet and heartbeat back as it came; a protocol error closes the connection. */
	@Sharable
	private static final class EchoHandler extends SimpleChannelInboundHandler<Frame> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
			ctx.writeAndFlush(frame, ctx.voidPromise());
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
