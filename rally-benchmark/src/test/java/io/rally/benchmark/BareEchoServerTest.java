package io.rally.benchmark;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.protocol.ProtocolSettings;

import static org.assertj.core.api.Assertions.assertThat;

class BareEchoServerTest {

	@Test
	void tcpEchoReturnsTheSamePacketBytes() throws Exception {
		// Route 1, seq 7, payload {"name":"ada"}: the protocol document's example.
		byte[] packet = { 0, 0, 0, 0x13, 0, 0, 1, 0, 7, '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'a', 'd', 'a', '"',
				'}' };
		try (BareEchoServer server = BareEchoServer.start(Transport.TCP, ProtocolSettings.defaults(), "/");
				Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(packet, 0, 10);
			out.flush();
			out.write(packet, 10, packet.length - 10);
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] echoed = new byte[packet.length];
			new DataInputStream(in).readFully(echoed);
			assertThat(echoed).isEqualTo(packet);
		}
	}

	@Test
	void oversizedPacketClosesTheConnection() throws Exception {
		try (BareEchoServer server = BareEchoServer.start(Transport.TCP, ProtocolSettings.defaults(), "/");
				Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(new byte[] { 0x7f, 0, 0, 0, 0 });
			socket.getOutputStream().flush();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

}
