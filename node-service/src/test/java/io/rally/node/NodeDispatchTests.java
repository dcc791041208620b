package io.rally.node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.RouteInfo;
import io.rally.cluster.SessionEvent;
import io.rally.node.api.NodeControl;
import io.rally.node.test.TestGate;
import io.rally.protocol.Packet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Messages driven through the node's endpoint as a gate drives them, answers read from the
 * {@link TestGate}.
 */
@SpringBootTest(classes = TestNodeApplication.class)
class NodeDispatchTests {

	private static final AtomicLong connections = new AtomicLong(1000);

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private TestGate gate;

	@Autowired
	private GameController controller;

	@Autowired
	private TestNodeApplication.Recorder recorder;

	@Autowired
	private InstanceRegistry registry;

	@Autowired
	private NodeControl nodeControl;

	@Autowired
	private MeterRegistry meters;

	@Test
	void routesJsonRequestToItsMethodAndRepliesOnSameRouteAndSeq() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 1, 17, utf8("{\"name\":\"bob\"}"));
		Packet reply = this.gate.awaitPacket(connection, 17);
		assertThat(reply.route()).isEqualTo(1);
		assertThat(reply.isError()).isFalse();
		assertThat(text(reply)).isEqualTo("{\"text\":\"hello bob\"}");
	}

	@Test
	void answersOnTheMessagesReturnPathWithoutLookingTheGateUp() {
		List<Packet> answers = new CopyOnWriteArrayList<>();
		ReturnPath path = new ReturnPath() {

			@Override
			public CompletableFuture<Boolean> reply(long connectionId, Packet packet) {
				answers.add(packet);
				return CompletableFuture.completedFuture(true);
			}

			@Override
			public void undelivered(ClientMessage message) {
			}

		};
		// A gate the registry does not list: only the return path leads back to it.
		this.gate.node().deliver(new ClientMessage("gate-unlisted", 5, 0, "10.0.0.1", 1, 21, utf8("{\"name\":\"eve\"}"),
				path));
		this.gate.node().deliver(new ClientMessage("gate-unlisted", 5, 0, "10.0.0.1", 6, 22, utf8("{\"name\":\"eve\"}"),
				path));

		await().until(() -> answers.size() == 2);
		assertThat(answers).extracting(Packet::seq, Packet::isError).containsExactly(tuple(21, false), tuple(22, true));
		assertThat(text(answers.get(0))).isEqualTo("{\"text\":\"hello eve\"}");
	}

	@Test
	void decodesAndEncodesProtobufMessages() throws InvalidProtocolBufferException {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 2, 3, StringValue.of("quiet").toByteArray());
		Packet reply = this.gate.awaitPacket(connection, 3);
		assertThat(StringValue.parseFrom(reply.payload()).getValue()).isEqualTo("QUIET");
	}

	@Test
	void passesRawBytesThrough() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 3, 4, new byte[] { 1, 2, 3, (byte) 0xff });
		assertThat(this.gate.awaitPacket(connection, 4).payload()).containsExactly((byte) 0xff, 3, 2, 1);
	}

	@Test
	void voidHandlerSendsNoReply() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 4, 5, utf8("{\"name\":\"ann\"}"));
		// Same connection, so this runs after the void handler: once it is answered, route 4 has run.
		this.gate.send(connection, 0, 1, 6, utf8("{\"name\":\"ann\"}"));
		this.gate.awaitPacket(connection, 6);
		assertThat(this.controller.notified).contains("ann");
		assertThat(this.gate.packetsTo(connection)).extracting(Packet::seq).containsExactly(6);
	}

	@Test
	void oneWayMessageGetsNoReplyEvenIfHandlerReturnsOne() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 1, 0, utf8("{\"name\":\"one-way\"}"));
		this.gate.send(connection, 0, 7, 0, new byte[0]);
		this.gate.send(connection, 0, 3, 9, new byte[] { 9 });
		this.gate.awaitPacket(connection, 9);
		assertThat(this.gate.packetsTo(connection)).extracting(Packet::seq).containsExactly(9);
	}

	@Test
	void repliesWhenFutureCompletes() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 5, 8, utf8("{\"name\":\"zoe\"}"));
		assertThat(text(this.gate.awaitPacket(connection, 8))).isEqualTo("{\"text\":\"later zoe\"}");
	}

	@Test
	void rallyExceptionBecomesErrorPacketWithItsCode() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 6, 11, utf8("{\"name\":\"eve\"}"));
		Packet error = this.gate.awaitPacket(connection, 11);
		assertThat(error.route()).isEqualTo(6);
		assertThat(error.extcode()).isEqualTo(Packet.EXT_ERROR);
		assertThat(parse(error)).containsEntry("code", 403).containsEntry("message", "no entry for eve");
	}

	@Test
	void otherExceptionBecomesError500AndIsCounted() {
		long connection = connections.incrementAndGet();
		double before = errorCount("7");
		this.gate.send(connection, 0, 7, 12, new byte[0]);
		Packet error = this.gate.awaitPacket(connection, 12);
		assertThat(error.isError()).isTrue();
		assertThat(parse(error)).containsEntry("code", 500);
		await().untilAsserted(() -> assertThat(errorCount("7")).isEqualTo(before + 1));
	}

	@Test
	void failedFutureBecomesErrorPacket() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 8, 13, new byte[0]);
		assertThat(parse(this.gate.awaitPacket(connection, 13))).containsEntry("code", 409)
			.containsEntry("message", "conflict");
	}

	@Test
	void malformedPayloadIsBadRequest() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 1, 14, utf8("{not json"));
		assertThat(parse(this.gate.awaitPacket(connection, 14))).containsEntry("code", 400);
	}

	@Test
	void resolvesSessionAndContextParametersAndRunsOffTheCallerThread() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 42, 10, 15, new byte[0]);
		Map<String, Object> reply = parse(this.gate.awaitPacket(connection, 15));
		assertThat(reply).containsEntry("gate", TestGate.ID)
			.containsEntry("connection", (int) connection)
			.containsEntry("user", 42)
			.containsEntry("ip", "10.0.0.1")
			.containsEntry("route", 10)
			.containsEntry("seq", 15);
		assertThat(this.controller.threads).isNotEmpty().allMatch((name) -> name.startsWith("rally-node-worker-"));
	}

	@Test
	void interceptorsRunInOrderAroundTheHandler() {
		long connection = connections.incrementAndGet();
		this.recorder.calls.clear();
		this.gate.send(connection, 0, TestNodeApplication.INTERCEPTED, 21, new byte[0]);
		assertThat(text(this.gate.awaitPacket(connection, 21))).isEqualTo("\"handled (wrapped)\"");
		assertThat(this.recorder.calls).containsExactly("30:outer", "30:inner", "30:handler");
	}

	@Test
	void interceptorShortCircuitsByReturningOrThrowing() {
		long connection = connections.incrementAndGet();
		this.recorder.calls.clear();
		this.gate.send(connection, 0, TestNodeApplication.SHORT_CIRCUITED, 22, new byte[0]);
		this.gate.send(connection, 0, TestNodeApplication.DENIED, 23, new byte[0]);
		assertThat(text(this.gate.awaitPacket(connection, 22))).isEqualTo("\"short-circuited\"");
		assertThat(parse(this.gate.awaitPacket(connection, 23))).containsEntry("code", 401);
		assertThat(this.recorder.calls).containsExactly("31:outer", "32:outer");
	}

	@Test
	void unknownRouteGoesToUnknownRouteHandler() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 999, 24, new byte[0]);
		assertThat(text(this.gate.awaitPacket(connection, 24))).isEqualTo("\"no route 999\"");
	}

	@Test
	void sessionListenersGetEventsInOrderWithMessages() {
		long connection = connections.incrementAndGet();
		this.gate.event(SessionEvent.Type.CONNECT, connection, 0);
		this.gate.event(SessionEvent.Type.RECONNECT, connection, 77);
		this.gate.event(SessionEvent.Type.DISCONNECT, connection, 77);
		this.gate.send(connection, 0, 3, 25, new byte[] { 1 });
		this.gate.awaitPacket(connection, 25);
		assertThat(this.recorder.sessions).containsSubsequence("connect " + connection,
				"reconnect " + connection + " user 77", "disconnect " + connection,
				"second disconnect " + connection);
	}

	@Test
	void loginBindsUserToConnectionAndNode() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 20, 26, utf8("{\"userId\":5001}"));
		assertThat(text(this.gate.awaitPacket(connection, 26))).isEqualTo("{\"text\":\"welcome 5001\"}");
		assertThat(this.gate.connectionOf(5001)).isEqualTo(connection);
	}

	@Test
	void registersRoutesWithTheirOptions() {
		InstanceInfo node = this.registry.instances(InstanceKind.NODE).get(0);
		assertThat(node.id()).isEqualTo(this.nodeControl.nodeId());
		assertThat(node.group()).isEqualTo("default");
		assertThat(node.routes()).contains(new RouteInfo(1, false, false, false), new RouteInfo(20, true, false, false),
				new RouteInfo(21, false, true, true));
		assertThat(node.routes()).extracting(RouteInfo::route).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void setStateRegistersTheNodeAgain() {
		try {
			this.nodeControl.setState(InstanceState.HANG);
			assertThat(this.nodeControl.state()).isEqualTo(InstanceState.HANG);
			List<InstanceInfo> nodes = this.registry.instances(InstanceKind.NODE);
			assertThat(nodes).singleElement().satisfies((node) -> {
				assertThat(node.state()).isEqualTo(InstanceState.HANG);
				assertThat(node.routes()).isNotEmpty();
			});
		}
		finally {
			this.nodeControl.setState(InstanceState.WORK);
		}
		assertThat(this.registry.instances(InstanceKind.NODE).get(0).state()).isEqualTo(InstanceState.WORK);
	}

	@Test
	void timesHandlersByRoute() {
		long connection = connections.incrementAndGet();
		this.gate.send(connection, 0, 3, 27, new byte[] { 1 });
		this.gate.awaitPacket(connection, 27);
		await().untilAsserted(() -> assertThat(this.meters.get("rally.node.handler.duration").tag("route", "3").timer().count())
			.isPositive());
	}

	private double errorCount(String route) {
		var counter = this.meters.find("rally.node.handler.errors").tag("route", route).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> parse(Packet packet) {
		return this.json.readValue(packet.payload(), Map.class);
	}

	private static String text(Packet packet) {
		return new String(packet.payload(), StandardCharsets.UTF_8);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
