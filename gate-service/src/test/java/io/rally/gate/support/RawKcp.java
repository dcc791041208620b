package io.rally.gate.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-made KCP segments on a plain UDP socket, for what a real KCP peer never does: garbage,
 * a conversation that goes silent, a peer that never acknowledges, a source address that never
 * answers. The socket may be bound to any loopback address (Linux routes all of 127.0.0.0/8 to
 * {@code lo}), which stands for a client of its own.
 */
public final class RawKcp implements AutoCloseable {

	public static final byte PUSH = 81;

	public static final byte ACK = 82;

	public static final byte WINDOW_PROBE = 83;

	private final DatagramSocket socket;

	private long sentBytes;

	public RawKcp(int port) throws IOException {
		this("127.0.0.1", port);
	}

	/** A socket bound to {@code localHost} (a loopback address) and a free port, talking to the gate's {@code port}. */
	public RawKcp(String localHost, int port) throws IOException {
		this.socket = new DatagramSocket(new InetSocketAddress(localHost, 0));
		this.socket.connect(new InetSocketAddress("127.0.0.1", port));
		this.socket.setSoTimeout(5000);
	}

	/** One segment: the 24-byte little-endian header (timestamp 0), then {@code data}. */
	public static byte[] segment(int conv, byte cmd, int sn, int una, byte[] data) {
		return segment(conv, cmd, 0, sn, una, data);
	}

	/** One segment: the 24-byte little-endian header, then {@code data}. */
	public static byte[] segment(int conv, byte cmd, int ts, int sn, int una, byte[] data) {
		ByteBuffer buffer = ByteBuffer.allocate(24 + data.length).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putInt(conv).put(cmd).put((byte) 0).putShort((short) 128).putInt(ts).putInt(sn).putInt(una);
		buffer.putInt(data.length).put(data);
		return buffer.array();
	}

	public void send(byte[] datagram) throws IOException {
		this.socket.send(new DatagramPacket(datagram, datagram.length));
		this.sentBytes += datagram.length;
	}

	/** The bytes of every datagram sent so far. */
	public long sentBytes() {
		return this.sentBytes;
	}

	/** The next datagram from the gate, or {@code null} if none came within {@code millis}. */
	public byte[] receive(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
		byte[] buffer = new byte[2048];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		try {
			this.socket.receive(packet);
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		byte[] datagram = new byte[packet.getLength()];
		System.arraycopy(buffer, 0, datagram, 0, datagram.length);
		return datagram;
	}

	/**
	 * Does what every KCP peer does with the gate's first answer, a probe: waits for it and
	 * acknowledges it, echoing its sequence number and timestamp. The conversation is then open.
	 * @return the probe
	 */
	public Header acknowledgeProbe() throws IOException {
		byte[] datagram = receive(5000);
		assertThat(datagram).as("the gate's probe").isNotNull();
		Header probe = Header.of(datagram);
		assertThat(probe.isProbe()).as("a probe: " + probe).isTrue();
		send(segment(probe.conv(), ACK, probe.ts(), probe.sn(), 0, new byte[0]));
		return probe;
	}

	@Override
	public void close() {
		this.socket.close();
	}

	/** The header of the first segment of a datagram. */
	public record Header(int conv, byte cmd, int wnd, int ts, int sn, int una, int length) {

		public static Header of(byte[] datagram) {
			ByteBuffer buffer = ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN);
			int conv = buffer.getInt();
			byte cmd = buffer.get();
			buffer.get();
			int wnd = Short.toUnsignedInt(buffer.getShort());
			return new Header(conv, cmd, wnd, buffer.getInt(), buffer.getInt(), buffer.getInt(), buffer.getInt());
		}

		/**
		 * An empty push behind a fresh peer's receive window (a sequence number from -2^30 to -1,
		 * as a signed number), which the peer takes for a duplicate: acknowledged, never
		 * delivered.
		 */
		public boolean isProbe() {
			return this.cmd == PUSH && this.length == 0 && this.sn < 0 && this.sn >= -(1 << 30);
		}

	}

}
