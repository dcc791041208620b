package io.rally.gate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS gate behind a proxy at 127.0.0.1: the PROXY header comes in plaintext before the TLS
 * handshake, as load balancers that pass TLS through send it.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-proxy-tls", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.enabled=false", "rally.gate.tls.enabled=true", "rally.gate.tls.reload-interval=0",
				"rally.gate.proxy-protocol.enabled=true", "rally.gate.proxy-protocol.trusted-proxies=127.0.0.1" })
@DirtiesContext
class ProxyProtocolTlsTest {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("proxy-tls-test");

	@TempDir
	static Path directory;

	@Autowired
	ApplicationContext context;

	@Autowired
	TestNode node;

	@DynamicPropertySource
	static void certificateFiles(DynamicPropertyRegistry registry) throws IOException {
		CERTIFICATES.writeGateFiles(directory).forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void theHeaderComesBeforeTheTlsHandshake() throws Exception {
		int port = GateServers.port(this.context, "tcp");
		Socket plain = new Socket();
		plain.setSoTimeout(5000);
		plain.bind(new InetSocketAddress("127.0.0.1", 0));
		plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		plain.getOutputStream()
			.write("PROXY TCP4 203.0.113.80 127.0.0.1 50505 3553\r\n".getBytes(StandardCharsets.US_ASCII));
		SSLSocket tls = (SSLSocket) CERTIFICATES.clientContext()
			.getSocketFactory()
			.createSocket(plain, "127.0.0.1", port, true);
		SSLParameters parameters = tls.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		tls.setSSLParameters(parameters);
		tls.startHandshake();
		try (TcpTestClient client = TcpTestClient.of(tls)) {
			assertThat(text(client.request(TestNode.ECHO, 1, "proxied tls"))).isEqualTo("proxied tls");
		}
		assertThat(this.node.messages()).filteredOn((m) -> new String(m.payload(), StandardCharsets.UTF_8)
			.equals("proxied tls")).singleElement().satisfies((m) -> assertThat(m.clientIp()).isEqualTo("203.0.113.80"));
	}

}
