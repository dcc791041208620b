package io.rally.benchmark;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.SocketFactory;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rally.protocol.Frame;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;

/**
 * One request over a fresh blocking TCP connection, answered or not: how the cluster target
 * tells that a gate not only listens but has a node that serves the route. The request opts in
 * to error packets, so that a gate without a node for the route says so at once (503) instead of
 * dropping the request.
 */
final class EchoProbe {

	private static final byte[] PAYLOAD = "rally-benchmark probe".getBytes(StandardCharsets.UTF_8);

	private final PacketCodec codec;

	private final Duration timeout;

	private final SocketFactory sockets;

	EchoProbe(ProtocolSettings settings, Duration timeout) {
		this(settings, timeout, SocketFactory.getDefault());
	}

	/** A probe whose sockets come from {@code sockets}: TLS ones for a gate that speaks TLS. */
	EchoProbe(ProtocolSettings settings, Duration timeout, SocketFactory sockets) {
		this.codec = new PacketCodec(settings);
		this.timeout = timeout;
		this.sockets = sockets;
	}

	/**
	 * Sends one request to {@code route} at {@code 127.0.0.1:port} and waits for its response.
	 * @throws IOException if there is no connection, no response in time, or an error packet
	 * (its JSON payload in the message)
	 */
	void roundTrip(int port, int route) throws IOException {
		int millis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		try (Socket socket = this.sockets.createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), millis);
			socket.setSoTimeout(millis);
			int seq = 1;
			OutputStream out = socket.getOutputStream();
			out.write(encode(new Packet(route, seq, PAYLOAD, Packet.EXT_ERROR)));
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			while (true) {
				// Heartbeats and other seqs may come first; only our response ends the wait.
				if (read(in) instanceof Packet response && response.seq() == seq) {
					check(response, route);
					return;
				}
			}
		}
	}

	/** Our payload back is an answer even with our extcode on it, as a bare echo server returns it. */
	private static void check(Packet response, int route) throws IOException {
		if (response.route() == route && Arrays.equals(response.payload(), PAYLOAD)) {
			return;
		}
		if (response.isError()) {
			throw new IOException("error packet " + new String(response.payload(), StandardCharsets.UTF_8));
		}
		throw new IOException("unexpected response " + response);
	}

	private byte[] encode(Packet packet) {
		ByteBuf encoded = this.codec.encode(packet, UnpooledByteBufAllocator.DEFAULT);
		try {
			return ByteBufUtil.getBytes(encoded);
		}
		finally {
			encoded.release();
		}
	}

	private Frame read(DataInputStream in) throws IOException {
		byte[] sizeField = new byte[ProtocolSettings.SIZE_FIELD_BYTES];
		in.readFully(sizeField);
		ByteBuf size = Unpooled.wrappedBuffer(sizeField);
		ByteBuf body = null;
		try {
			byte[] bytes = new byte[this.codec.checkedSize(size, 0)];
			in.readFully(bytes);
			body = Unpooled.wrappedBuffer(bytes);
			return this.codec.decodeBody(body);
		}
		catch (ProtocolException ex) {
			throw new IOException("malformed response: " + ex.getMessage(), ex);
		}
		finally {
			size.release();
			if (body != null) {
				body.release();
			}
		}
	}

}
