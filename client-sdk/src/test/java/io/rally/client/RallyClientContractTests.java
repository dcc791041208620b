package io.rally.client;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a {@link RallyClient} promises, checked against a real {@link EchoGate} on port 0; run
 * once per transport, plaintext and over TLS, by the subclasses.
 */
abstract class RallyClientContractTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	EchoGate gate;

	abstract ClientTransport transport();

	/** The certificates of a TLS gate; {@code null} for plaintext. */
	TestCertificates tls() {
		return null;
	}

	EchoGate newGate(ProtocolSettings settings) {
		return new EchoGate(transport(), settings, tls());
	}

	@BeforeEach
	void startGate() {
		this.gate = track(newGate(ProtocolSettings.defaults()));
	}

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	<T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	RallyClient connect(RallyClient.Builder builder) {
		RallyClient client = track(builder.build());
		client.connect().orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(client.isConnected()).isTrue();
		return client;
	}

	/** The client may see its connection up before the gate does (TCP has no handshake). */
	static void awaitConnections(EchoGate gate, int connections) {
		await().atMost(WAIT).until(() -> gate.connections() == connections);
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(Packet packet) {
		return new String(packet.payload(), StandardCharsets.UTF_8);
	}

	static Packet response(CompletableFuture<Packet> future) {
		return future.orTimeout(10, TimeUnit.SECONDS).join();
	}

	static Throwable failure(CompletableFuture<?> future) {
		try {
			future.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError("future did not fail", ex);
		}
		throw new AssertionError("future completed normally");
	}

	@Test
	void requestsOnSeveralRoutesGetTheirResponses() {
		RallyClient client = connect(this.gate.client());
		for (int route : new int[] { 1, 2, 300, 32767, -5 }) {
			Packet response = response(client.request(route, bytes("hello " + route)));
			assertThat(response.route()).isEqualTo(route);
			assertThat(response.seq()).isNotZero();
			assertThat(text(response)).isEqualTo("hello " + route);
		}
		assertThat(this.gate.requests).allSatisfy((packet) -> assertThat(packet.extcode()).isZero());
	}

	@Test
	void thousandConcurrentRequestsAreMatchedBySeqEvenWhenAnsweredInReverse() throws Exception {
		this.gate.holdUntil = 1000;
		RallyClient client = connect(this.gate.client());
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<CompletableFuture<Packet>>> sent = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				int n = i;
				sent.add(CompletableFuture.supplyAsync(() -> client.request(1 + n % 7, bytes("request " + n)), callers));
			}
			Set<Integer> seqs = new HashSet<>();
			for (int i = 0; i < 1000; i++) {
				Packet response = response(sent.get(i).get(10, TimeUnit.SECONDS));
				assertThat(text(response)).isEqualTo("request " + i);
				assertThat(response.route()).isEqualTo(1 + i % 7);
				seqs.add(response.seq());
			}
			assertThat(seqs).hasSize(1000);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void seqWrapsAroundWithOneSeqByte() {
		ProtocolSettings settings = ProtocolSettings.builder().seqBytes(1).build();
		EchoGate gate = track(newGate(settings));
		RallyClient client = connect(gate.client());
		for (int i = 0; i < 300; i++) {
			assertThat(text(response(client.request(4, bytes("n" + i))))).isEqualTo("n" + i);
		}
		List<Integer> seqs = gate.requests.stream().map(Packet::seq).toList();
		assertThat(seqs).allSatisfy((seq) -> assertThat(seq).isBetween(1, 127));
		assertThat(seqs.subList(0, 129)).containsSubsequence(126, 127, 1, 2);
	}

	@Test
	void oneWaySendReachesTheGate() throws Exception {
		RallyClient client = connect(this.gate.client());
		client.send(9, bytes("fire and forget")).get(10, TimeUnit.SECONDS);
		Packet received = this.gate.oneWay.poll(10, TimeUnit.SECONDS);
		assertThat(received).isNotNull();
		assertThat(received.route()).isEqualTo(9);
		assertThat(received.seq()).isZero();
		assertThat(text(received)).isEqualTo("fire and forget");
	}

	@Test
	void pushesGoToTheirRouteListenersAndToAnyPushListeners() throws Exception {
		RallyClient client = connect(this.gate.client());
		BlockingQueue<Packet> route5 = new LinkedBlockingQueue<>();
		BlockingQueue<Packet> any = new LinkedBlockingQueue<>();
		client.onPush(5, (packet) -> {
			throw new IllegalStateException("a failing listener must not stop the others");
		});
		Registration registration = client.onPush(5, route5::add);
		client.onAnyPush(any::add);
		awaitConnections(this.gate, 1);
		this.gate.push(5, "five");
		this.gate.push(6, "six");
		assertThat(text(route5.poll(10, TimeUnit.SECONDS))).isEqualTo("five");
		assertThat(text(any.poll(10, TimeUnit.SECONDS))).isEqualTo("five");
		assertThat(text(any.poll(10, TimeUnit.SECONDS))).isEqualTo("six");
		registration.close();
		this.gate.push(5, "five again");
		assertThat(text(any.poll(10, TimeUnit.SECONDS))).isEqualTo("five again");
		assertThat(route5).isEmpty();
	}

	@Test
	void requestWithoutResponseTimesOut() {
		this.gate.ignoredRoute = 7;
		RallyClient client = connect(this.gate.client().requestTimeout(Duration.ofMillis(200)));
		Throwable failure = failure(client.request(7, bytes("nobody answers")));
		assertThat(failure).isInstanceOf(RequestTimeoutException.class);
		assertThat(((RequestTimeoutException) failure).route()).isEqualTo(7);
		assertThat(text(response(client.request(8, bytes("still works"))))).isEqualTo("still works");
	}

	@Test
	void serverCloseFailsPendingRequestsAndFiresOnClose() {
		this.gate.ignoredRoute = 7;
		RallyClient client = connect(this.gate.client());
		BlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
		client.onClose(closes::add);
		CompletableFuture<Packet> pending = client.request(7, bytes("waits"));
		await().atMost(WAIT).until(() -> this.gate.requests.size() == 1);
		this.gate.dropConnections();
		assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class);
		await().atMost(WAIT).until(() -> !closes.isEmpty());
		CloseEvent event = closes.peek();
		assertThat(event.reason()).isEqualTo(CloseEvent.Reason.CLOSED_BY_SERVER);
		assertThat(event.reconnecting()).isFalse();
		assertThat(client.isConnected()).isFalse();
		assertThat(failure(client.request(1, bytes("after close")))).isInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void clientCloseFailsPendingRequests() {
		this.gate.ignoredRoute = 7;
		RallyClient client = connect(this.gate.client());
		CompletableFuture<Packet> pending = client.request(7, bytes("waits"));
		client.close();
		assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class);
		assertThat(client.isConnected()).isFalse();
		assertThat(failure(client.connect())).isInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void errorPacketFailsTheRequestWithItsCode() {
		this.gate.errorRoute = 404;
		RallyClient client = connect(this.gate.client().errorPackets(true));
		Throwable failure = failure(client.request(404, bytes("{}")));
		assertThat(failure).isInstanceOf(RallyErrorException.class);
		RallyErrorException error = (RallyErrorException) failure;
		assertThat(error.code()).isEqualTo(404);
		assertThat(error.errorMessage()).isEqualTo("route 404 not found");
		assertThat(this.gate.requests).allSatisfy((packet) -> assertThat(packet.extcode()).isEqualTo(Packet.EXT_ERROR));
	}

	@Test
	void heartbeatsAreSentAndAnsweredOnesKeepTheConnectionAlive() {
		RallyClient client = connect(this.gate.client().heartbeatInterval(Duration.ofMillis(50)));
		List<CloseEvent> closes = new CopyOnWriteArrayList<>();
		client.onClose(closes::add);
		// Ten intervals is five times the dead-connection limit: the gate's answers must count.
		await().atMost(WAIT).until(() -> this.gate.heartbeats.get() >= 10);
		assertThat(closes).isEmpty();
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void noHeartbeatsWhenTheIntervalIsZero() {
		RallyClient client = connect(this.gate.client().heartbeatInterval(Duration.ZERO));
		// A round trip on the same connection comes after anything written before it.
		assertThat(text(response(client.request(1, bytes("x"))))).isEqualTo("x");
		assertThat(this.gate.heartbeats.get()).isZero();
	}

	@Test
	void silentServerIsDetectedAfterTwoHeartbeatIntervals() {
		RallyClient client = connect(this.gate.client().heartbeatInterval(Duration.ofMillis(100)));
		BlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
		client.onClose(closes::add);
		this.gate.silent = true;
		CompletableFuture<Packet> pending = client.request(1, bytes("into the void"));
		await().atMost(WAIT).until(() -> !closes.isEmpty());
		assertThat(closes.peek().reason()).isEqualTo(CloseEvent.Reason.HEARTBEAT_TIMEOUT);
		assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class);
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void reconnectsAfterTheServerDropsTheConnection() throws Exception {
		RallyClient client = connect(this.gate.client()
			.reconnect(true, Duration.ofMillis(20), Duration.ofMillis(200)));
		BlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
		CountDownLatch reconnected = new CountDownLatch(1);
		client.onClose(closes::add);
		client.onReconnect(reconnected::countDown);
		awaitConnections(this.gate, 1);
		this.gate.dropConnections();
		assertThat(reconnected.await(10, TimeUnit.SECONDS)).isTrue();
		CloseEvent event = closes.poll(10, TimeUnit.SECONDS);
		assertThat(event.reason()).isEqualTo(CloseEvent.Reason.CLOSED_BY_SERVER);
		assertThat(event.reconnecting()).isTrue();
		assertThat(client.isConnected()).isTrue();
		// the server counts the accept on its own thread, possibly after the client saw it connect
		await().untilAsserted(() -> assertThat(this.gate.accepted.get()).isEqualTo(2));
		assertThat(text(response(client.request(3, bytes("again"))))).isEqualTo("again");
	}

	@Test
	void littleEndianWithFourRouteAndSeqBytesRoundTrips() throws Exception {
		ProtocolSettings settings = ProtocolSettings.builder()
			.byteOrder(ByteOrder.LITTLE_ENDIAN)
			.routeBytes(4)
			.seqBytes(4)
			.build();
		EchoGate gate = track(newGate(settings));
		RallyClient client = connect(gate.client());
		BlockingQueue<Packet> pushes = new LinkedBlockingQueue<>();
		client.onPush(70_000, pushes::add);
		Packet response = response(client.request(100_000, bytes("wide")));
		assertThat(response.route()).isEqualTo(100_000);
		assertThat(text(response)).isEqualTo("wide");
		awaitConnections(gate, 1);
		gate.push(70_000, "pushed");
		assertThat(text(pushes.poll(10, TimeUnit.SECONDS))).isEqualTo("pushed");
	}

	@Test
	void withoutSeqResponsesAreMatchedByRouteInOrder() {
		ProtocolSettings settings = ProtocolSettings.builder().seqBytes(0).build();
		EchoGate gate = track(newGate(settings));
		RallyClient client = connect(gate.client());
		List<CompletableFuture<Packet>> responses = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			responses.add(client.request(1 + i % 3, bytes("r" + i)));
		}
		for (int i = 0; i < 50; i++) {
			assertThat(text(response(responses.get(i)))).isEqualTo("r" + i);
		}
	}

	@Test
	void payloadOverTheMaximumFailsWithoutSending() {
		RallyClient client = connect(this.gate.client().protocol(ProtocolSettings.defaults()));
		byte[] tooBig = new byte[ProtocolSettings.defaults().maxPayloadBytes() + 1];
		assertThat(failure(client.request(1, tooBig))).isInstanceOf(IllegalArgumentException.class);
		assertThat(failure(client.send(1, tooBig))).isInstanceOf(IllegalArgumentException.class);
		assertThat(failure(client.request(40_000, bytes("route too wide"))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(text(response(client.request(1, bytes("fine"))))).isEqualTo("fine");
	}

	@Test
	void connectFailsWhenNothingListens() {
		int port = this.gate.port();
		this.gate.close();
		RallyClient client = track(this.gate.client().port(port).build());
		assertThat(failure(client.connect())).isInstanceOf(RallyClientException.class);
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void clientsShareResources() {
		ClientResources resources = track(ClientResources.create(1));
		List<RallyClient> clients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			clients.add(connect(this.gate.client().resources(resources)));
		}
		for (int i = 0; i < clients.size(); i++) {
			assertThat(text(response(clients.get(i).request(2, bytes("c" + i))))).isEqualTo("c" + i);
		}
		clients.forEach(RallyClient::close);
		assertThatThrownBy(() -> this.gate.client().port(0)).isInstanceOf(IllegalArgumentException.class);
	}

}
