package io.rally.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.client.TlsHandshakeException;
import io.rally.examples.basics.EchoController;
import io.rally.examples.basics.LoginController;
import io.rally.protocol.Packet;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Java client against the standalone gate over TLS (TCP) and WSS, with a certificate
 * generated for the test; a client that does not trust its CA is told so.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.gate.tls.enabled=true" })
@DirtiesContext
class TlsRoundTripTests {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("standalone");

	@TempDir
	static Path directory;

	@Autowired
	ApplicationContext context;

	private RallyClient client;

	@DynamicPropertySource
	static void certificateFiles(DynamicPropertyRegistry registry) throws IOException {
		CERTIFICATES.writeGateFiles(directory).forEach((name, value) -> registry.add(name, () -> value));
		CERTIFICATES.writeAuthority(directory.resolve("ca.pem"));
	}

	@AfterEach
	void closeClient() {
		if (this.client != null) {
			this.client.close();
		}
	}

	// KCP has no TLS: the client refuses the combination when it is built.
	@ParameterizedTest
	@EnumSource(value = ClientTransport.class, names = { "TCP", "WEBSOCKET" })
	void requestsAndLoginOverTls(ClientTransport transport) {
		this.client = builder(transport).trustCertificates(directory.resolve("ca.pem")).build();
		this.client.connect().orTimeout(10, TimeUnit.SECONDS).join();
		byte[] payload = GateClients.utf8("{\"over\":\"tls\"}");
		Packet echoed = this.client.request(EchoController.ECHO, payload).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(echoed.payload()).isEqualTo(payload);
		GateClients.login(this.client, 7007);
		assertThat(GateClients.call(this.client, LoginController.ONLINE, "{}").get("online").asLong()).isPositive();
	}

	@Test
	void clientThatDoesNotTrustTheCaFailsWithATlsError() throws IOException {
		Path otherCa = TestCertificates.create("other").writeAuthority(directory.resolve("other.pem"));
		this.client = builder(ClientTransport.TCP).trustCertificates(otherCa).build();
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> this.client.connect().orTimeout(10, TimeUnit.SECONDS).join())
			.havingCause()
			.isInstanceOf(TlsHandshakeException.class);
	}

	private RallyClient.Builder builder(ClientTransport transport) {
		return RallyClient.builder()
			.transport(transport)
			.host("127.0.0.1")
			.port(GateClients.port(this.context, (transport == ClientTransport.TCP) ? "tcp" : "ws"));
	}

}
