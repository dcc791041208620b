package io.rally.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;

import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EchoProbeTest {

	private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

	private final EchoProbe probe = new EchoProbe(SETTINGS, Duration.ofSeconds(5));

	@Test
	void anEchoingServerPasses() throws Exception {
		try (BareEchoServer echo = BareEchoServer.start(Transport.TCP, SETTINGS, "/")) {
			assertThatNoException().isThrownBy(() -> this.probe.roundTrip(echo.port(), 1));
		}
	}

	@Test
	void aClosedPortFails() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertThatIOException().isThrownBy(() -> this.probe.roundTrip(port, 1));
	}

	@Test
	void anErrorPacketFailsWithItsPayloadAfterHeartbeatsAreSkipped() throws Exception {
		String error = "{\"code\":503,\"message\":\"no node available\"}";
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> gate = CompletableFuture.runAsync(() -> {
				try (Socket socket = server.accept()) {
					InputStream in = socket.getInputStream();
					in.readNBytes(4 + SETTINGS.minDataSize());
					socket.getOutputStream().write(encode(Heartbeat.plain()));
					socket.getOutputStream()
						.write(encode(new Packet(1, 1, error.getBytes(StandardCharsets.UTF_8), Packet.EXT_ERROR)));
					in.readAllBytes();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThatIOException().isThrownBy(() -> this.probe.roundTrip(server.getLocalPort(), 1))
				.withMessage("error packet " + error);
			gate.get();
		}
	}

	private static byte[] encode(Frame frame) {
		ByteBuf encoded = new PacketCodec(SETTINGS).encode(frame, UnpooledByteBufAllocator.DEFAULT);
		try {
			return ByteBufUtil.getBytes(encoded);
		}
		finally {
			encoded.release();
		}
	}

}
