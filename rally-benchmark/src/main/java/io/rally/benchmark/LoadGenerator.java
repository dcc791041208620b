package io.rally.benchmark;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.client.internal.KcpHandler;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketDecoder;
import io.rally.protocol.codec.PacketEncoder;
import io.rally.protocol.codec.PacketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameDecoder;
import io.rally.protocol.codec.WebSocketFrameEncoder;

/**
 * The closed-loop load generator: opens the connections to one server, lets them run through
 * warm-up and the measured time while it prints a progress line a second, then closes them and
 * summarises ({@link #run}); or hands the running connections over as a {@link LoadSession} to
 * be measured in phases ({@link #open}). Written directly on Netty and the Rally codec, so that its own cost is small and
 * the same whichever server it drives. One event loop group serves every run of the process.
 */
final class LoadGenerator implements AutoCloseable {

	private final BenchmarkOptions options;

	private final ProtocolSettings settings;

	private final PacketCodec codec;

	private final PacketDecoder packetDecoder;

	private final PacketEncoder packetEncoder;

	private final WebSocketFrameDecoder webSocketDecoder;

	private final WebSocketFrameEncoder webSocketEncoder;

	private final EventLoopGroup group;

	private final byte[] payload;

	private final PrintStream progress;

	private final AtomicInteger conversations = new AtomicInteger();

	LoadGenerator(BenchmarkOptions options, ProtocolSettings settings, PrintStream progress) {
		this.options = options;
		this.settings = settings;
		this.codec = new PacketCodec(settings);
		this.packetDecoder = new PacketDecoder(this.codec);
		this.packetEncoder = new PacketEncoder(this.codec);
		this.webSocketDecoder = new WebSocketFrameDecoder(this.codec);
		this.webSocketEncoder = new WebSocketFrameEncoder(this.codec);
		// Named, so that the abuse target can tell how busy these loops were (ThreadCpu).
		this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(), ThreadCpu.threadFactory(ThreadCpu.LOAD_GENERATOR),
				NioIoHandler.newFactory());
		this.payload = new byte[options.payload()];
		ThreadLocalRandom.current().nextBytes(this.payload);
		this.progress = progress;
	}

	/** Drives the server at {@code 127.0.0.1:port} in plaintext and returns what was measured. */
	TargetResult run(String target, int port) {
		return run(target, port, false);
	}

	/** Drives the server at {@code 127.0.0.1:port}, over TLS if {@code tls}, and returns what was measured. */
	TargetResult run(String target, int port, boolean tls) {
		try (LoadSession session = open(port, tls)) {
			return session.measure(target, this.options.warmup(), this.options.duration(), null);
		}
	}

	/**
	 * Connects to the server at {@code 127.0.0.1:port}, over TLS if {@code tls}, and starts the
	 * closed loops; the caller measures them, as often as it likes, and closes the session.
	 */
	LoadSession open(int port, boolean tls) {
		return open(port, tls, false);
	}

	/** With {@code login}, each connection logs in as a user of its own before its first request. */
	LoadSession open(int port, boolean tls, boolean login) {
		long timeoutNanos = this.options.timeout().toNanos();
		LoadRun run = new LoadRun(timeoutNanos);
		List<LoadConnection> connections = connect(run, port, timeoutNanos,
				tls ? BenchmarkTls.shared().clientContext() : null, login);
		return new LoadSession(this.options, run, connections, this.progress);
	}

	/** Opens every connection at once and waits, bounded, until each is ready or has failed. */
	private List<LoadConnection> connect(LoadRun run, int port, long timeoutNanos, SslContext tls, boolean login) {
		AtomicLong users = new AtomicLong(1_000_000);
		boolean webSocket = this.options.transport() == Transport.WS;
		URI uri = URI.create(((tls != null) ? "wss" : "ws") + "://127.0.0.1:" + port + this.options.wsPath());
		Map<Channel, LoadConnection> byChannel = new ConcurrentHashMap<>();
		Bootstrap bootstrap = new Bootstrap().group(this.group);
		if (this.options.transport() == Transport.KCP) {
			bootstrap.channel(NioDatagramChannel.class);
		}
		else {
			bootstrap.channel(NioSocketChannel.class)
				.option(ChannelOption.TCP_NODELAY, true)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
						(int) Math.min(Integer.MAX_VALUE, timeoutNanos / 1_000_000));
		}
		bootstrap.handler(new ChannelInitializer<Channel>() {

			@Override
			protected void initChannel(Channel ch) {
				LoadConnection connection = new LoadConnection(run, webSocket, LoadGenerator.this.options.route(),
						LoadGenerator.this.payload, LoadGenerator.this.settings.maxSeq(), timeoutNanos,
						login ? users.incrementAndGet() : 0);
				if (tls != null) {
					// Ready (LoadConnection.channelActive) before the handshake is fine: writes wait for it.
					ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
				}
				initPipeline(ch.pipeline(), uri, connection, timeoutNanos);
				byChannel.put(ch, connection);
			}

		});
		List<ChannelFuture> attempts = new ArrayList<>(this.options.connections());
		for (int i = 0; i < this.options.connections(); i++) {
			attempts.add(bootstrap.connect("127.0.0.1", port));
		}
		long deadline = System.nanoTime() + connectTime(this.options).toNanos();
		List<LoadConnection> ready = new ArrayList<>(attempts.size());
		for (ChannelFuture attempt : attempts) {
			LoadConnection connection = null;
			if (attempt.awaitUninterruptibly(remaining(deadline), TimeUnit.NANOSECONDS) && attempt.isSuccess()) {
				connection = byChannel.get(attempt.channel());
			}
			if (connection != null && connection.ready().awaitUninterruptibly(remaining(deadline), TimeUnit.NANOSECONDS)
					&& connection.ready().isSuccess()) {
				ready.add(connection);
			}
			else {
				attempt.channel().close();
			}
		}
		run.connectFailures.add(this.options.connections() - ready.size());
		if (ready.isEmpty()) {
			throw new IllegalStateException("none of " + this.options.connections() + " connections to port " + port
					+ " became ready");
		}
		return ready;
	}

	/** How long connecting may take in all: the request timeout, but at least ten seconds. */
	static Duration connectTime(BenchmarkOptions options) {
		Duration atLeast = Duration.ofSeconds(10);
		return (options.timeout().compareTo(atLeast) > 0) ? options.timeout() : atLeast;
	}

	/** Nanoseconds left until {@code deadline}, never negative. */
	static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private void initPipeline(ChannelPipeline pipeline, URI uri, LoadConnection connection, long timeoutNanos) {
		if (this.options.transport() == Transport.TCP) {
			pipeline.addLast(new PacketFrameDecoder(this.codec), this.packetDecoder, this.packetEncoder);
		}
		else if (this.options.transport() == Transport.KCP) {
			// The client SDK's KCP, with the defaults the gate has too; one conversation per socket.
			pipeline.addLast(new KcpHandler(this.conversations.incrementAndGet(), KcpSettings.DEFAULTS),
					new PacketFrameDecoder(this.codec), this.packetDecoder, this.packetEncoder);
		}
		else {
			int maxFrame = ProtocolSettings.SIZE_FIELD_BYTES + this.settings.maxSize();
			WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
				.webSocketUri(uri)
				.version(WebSocketVersion.V13)
				.customHeaders(EmptyHttpHeaders.INSTANCE)
				.maxFramePayloadLength(maxFrame)
				.handshakeTimeoutMillis(Math.max(1, timeoutNanos / 1_000_000))
				.build();
			pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
					new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(maxFrame),
					this.webSocketDecoder, this.packetDecoder, this.webSocketEncoder);
		}
		pipeline.addLast(connection);
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

}
