package io.rally.gate.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-made KCP segments on a plain UDP socket, for what a real KCP peer never does: garbage,
 * a conversation that goes silent, a peer that never acknowledges.
 */
public final class RawKcp implements AutoCloseable {

	public static final byte PUSH = 81;

	public static final byte ACK = 82;

	public static final byte WINDOW_PROBE = 83;

	private final DatagramSocket socket;

	public RawKcp(int port) throws IOException {
		this.socket = new DatagramSocket();
		this.socket.connect(new InetSocketAddress("127.0.0.1", port));
		this.socket.setSoTimeout(5000);
	}

	/** One segment: the 24-byte little-endian header, then {@code data}. */
	public static byte[] segment(int conv, byte cmd, int sn, int una, byte[] data) {
		ByteBuffer buffer = ByteBuffer.allocate(24 + data.length).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putInt(conv).put(cmd).put((byte) 0).putShort((short) 128).putInt(0).putInt(sn).putInt(una);
		buffer.putInt(data.length).put(data);
		return buffer.array();
	}

	public void send(byte[] datagram) throws IOException {
		this.socket.send(new DatagramPacket(datagram, datagram.length));
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

	@Override
	public void close() {
		this.socket.close();
	}

}
