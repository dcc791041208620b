package io.rally.client;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameEncoder;
import io.rally.testsupport.TestCertificates;

/**
 * A small gate for tests, on a real socket on port 0, built from common-protocol's codec: echoes
 * requests on their route and seq, answers heartbeats, records one-way packets, and can push,
 * answer with an error packet, ignore a route, hold answers back, go silent or drop connections.
 */
final class EchoGate implements AutoCloseable {

	static final String WS_PATH = "/ws";

	private final ClientTransport transport;

	private final PacketCodec codec;

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

	private final Channel server;

	private final TestCertificates tls;

	final BlockingQueue<Packet> oneWay = new LinkedBlockingQueue<>();

	final BlockingQueue<Packet> requests = new LinkedBlockingQueue<>();

	final AtomicInteger heartbeats = new AtomicInteger();

	final AtomicInteger accepted = new AtomicInteger();

	volatile int errorRoute = Integer.MIN_VALUE;

	volatile int ignoredRoute = Integer.MIN_VALUE;

	volatile boolean silent;

	/** When above 0, answers are held until this many requests came in, then sent in reverse order. */
	volatile int holdUntil;

	private final List<Packet> held = new ArrayList<>();

	EchoGate(ClientTransport transport) {
		this(transport, ProtocolSettings.defaults());
	}

	EchoGate(ClientTransport transport, ProtocolSettings settings) {
		this(transport, settings, null);
	}

	/** A gate over TLS with {@code tls}'s server certificate, or plaintext if {@code null}. */
	EchoGate(ClientTransport transport, ProtocolSettings settings, TestCertificates tls) {
		this.transport = transport;
		this.codec = new PacketCodec(settings);
		this.tls = tls;
		SslContext sslContext = (tls != null) ? serverContext(tls) : null;
		this.server = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					if (sslContext != null) {
						channel.pipeline().addLast(sslContext.newHandler(channel.alloc()));
					}
					initPipeline(channel.pipeline(), settings);
				}
			})
			.bind("127.0.0.1", 0)
			.syncUninterruptibly()
			.channel();
	}

	private static SslContext serverContext(TestCertificates tls) {
		try {
			return SslContextBuilder
				.forServer(new ByteArrayInputStream(tls.chainPem().getBytes(StandardCharsets.US_ASCII)),
						new ByteArrayInputStream(tls.privateKeyPem().getBytes(StandardCharsets.US_ASCII)))
				.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void initPipeline(ChannelPipeline pipeline, ProtocolSettings settings) {
		if (this.transport == ClientTransport.TCP) {
			pipeline.addLast(new PacketFrameDecoder(this.codec), new PacketDecoder(this.codec),
					new PacketEncoder(this.codec));
		}
		else {
			int maxFrame = ProtocolSettings.SIZE_FIELD_BYTES + settings.maxSize();
			pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
					new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
						.websocketPath(WS_PATH)
						.maxFramePayloadLength(maxFrame)
						.build()),
					new WebSocketFrameDecoder(this.codec), new PacketDecoder(this.codec),
					new WebSocketFrameEncoder(this.codec));
		}
		pipeline.addLast(new GateHandler());
	}

	int port() {
		return ((InetSocketAddress) this.server.localAddress()).getPort();
	}

	/** A client of this gate; over TLS for a TLS gate, trusting its CA. */
	RallyClient.Builder client() {
		RallyClient.Builder builder = RallyClient.builder()
			.transport(this.transport)
			.host("127.0.0.1")
			.port(port())
			.webSocketPath(WS_PATH)
			.protocol(this.codec.settings());
		if (this.tls != null) {
			builder.trustCertificates(new ByteArrayInputStream(this.tls.authorityPem().getBytes(StandardCharsets.US_ASCII)));
		}
		return builder;
	}

	int connections() {
		return this.connections.size();
	}

	void push(int route, String payload) {
		Packet packet = Packet.oneWay(route, payload.getBytes(StandardCharsets.UTF_8));
		this.connections.forEach((channel) -> channel.writeAndFlush(packet));
	}

	void dropConnections() {
		this.connections.forEach(Channel::close);
	}

	@Override
	public void close() {
		if (this.group.isShuttingDown()) {
			return;
		}
		this.server.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
	}

	private final class GateHandler extends SimpleChannelInboundHandler<Frame> {

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			EchoGate.this.accepted.incrementAndGet();
			EchoGate.this.connections.add(ctx.channel());
			ctx.fireChannelActive();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			EchoGate.this.connections.remove(ctx.channel());
			ctx.fireChannelInactive();
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
			if (frame instanceof Heartbeat) {
				EchoGate.this.heartbeats.incrementAndGet();
				if (!EchoGate.this.silent) {
					ctx.writeAndFlush(Heartbeat.plain());
				}
				return;
			}
			Packet packet = (Packet) frame;
			if (packet.seq() == 0 && packet.route() != EchoGate.this.errorRoute
					&& this.isOneWay(packet)) {
				EchoGate.this.oneWay.add(packet);
				return;
			}
			EchoGate.this.requests.add(packet);
			if (EchoGate.this.silent || packet.route() == EchoGate.this.ignoredRoute) {
				return;
			}
			if (packet.route() == EchoGate.this.errorRoute) {
				ctx.writeAndFlush(ErrorPacket.of(packet.route(), packet.seq(), ErrorPacket.ROUTE_NOT_FOUND,
						"route " + packet.route() + " not found"));
				return;
			}
			Packet answer = new Packet(packet.route(), packet.seq(), packet.payload());
			if (EchoGate.this.holdUntil > 0) {
				EchoGate.this.held.add(answer);
				if (EchoGate.this.held.size() >= EchoGate.this.holdUntil) {
					for (int i = EchoGate.this.held.size() - 1; i >= 0; i--) {
						ctx.write(EchoGate.this.held.get(i));
					}
					EchoGate.this.held.clear();
					ctx.flush();
				}
				return;
			}
			ctx.writeAndFlush(answer);
		}

		/** With a seq field, seq 0 is one-way; without one, one-way packets say so in their payload. */
		private boolean isOneWay(Packet packet) {
			return EchoGate.this.codec.settings().seqBytes() > 0
					|| new String(packet.payload(), StandardCharsets.UTF_8).startsWith("one-way");
		}

	}

}
