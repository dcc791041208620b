package io.rally.gate;

import java.io.IOException;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.gate.support.WsTestClient;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate files replaced under a running gate: new connections get the new certificate,
 * open ones keep working on the old one. Runs on the JDK provider; the other TLS tests get
 * OpenSSL, which netty-tcnative on the test classpath makes the default.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-tls-reload", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.tls.enabled=true",
				"rally.gate.tls.reload-interval=100ms", "rally.gate.tls.provider=JDK" })
// Closed after the class, before its temporary directory goes: the reloader would report the files missing.
@DirtiesContext
class TlsReloadTest {

	private static final TestCertificates FIRST = TestCertificates.create("first");

	private static final TestCertificates SECOND = TestCertificates.create("second");

	@TempDir
	static Path directory;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void certificateFiles(DynamicPropertyRegistry registry) throws IOException {
		FIRST.writeServer(certificate(), key());
		registry.add("rally.gate.tls.certificate", () -> certificate().toString());
		registry.add("rally.gate.tls.private-key", () -> key().toString());
	}

	@Test
	void newConnectionsGetTheNewCertificateWhileOpenOnesKeepWorking() throws Exception {
		SSLContext trustsBoth = TestCertificates.clientContext(FIRST, SECOND);
		try (TcpTestClient old = TcpTestClient.connectTls(port("tcp"), trustsBoth);
				WsTestClient oldWs = WsTestClient.connectTls(port("ws"), trustsBoth)) {
			assertThat(old.peerCertificate()).isEqualTo(FIRST.server());

			SECOND.writeServer(certificate(), key());

			await().untilAsserted(() -> {
				try (TcpTestClient fresh = TcpTestClient.connectTls(port("tcp"), trustsBoth)) {
					assertThat(fresh.peerCertificate()).isEqualTo(SECOND.server());
					assertThat(text(fresh.request(TestNode.ECHO, 1, "new"))).isEqualTo("new");
				}
			});
			assertThat(old.peerCertificate()).isEqualTo(FIRST.server());
			assertThat(text(old.request(TestNode.ECHO, 2, "old"))).isEqualTo("old");
			assertThat(text(oldWs.request(TestNode.ECHO, 3, "old ws"))).isEqualTo("old ws");
			// A client that trusts only the new CA now gets in over WebSocket too.
			try (WsTestClient freshWs = WsTestClient.connectTls(port("ws"), SECOND.clientContext())) {
				assertThat(text(freshWs.request(TestNode.ECHO, 4, "new ws"))).isEqualTo("new ws");
			}
		}
	}

	private static Path certificate() {
		return directory.resolve("gate.crt");
	}

	private static Path key() {
		return directory.resolve("gate.key");
	}

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

}
