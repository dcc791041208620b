package io.rally.gate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.gate.api.GateServer;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.GoKcpPeer;
import io.rally.gate.support.Meters;
import io.rally.gate.support.RawKcp;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate's KCP port against real KCP peers: the Java client, kcp-go (in {@link KcpInteropTest})
 * and hand-made datagrams. Heartbeats every second, so a silent conversation goes in two.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-kcp", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.enabled=false", "rally.gate.kcp.enabled=true", "rally.gate.kcp.host=127.0.0.1",
				"rally.gate.kcp.port=0", "rally.gate.heartbeat.interval=1s" })
class KcpGateTest {

	private static final AtomicLong USER_IDS = new AtomicLong(7000);

	@Autowired
	ApplicationContext context;

	@Autowired
	SessionManager sessions;

	@Autowired
	GateMetrics metrics;

	private final List<RallyClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(RallyClient::close);
	}

	@Test
	void kcpServerIsABeanBoundToARealPort() {
		assertThat(this.context.getBeansOfType(GateServer.class).values()).extracting(GateServer::transport)
			.containsExactlyInAnyOrder("tcp", "kcp");
		assertThat(kcpPort()).isPositive();
	}

	@Test
	void answersRequestsOnSeveralRoutes() {
		RallyClient client = connect(RallyClient.builder());
		Packet echoed = join(client.request(TestNode.ECHO, bytes("{\"over\":\"kcp\"}")));
		assertThat(echoed.route()).isEqualTo(TestNode.ECHO);
		assertThat(text(echoed)).isEqualTo("{\"over\":\"kcp\"}");
		long userId = USER_IDS.incrementAndGet();
		assertThat(text(join(client.request(TestNode.LOGIN, bytes(Long.toString(userId)))))).isEqualTo("ok");
		assertThat(text(join(client.request(TestNode.STATEFUL_ECHO, bytes("hi"))))).isEqualTo(userId + ":hi");
		assertThat(this.sessions.isOnline(userId).join()).isTrue();
	}

	@Test
	void matchesManyConcurrentRequestsBySeqIncludingOnesLargerThanASegment() {
		RallyClient client = connect(RallyClient.builder());
		Random random = new Random(11);
		List<byte[]> payloads = new ArrayList<>();
		List<CompletableFuture<Packet>> replies = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			// up to 4000 bytes: most packets span several KCP segments
			byte[] payload = new byte[1 + random.nextInt(4000)];
			random.nextBytes(payload);
			payloads.add(payload);
			replies.add(client.request(TestNode.ECHO, payload));
		}
		for (int i = 0; i < replies.size(); i++) {
			assertThat(join(replies.get(i)).payload()).isEqualTo(payloads.get(i));
		}
	}

	@Test
	void aPushForOneUserReachesItsKcpConnection() throws Exception {
		long sender = USER_IDS.incrementAndGet();
		long receiver = USER_IDS.incrementAndGet();
		RallyClient from = login(sender);
		RallyClient to = login(receiver);
		CompletableFuture<Packet> pushed = new CompletableFuture<>();
		to.onPush(40, pushed::complete);
		// What a node does when one user messages another.
		assertThat(this.sessions.pushToUser(receiver, new Packet(40, 0, bytes("from " + sender))).join()).isTrue();
		assertThat(text(join(pushed))).isEqualTo("from " + sender);
		assertThat(from.isConnected()).isTrue();
	}

	@Test
	void closesASilentConversationAfterTwoHeartbeatIntervals() throws Exception {
		double before = count(GateMetrics.CONNECTIONS_CLOSED, "transport", "kcp", "reason", "heartbeat_timeout");
		try (RawKcp raw = new RawKcp(kcpPort())) {
			// a plain heartbeat, then silence
			raw.send(RawKcp.segment(0x5117, RawKcp.PUSH, 0, 0, new byte[] { 0, 0, 0, 1, (byte) 0x80 }));
			raw.acknowledgeProbe();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> count(GateMetrics.CONNECTIONS_CLOSED, "transport", "kcp", "reason",
						"heartbeat_timeout") == before + 1);
		}
	}

	@Test
	void reconnectsAfterTheGateClosedTheConversation() throws Exception {
		long userId = USER_IDS.incrementAndGet();
		CountDownLatch reconnected = new CountDownLatch(1);
		RallyClient client = connect(RallyClient.builder()
			.heartbeatInterval(Duration.ofMillis(300))
			.reconnect(true, Duration.ofMillis(50), Duration.ofMillis(500)));
		client.onReconnect(reconnected::countDown);
		assertThat(text(join(client.request(TestNode.LOGIN, bytes(Long.toString(userId)))))).isEqualTo("ok");
		assertThat(this.sessions.disconnectUser(userId, "test").join()).isTrue();
		// KCP has no close signal: the client notices when its heartbeats go unanswered.
		assertThat(reconnected.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(text(join(client.request(TestNode.ECHO, bytes("again"))))).isEqualTo("again");
	}

	@Test
	void garbageDatagramsAreCountedAndIgnoredWhileAClientKeepsWorking() throws Exception {
		RallyClient healthy = connect(RallyClient.builder());
		assertThat(text(join(healthy.request(TestNode.ECHO, bytes("before"))))).isEqualTo("before");
		double opened = count(GateMetrics.CONNECTIONS_OPENED, "transport", "kcp");
		Random random = new Random(3);
		try (RawKcp raw = new RawKcp(kcpPort())) {
			List<byte[]> tooShort = new ArrayList<>();
			List<byte[]> badCommand = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				byte[] noise = new byte[1 + random.nextInt(23)];
				random.nextBytes(noise);
				tooShort.add(noise);
				noise = new byte[24 + random.nextInt(600)];
				random.nextBytes(noise);
				noise[4] = (byte) (100 + random.nextInt(100));
				badCommand.add(noise);
			}
			sendAndCount(raw, tooShort, "kcp_garbage");
			sendAndCount(raw, badCommand, "kcp_garbage");
			byte[] truncated = RawKcp.segment(77, RawKcp.PUSH, 0, 0, bytes("abc"));
			// An empty push would open a conversation that kcp-base cannot read from (found by fuzzing).
			sendAndCount(raw, List.of(java.util.Arrays.copyOf(truncated, truncated.length - 1),
					RawKcp.segment(77, RawKcp.ACK, 0, 0, bytes("an ack carries no data")),
					RawKcp.segment(81, RawKcp.PUSH, 0, 0, new byte[0])), "kcp_garbage");
			// Well-formed, but no segment that opens a conversation: the gate keeps no state for them.
			sendAndCount(raw, List.of(RawKcp.segment(78, RawKcp.PUSH, 5, 0, bytes("late")),
					RawKcp.segment(79, RawKcp.ACK, 3, 1, new byte[0]),
					RawKcp.segment(80, RawKcp.PUSH, 0, 9, bytes("acks what it never got"))),
					"kcp_unknown_conversation");
		}
		assertThat(count(GateMetrics.CONNECTIONS_OPENED, "transport", "kcp")).isEqualTo(opened);
		assertThat(text(join(healthy.request(TestNode.ECHO, bytes("after"))))).isEqualTo("after");
	}

	private void sendAndCount(RawKcp raw, List<byte[]> datagrams, String reason) throws Exception {
		double before = count(GateMetrics.DECODE_ERRORS, "reason", reason);
		for (byte[] datagram : datagrams) {
			raw.send(datagram);
		}
		await().untilAsserted(() -> assertThat(count(GateMetrics.DECODE_ERRORS, "reason", reason))
			.isEqualTo(before + datagrams.size()));
	}

	private RallyClient login(long userId) {
		RallyClient client = connect(RallyClient.builder());
		assertThat(text(join(client.request(TestNode.LOGIN, bytes(Long.toString(userId)))))).isEqualTo("ok");
		return client;
	}

	private RallyClient connect(RallyClient.Builder builder) {
		RallyClient client = builder.transport(ClientTransport.KCP)
			.host("127.0.0.1")
			.port(kcpPort())
			.requestTimeout(Duration.ofSeconds(10))
			.build();
		this.clients.add(client);
		join(client.connect());
		return client;
	}

	int kcpPort() {
		return GateServers.port(this.context, "kcp");
	}

	private double count(String name, String... tags) {
		MeterRegistry registry = this.metrics.registry();
		return Meters.count(registry, name, tags);
	}

	static <T> T join(CompletableFuture<T> future) {
		return future.orTimeout(15, TimeUnit.SECONDS).join();
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(Packet packet) {
		return new String(packet.payload(), StandardCharsets.UTF_8);
	}

}
