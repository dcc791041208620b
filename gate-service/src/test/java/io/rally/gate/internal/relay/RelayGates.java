package io.rally.gate.internal.relay;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.relay.RelayTcpServer;
import io.rally.gate.internal.relay.RelayWsServer;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A transparent gate on loopback ports, and what its tests share. */
final class RelayGates {

	static final String SECRET = "a-test-secret-that-is-at-least-32-bytes-long";

	static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);

	private RelayGates() {
	}

	static ApplicationContextRunner gate(String... properties) {
		return new ApplicationContextRunner().withUserConfiguration(GateTestConfiguration.class)
			.withPropertyValues("rally.gate.mode=transparent", "rally.gate.tcp.host=127.0.0.1",
					"rally.gate.tcp.port=0", "rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0",
					"rally.gate.relay.dial.backoff=10ms")
			.withPropertyValues(properties);
	}

	static int tcpPort(AssertableApplicationContext context) {
		return context.getBean(RelayTcpServer.class).port();
	}

	static int wsPort(AssertableApplicationContext context) {
		return context.getBean(RelayWsServer.class).port();
	}

	static double refused(AssertableApplicationContext context, String reason) {
		return Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.RELAY_REFUSED, "reason", reason);
	}

	/** Connects to the gate and sends {@code request} as the first packet. */
	static Socket open(int port, String request) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		return sendFirstPacket(socket, request);
	}

	/**
	 * Connects to the gate over TLS, checking that its certificate names 127.0.0.1, and sends
	 * {@code request} as the first packet once the handshake is done.
	 */
	static SSLSocket openTls(int port, SSLContext tls, String request) throws IOException {
		SSLSocket socket = TcpTestClient.tlsSocket(port, tls, 10_000);
		sendFirstPacket(socket, request);
		return socket;
	}

	private static Socket sendFirstPacket(Socket socket, String request) throws IOException {
		byte[] body = request.getBytes(StandardCharsets.UTF_8);
		DataOutputStream out = new DataOutputStream(socket.getOutputStream());
		out.writeInt(body.length);
		out.write(body);
		out.flush();
		return socket;
	}

	/** Reads exactly {@code length} bytes. */
	static byte[] read(Socket socket, int length) throws IOException {
		byte[] bytes = new byte[length];
		new DataInputStream(socket.getInputStream()).readFully(bytes);
		return bytes;
	}

	/** An HS256 token with the given claims JSON, signed with {@code secret}. */
	static String token(String claimsJson, String secret) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signed = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
				+ "." + base64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String claims(String backend, long expiresAtEpochSecond) {
		return "{\"sub\":\"player-1\",\"backend\":\"" + backend + "\",\"exp\":" + expiresAtEpochSecond + "}";
	}

	/**
	 * Against a {@link TestBackend#digest} backend: sends {@code upBytes} of noise while reading
	 * the backend's {@code downBytes}, checks both ways byte-exact by digest, and that the gate
	 * ends the client's stream after the backend closed.
	 */
	static void exchangeLargeStreams(Socket client, int upBytes, long upSeed, int downBytes, long downSeed)
			throws Exception {
		assertThat(read(client, OK.length)).isEqualTo(OK);
		byte[] up = new byte[upBytes];
		new Random(upSeed).nextBytes(up);
		CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(client, up));
		InputStream in = client.getInputStream();
		MessageDigest down = TestBackend.sha256();
		byte[] buffer = new byte[65536];
		int left = downBytes;
		while (left > 0) {
			int read = in.read(buffer, 0, Math.min(buffer.length, left));
			assertThat(read).as("bytes before the end").isPositive();
			down.update(buffer, 0, read);
			left -= read;
		}
		assertThat(down.digest()).isEqualTo(TestBackend.sha256().digest(TestBackend.noise(downBytes, downSeed)));
		assertThat(read(client, 32)).as("the backend's digest of what the client sent")
			.isEqualTo(TestBackend.sha256().digest(up));
		sent.get(10, TimeUnit.SECONDS);
		assertThat(in.read()).isEqualTo(-1);
	}

	private static void send(Socket client, byte[] up) {
		try {
			DataOutputStream out = new DataOutputStream(client.getOutputStream());
			out.writeLong(up.length);
			for (int offset = 0; offset < up.length; offset += 10_007) {
				out.write(up, offset, Math.min(10_007, up.length - offset));
			}
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
