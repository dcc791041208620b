package io.rally.gate;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.gate.support.WsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Input that breaks the protocol closes the connection that sent it, and only that one: a
 * healthy client connected to the same gate throughout keeps being served.
 */
class HostileInputTest extends GateIntegrationTest {

	private TcpTestClient healthy;

	@BeforeEach
	void connectHealthyClient() throws Exception {
		this.healthy = TcpTestClient.connect(tcpPort());
		assertThat(text(this.healthy.request(TestNode.ECHO, 1, "before"))).isEqualTo("before");
	}

	@AfterEach
	void healthyClientIsStillServed() throws Exception {
		assertThat(text(this.healthy.request(TestNode.ECHO, 2, "after"))).isEqualTo("after");
		this.healthy.close();
	}

	@Test
	void oversizedTcpPacketIsRejectedBeforeItArrives() throws Exception {
		double before = decodeErrors("oversized");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			// Declares 100 MB but sends only the header: the gate must not wait for the rest.
			client.sendRaw(new byte[] { 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 });
			assertThat(client.isClosedByPeer()).isTrue();
		}
		await().until(() -> decodeErrors("oversized") == before + 1);
	}

	@Test
	void garbageBytesCloseTheConnection() throws Exception {
		double before = count(GateMetrics.DECODE_ERRORS);
		double closedBefore = count(GateMetrics.CONNECTIONS_CLOSED, "transport", "tcp", "reason", "protocol_error");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.sendRaw("GET / HTTP/1.1\r\nHost: gate\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.isClosedByPeer()).isTrue();
		}
		await().until(() -> count(GateMetrics.DECODE_ERRORS) == before + 1);
		await().until(() -> count(GateMetrics.CONNECTIONS_CLOSED, "transport", "tcp", "reason",
				"protocol_error") == closedBefore + 1);
	}

	@Test
	void truncatedPacketClosesTheConnection() throws Exception {
		double before = decodeErrors("truncated");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			// size 2: a data header and one byte, where route and seq need four.
			client.sendRaw(new byte[] { 0, 0, 0, 2, 0, 1 });
			assertThat(client.isClosedByPeer()).isTrue();
		}
		await().until(() -> decodeErrors("truncated") == before + 1);
	}

	@Test
	void malformedHeartbeatClosesTheConnection() throws Exception {
		double before = decodeErrors("malformed");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.sendRaw(new byte[] { 0, 0, 0, 3, (byte) 0x80, 1, 2 });
			assertThat(client.isClosedByPeer()).isTrue();
		}
		await().until(() -> decodeErrors("malformed") == before + 1);
	}

	@Test
	void webSocketTextFrameIsAProtocolError() throws Exception {
		double before = decodeErrors("unsupported_frame");
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			client.sendText("{\"route\":1}");
			assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1002);
		}
		await().until(() -> decodeErrors("unsupported_frame") == before + 1);
	}

	@Test
	void webSocketFrameWhoseSizeFieldDisagreesIsAProtocolError() throws Exception {
		double before = decodeErrors("length_mismatch");
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			// size says 9, the frame carries 5 more bytes.
			client.sendRaw(new byte[] { 0, 0, 0, 9, 0, 0, 1, 0, 1 });
			assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1002);
		}
		await().until(() -> decodeErrors("length_mismatch") == before + 1);
	}

	@Test
	void webSocketFrameOverTheLimitIsClosedAsTooBig() throws Exception {
		double before = decodeErrors("oversized");
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			client.sendRaw(new byte[6000]);
			assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1009);
		}
		await().until(() -> decodeErrors("oversized") == before + 1);
	}

	@Test
	void webSocketFrameTooShortForTheSizeFieldIsAProtocolError() throws Exception {
		double before = decodeErrors("truncated");
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			client.sendRaw(new byte[] { 0, 0 });
			assertThat(client.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1002);
		}
		await().until(() -> decodeErrors("truncated") == before + 1);
	}

	private double decodeErrors(String reason) {
		return count(GateMetrics.DECODE_ERRORS, "reason", reason);
	}

}
