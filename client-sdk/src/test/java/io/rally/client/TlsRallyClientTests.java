package io.rally.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rally.protocol.ProtocolSettings;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Trust and names: the client connects only to a gate whose certificate comes from a CA it
 * trusts and names the server, and says so when it does not.
 */
class TlsRallyClientTests {

	private static final TestCertificates GATE = TestCertificates.create("gate");

	private static final TestCertificates OTHER = TestCertificates.create("other");

	@TempDir
	Path directory;

	private EchoGate gate;

	private RallyClient client;

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.gate != null) {
			this.gate.close();
		}
	}

	@ParameterizedTest
	@EnumSource(value = ClientTransport.class, names = { "TCP", "WEBSOCKET" })
	void trustsTheCaInAPemFile(ClientTransport transport) throws Exception {
		this.gate = new EchoGate(transport, ProtocolSettings.defaults(), GATE);
		Path ca = GATE.writeAuthority(this.directory.resolve("ca.pem"));
		this.client = plainClient(transport).trustCertificates(ca).build();
		this.client.connect().get(10, TimeUnit.SECONDS);
		byte[] reply = this.client.request(1, "secret".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)
			.payload();
		assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("secret");
	}

	@ParameterizedTest
	@EnumSource(value = ClientTransport.class, names = { "TCP", "WEBSOCKET" })
	void refusesAGateOfAnUntrustedCa(ClientTransport transport) throws Exception {
		this.gate = new EchoGate(transport, ProtocolSettings.defaults(), GATE);
		this.client = plainClient(transport).trustCertificates(OTHER.writeAuthority(this.directory.resolve("other.pem")))
			.build();
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> this.client.connect().orTimeout(10, TimeUnit.SECONDS).join())
			.havingCause()
			.isInstanceOf(TlsHandshakeException.class)
			.withMessageContaining("TLS handshake with 127.0.0.1:" + this.gate.port() + " failed");
		assertThat(this.client.isConnected()).isFalse();
	}

	@Test
	void checksTheServerNameByDefault() throws Exception {
		this.gate = new EchoGate(ClientTransport.TCP, ProtocolSettings.defaults(), GATE);
		Path ca = GATE.writeAuthority(this.directory.resolve("ca.pem"));
		this.client = plainClient(ClientTransport.TCP).trustCertificates(ca).serverName("gate.example.com").build();
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> this.client.connect().orTimeout(10, TimeUnit.SECONDS).join())
			.havingCause()
			.isInstanceOf(TlsHandshakeException.class);
	}

	@Test
	void connectsUnderAServerNameTheCertificateHolds() throws Exception {
		this.gate = new EchoGate(ClientTransport.TCP, ProtocolSettings.defaults(), GATE);
		Path ca = GATE.writeAuthority(this.directory.resolve("ca.pem"));
		this.client = plainClient(ClientTransport.TCP).trustCertificates(ca).serverName("localhost").build();
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void hostnameCheckCanBeTurnedOff() throws Exception {
		this.gate = new EchoGate(ClientTransport.TCP, ProtocolSettings.defaults(), GATE);
		Path ca = GATE.writeAuthority(this.directory.resolve("ca.pem"));
		this.client = plainClient(ClientTransport.TCP).trustCertificates(ca)
			.serverName("gate.example.com")
			.verifyHostname(false)
			.build();
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void rejectsFilesWithoutCertificates() throws Exception {
		Path empty = Files.writeString(this.directory.resolve("empty.pem"), "no certificate here\n");
		assertThatIllegalArgumentException().isThrownBy(() -> RallyClient.builder().trustCertificates(empty))
			.withMessageContaining("trustCertificates: " + empty);
		Path missing = this.directory.resolve("missing.pem");
		assertThatIllegalArgumentException().isThrownBy(() -> RallyClient.builder().trustCertificates(missing))
			.withMessageContaining("missing.pem");
	}

	private RallyClient.Builder plainClient(ClientTransport transport) {
		return RallyClient.builder()
			.transport(transport)
			.host("127.0.0.1")
			.port(this.gate.port())
			.webSocketPath(EchoGate.WS_PATH);
	}


	@Test
	void refusesTlsOverKcp() {
		RallyClient.Builder builder = RallyClient.builder().transport(ClientTransport.KCP).host("127.0.0.1").port(1).tls(true);
		assertThatIllegalStateException().isThrownBy(builder::build).withMessageContaining("KCP has no TLS");
	}

}
