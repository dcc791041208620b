package io.rally.gate.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.grpc.GrpcClusterProperties;
import io.rally.cluster.grpc.GrpcClusterTransport;
import io.rally.cluster.grpc.GrpcEndpointExporter;
import io.rally.cluster.grpc.GrpcLinks;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.RedisLocatorProperties;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Duplicate logins fenced by epochs, end to end: two gates, each with its own Redis locator on
 * a real Redis and its own gRPC link server, reaching each other over real gRPC. Gate B reaches
 * gate A's link through a TCP relay the test can cut and restore. Clients are real TCP
 * connections.
 *
 * <p>The user logs in on A, then on B while B's link to A is down (B's eviction on A fails and
 * is retried), then on A again. When the link comes back, B's late retry reaches A: it carries
 * the epoch of the login on B, older than the login now on A, and must close nothing. The user
 * keeps exactly one connection, on A.
 */
class FencedDuplicateLoginTest {

	private static final long USER = 4242;

	private final String prefix = "fence-" + UUID.randomUUID().toString().substring(0, 8);

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

	/** What gate A's endpoint was asked to evict, and what it answered: "user epoch answer". */
	private final List<String> evictionsOnA = new CopyOnWriteArrayList<>();

	private Gate gateA;

	private Gate gateB;

	private LinkRelay linkToA;

	@BeforeEach
	void start() throws IOException {
		this.gateA = new Gate("gate-a");
		this.gateB = new Gate("gate-b");
		this.gateA.export(recordingEvictions(this.gateA.sessions));
		this.gateB.export(this.gateB.sessions);
		this.linkToA = new LinkRelay(this.gateA.exporter.getPort());
		this.resources.add(this.linkToA);
		// Gate A is listed at the relay's address, so every call to it passes the relay.
		this.registry.register(new InstanceInfo("gate-a", InstanceKind.GATE, "gate", InstanceState.WORK, 1,
				"127.0.0.1:" + this.linkToA.port(), List.of()));
		this.registry.register(new InstanceInfo("gate-b", InstanceKind.GATE, "gate", InstanceState.WORK, 1,
				this.gateB.exporter.advertisedEndpoint(), List.of()));
	}

	@AfterEach
	void stop() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void aLateEvictionFromAnOlderLoginLeavesTheNewestLoginAlone() throws Exception {
		// 1. The user logs in on gate A.
		Channel first = this.gateA.login(USER);
		assertThat(this.gateB.locator.gateOf(USER).join()).contains("gate-a");

		// 2. The link from B to A goes down; the user logs in on B. B cannot evict the user on A
		// and keeps trying.
		this.linkToA.cut();
		Channel second = this.gateB.login(USER);
		assertThat(first.isActive()).isTrue();
		assertThat(this.evictionsOnA).isEmpty();

		// 3. The user logs in on A again: A closes its own older connection and evicts the
		// user on B, which it can reach.
		Channel third = this.gateA.login(USER);
		await().atMost(Duration.ofSeconds(10)).until(() -> !first.isActive() && !second.isActive());
		assertThat(this.gateB.locator.gateOf(USER).join()).contains("gate-a");

		// 4. The link comes back while B still retries: B's eviction reaches A, with the epoch
		// of the login on B, and A answers that it has nothing that old.
		this.linkToA.restore();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.evictionsOnA.isEmpty());
		assertThat(this.evictionsOnA).containsExactly(USER + " 2 false");

		// The user keeps exactly one connection, the newest, on A.
		assertThat(third.isActive()).isTrue();
		assertThat(this.gateA.sessions.boundUserIds()).containsExactly(USER);
		assertThat(this.gateA.sessions.isOnline(USER).join()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.gateA.sessions.connectionCount() == 1 && this.gateB.sessions.connectionCount() == 0);
		assertThat(this.gateB.sessions.boundUserIds()).isEmpty();
		assertThat(this.gateA.locator.gateOf(USER).join()).contains("gate-a");
		assertThat(this.gateA.closeReasons).containsExactly(CloseReason.DUPLICATE_LOGIN);
		assertThat(this.gateB.closeReasons).containsExactly(CloseReason.DUPLICATE_LOGIN);
		assertThat(third.isActive()).isTrue();
	}

	/** Gate A's endpoint as its link serves it, noting each eviction and its answer. */
	private GateEndpoint recordingEvictions(GateEndpoint gate) {
		return (GateEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { GateEndpoint.class },
				(proxy, method, args) -> {
					Object result;
					try {
						result = method.invoke(gate, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					if (method.getName().equals("evictDuplicateLogin")) {
						((CompletableFuture<?>) result).thenAccept(
								(answer) -> this.evictionsOnA.add(args[0] + " " + args[1] + " " + answer));
					}
					return result;
				});
	}

	/** One gate: its locator, link server and transport, sessions, and a TCP server for clients. */
	private final class Gate {

		final String id;

		final RedisLocator locator;

		final GrpcEndpointExporter exporter;

		final SessionManager sessions;

		final Set<CloseReason> closeReasons = ConcurrentHashMap.newKeySet();

		private final BlockingQueue<Session> opened = new LinkedBlockingQueue<>();

		private final Channel server;

		Gate(String id) {
			this.id = id;
			RedisTestServer redis = RedisTestServer.shared();
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration(redis.host(), redis.port()));
			factory.afterPropertiesSet();
			factory.start();
			resources.add(factory::destroy);
			RedisLocatorProperties locatorProperties = new RedisLocatorProperties();
			locatorProperties.setKeyPrefix(prefix);
			locatorProperties.setCommandTimeout(Duration.ofSeconds(5));
			this.locator = new RedisLocator(factory, locatorProperties, new SimpleMeterRegistry());
			this.locator.start();
			resources.add(this.locator);

			GrpcClusterProperties link = new GrpcClusterProperties();
			link.setHost("127.0.0.1");
			link.setDeadline(Duration.ofSeconds(1));
			link.setReconnectInitialBackoff(Duration.ofMillis(20));
			link.setReconnectMaxBackoff(Duration.ofMillis(100));
			link.setShutdownTimeout(Duration.ofSeconds(1));
			GrpcLinks links = new GrpcLinks(link, new SimpleMeterRegistry());
			this.exporter = new GrpcEndpointExporter(links);
			GrpcClusterTransport transport = new GrpcClusterTransport(links);
			resources.add(links);
			resources.add(transport);
			this.exporter.start();
			resources.add(this.exporter::stop);

			this.sessions = new SessionManager(id, registry, this.locator, transport,
					new GateMetrics(new SimpleMeterRegistry()), 5000);
			this.server = new ServerBootstrap().group(group)
				.channel(NioServerSocketChannel.class)
				.childHandler(new ChannelInitializer<Channel>() {

					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline().addLast(new SessionOpener());
					}

				})
				.bind(InetAddress.getLoopbackAddress(), 0)
				.syncUninterruptibly()
				.channel();
			resources.add(() -> this.server.close().syncUninterruptibly());
		}

		/** Opens a session for each connection and closes it with the connection. */
		private final class SessionOpener extends ChannelInboundHandlerAdapter {

					@Override
					public void channelActive(ChannelHandlerContext ctx) {
						Session session = Gate.this.sessions.open(ctx.channel(), "tcp");
						ctx.channel().attr(SESSION).set(session);
						Gate.this.opened.add(session);
						ctx.fireChannelActive();
					}

					@Override
					public void channelInactive(ChannelHandlerContext ctx) {
						Gate.this.closeReasons.add(CloseReason.of(ctx.channel()));
						Gate.this.sessions.closed(ctx.channel().attr(SESSION).get());
						ctx.fireChannelInactive();
					}

		}

		void export(GateEndpoint endpoint) {
			this.exporter.exportGate(this.id, endpoint);
		}

		/** Connects a client and logs the user in on its connection; returns the client's channel. */
		Channel login(long userId) throws Exception {
			Channel client = new Bootstrap().group(group)
				.channel(NioSocketChannel.class)
				.handler(new ChannelInboundHandlerAdapter())
				.connect(this.server.localAddress())
				.syncUninterruptibly()
				.channel();
			resources.add(() -> client.close().syncUninterruptibly());
			Session session = this.opened.poll(10, TimeUnit.SECONDS);
			assertThat(session).as("the gate's side of the connection").isNotNull();
			assertThat(this.sessions.bindUser(session.id(), userId).get(10, TimeUnit.SECONDS)).isTrue();
			return client;
		}

	}

	private static final io.netty.util.AttributeKey<Session> SESSION = io.netty.util.AttributeKey
		.valueOf(FencedDuplicateLoginTest.class, "session");

	/**
	 * A TCP relay to a link server. Cut, it closes the connections it carries and every new one
	 * at once, as a network partition that resets connections would; restored, it relays again.
	 */
	private static final class LinkRelay implements AutoCloseable {

		private final ServerSocket server;

		private final int target;

		private final Set<Socket> open = ConcurrentHashMap.newKeySet();

		private volatile boolean up = true;

		LinkRelay(int target) throws IOException {
			this.target = target;
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "link-relay");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		void cut() {
			this.up = false;
			this.open.forEach(LinkRelay::closeQuietly);
		}

		void restore() {
			this.up = true;
		}

		private void accept() {
			while (!this.server.isClosed()) {
				Socket client;
				try {
					client = this.server.accept();
				}
				catch (IOException ex) {
					return;
				}
				if (!this.up) {
					closeQuietly(client);
					continue;
				}
				try {
					Socket upstream = new Socket();
					upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target));
					this.open.add(client);
					this.open.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
				catch (IOException ex) {
					closeQuietly(client);
				}
			}
		}

		private void pump(Socket from, Socket to) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					int read;
					while ((read = in.read(buffer)) >= 0) {
						out.write(buffer, 0, read);
					}
				}
				catch (SocketException ex) {
					// Cut or closed.
				}
				catch (IOException ex) {
					// Cut or closed.
				}
				finally {
					closeQuietly(from);
					closeQuietly(to);
					this.open.remove(from);
					this.open.remove(to);
				}
			}, "link-relay-pump");
			thread.setDaemon(true);
			thread.start();
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}

		@Override
		public void close() throws IOException {
			this.up = false;
			this.server.close();
			this.open.forEach(LinkRelay::closeQuietly);
		}

	}

}
