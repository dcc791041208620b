package io.rally.gate;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.rally.cluster.ClientMessage;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gate behind a load balancer at 127.0.0.1 that speaks the PROXY protocol: real v1 and v2
 * headers over TCP name the client, whose address the per-address cap (one connection here) and
 * the nodes then see. Other loopback addresses (127.0.0.2, ...) are clients that are not
 * proxies.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-proxy", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.proxy-protocol.enabled=true",
				"rally.gate.proxy-protocol.trusted-proxies=10.9.8.0/24,127.0.0.1",
				"rally.gate.proxy-protocol.header-timeout=300ms", "rally.gate.per-ip.max-connections=1",
				"rally.gate.per-ip.connection-rate=0" })
class ProxyProtocolTest {

	private static final String PROXY = "127.0.0.1";

	/** How every v2 header starts. */
	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	@Autowired
	GateMetrics metrics;

	@Autowired
	TestNode node;

	@Autowired
	ApplicationContext context;

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	@Test
	void aV1HeaderNamesTheClientAndTheBytesBehindItFollow() throws Exception {
		try (TcpTestClient client = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
			// The header and the first packet in one write: the packet must survive the decoder.
			client.sendRaw(concat(v1("TCP4", "203.0.113.7", 51000),
					TcpTestClient.encode(new Packet(TestNode.ECHO, 1, bytes("via v1")))));
			assertThat(text(client.readPacket())).isEqualTo("via v1");
			assertThat(clientIpOf("via v1")).isEqualTo("203.0.113.7");
		}
	}

	@Test
	void aV2HeaderNamesAnIpv6Client() throws Exception {
		try (TcpTestClient client = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
			client.sendRaw(v2Tcp6("2001:db8::7", 40000));
			assertThat(text(client.request(TestNode.ECHO, 1, "via v2"))).isEqualTo("via v2");
			assertThat(clientIpOf("via v2")).isEqualTo(InetAddress.getByName("2001:db8::7").getHostAddress());
		}
	}

	@Test
	void aV2LocalHeaderLeavesTheProxyAsTheClient() throws Exception {
		try (TcpTestClient client = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
			client.sendRaw(concat(V2_SIGNATURE, new byte[] { 0x20, 0x00, 0x00, 0x00 }));
			assertThat(text(client.request(TestNode.ECHO, 1, "local"))).isEqualTo("local");
			assertThat(clientIpOf("local")).isEqualTo(PROXY);
		}
	}

	@Test
	void theLimitsPerAddressCountTheClientTheProxyNames() throws Exception {
		double before = closed("per_ip_limit");
		try (TcpTestClient first = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
			first.sendRaw(v1("TCP4", "198.51.100.1", 1111));
			assertThat(text(first.request(TestNode.ECHO, 1, "first"))).isEqualTo("first");
			try (TcpTestClient second = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
				second.sendRaw(v1("TCP4", "198.51.100.1", 2222));
				assertThat(second.isClosedByPeer()).isTrue();
			}
			assertThat(closed("per_ip_limit")).isEqualTo(before + 1);
			// The same proxy, another client: its own slot.
			try (TcpTestClient other = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
				other.sendRaw(v1("TCP4", "198.51.100.2", 3333));
				assertThat(text(other.request(TestNode.ECHO, 1, "other"))).isEqualTo("other");
			}
		}
	}

	@Test
	void refusesAProxyHeaderFromAnAddressThatIsNoTrustedProxy() throws Exception {
		double before = closed("proxy_protocol");
		try (TcpTestClient textHeader = TcpTestClient.connectFrom("127.0.0.2", port("tcp"))) {
			textHeader.sendRaw(v1("TCP4", "203.0.113.99", 1234));
			assertThat(textHeader.isClosedByPeer()).isTrue();
		}
		try (TcpTestClient binaryHeader = TcpTestClient.connectFrom("127.0.0.3", port("tcp"))) {
			// The signature a byte at a time: the guard holds them until it can tell.
			for (byte b : V2_SIGNATURE) {
				binaryHeader.sendRaw(new byte[] { b });
			}
			assertThat(binaryHeader.isClosedByPeer()).isTrue();
		}
		await().until(() -> closed("proxy_protocol") == before + 2);
		assertThat(this.node.messages()).noneMatch((message) -> message.clientIp().endsWith(".99"));
	}

	@Test
	void servesAClientThatIsNoProxyAsItself() throws Exception {
		try (TcpTestClient client = TcpTestClient.connectFrom("127.0.0.4", port("tcp"))) {
			// Five bytes, fewer than a v2 signature: answered at once, not held for more.
			client.send(Heartbeat.plain());
			assertThat(client.read()).isEqualTo(Heartbeat.plain());
			assertThat(text(client.request(TestNode.ECHO, 1, "direct"))).isEqualTo("direct");
			assertThat(clientIpOf("direct")).isEqualTo("127.0.0.4");
		}
	}

	@Test
	void closesATrustedProxyConnectionWithoutAWellFormedHeader() throws Exception {
		double before = closed("proxy_protocol");
		try (TcpTestClient noHeader = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
			noHeader.send(new Packet(TestNode.ECHO, 1, bytes("no header")));
			assertThat(noHeader.isClosedByPeer()).isTrue();
		}
		try (TcpTestClient silent = TcpTestClient.connectFrom(PROXY, port("tcp"))) {
			// Nothing within the header timeout.
			assertThat(silent.isClosedByPeer()).isTrue();
		}
		await().until(() -> closed("proxy_protocol") == before + 2);
		assertThat(this.node.messages()).noneMatch((message) -> string(message.payload()).equals("no header"));
	}

	@Test
	void webSocketBehindTheProxy() throws Exception {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(5000);
			socket.bind(new InetSocketAddress(PROXY, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port("ws")), 5000);
			OutputStream out = socket.getOutputStream();
			out.write(v1("TCP4", "192.0.2.44", 4444));
			out.write(upgradeRequest());
			out.flush();
			assertThat(statusLine(socket)).startsWith("HTTP/1.1 101");
		}
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(5000);
			socket.bind(new InetSocketAddress("127.0.0.5", 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port("ws")), 5000);
			socket.getOutputStream().write(concat(v1("TCP4", "192.0.2.45", 4545), upgradeRequest()));
			assertThat(TcpTestClient.isClosedByPeer(socket)).isTrue();
		}
	}

	private String clientIpOf(String payload) {
		return this.node.messages()
			.stream()
			.filter((message) -> string(message.payload()).equals(payload))
			.map(ClientMessage::clientIp)
			.reduce((first, last) -> last)
			.orElseThrow();
	}

	private double closed(String reason) {
		return Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "reason", reason);
	}

	private static byte[] v1(String protocol, String source, int sourcePort) {
		return ("PROXY " + protocol + " " + source + " 127.0.0.1 " + sourcePort + " 3553\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	/** A v2 PROXY header for a TCP over IPv6 client. */
	private static byte[] v2Tcp6(String source, int sourcePort) throws Exception {
		ByteBuffer header = ByteBuffer.allocate(16 + 36);
		header.put(V2_SIGNATURE);
		header.put((byte) 0x21); // version 2, PROXY
		header.put((byte) 0x21); // AF_INET6, STREAM
		header.putShort((short) 36);
		header.put(InetAddress.getByName(source).getAddress());
		header.put(InetAddress.getByName("::1").getAddress());
		header.putShort((short) sourcePort);
		header.putShort((short) 3553);
		return header.array();
	}

	private static byte[] upgradeRequest() {
		return ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static String statusLine(Socket socket) throws Exception {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
			.readLine();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(first);
		out.writeBytes(second);
		return out.toByteArray();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] payload) {
		return new String(payload, StandardCharsets.UTF_8);
	}

}
