package io.rally.gate.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rally.protocol.Frame;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;

/**
 * A blocking TCP client of the gate, on a plain socket. Reads time out after a few seconds so
 * that a broken gate fails the test instead of hanging it.
 */
public final class TcpTestClient implements AutoCloseable {

	private static final PacketCodec CODEC = new PacketCodec(ProtocolSettings.defaults());

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private TcpTestClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	public static TcpTestClient connect(int port) throws IOException {
		return connect(port, 0);
	}

	/** Connects with the given receive buffer size (0 for the default). */
	public static TcpTestClient connect(int port, int receiveBufferSize) throws IOException {
		Socket socket = new Socket();
		if (receiveBufferSize > 0) {
			socket.setReceiveBufferSize(receiveBufferSize);
		}
		socket.setSoTimeout(5000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		return new TcpTestClient(socket);
	}

	/**
	 * Connects from {@code sourceAddress}, a loopback address of its own (127.0.0.2, 127.0.0.3, ...:
	 * Linux routes all of 127.0.0.0/8 to the loopback interface), so that the gate sees another
	 * client address.
	 */
	public static TcpTestClient connectFrom(String sourceAddress, int port) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(5000);
		socket.bind(new InetSocketAddress(sourceAddress, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		return new TcpTestClient(socket);
	}

	/** A client on a socket the test connected (and set up) itself. */
	public static TcpTestClient of(Socket socket) throws IOException {
		return new TcpTestClient(socket);
	}

	/**
	 * Connects over TLS, trusting what {@code tls} trusts and checking that the certificate
	 * names 127.0.0.1; returns once the handshake is done.
	 */
	public static TcpTestClient connectTls(int port, SSLContext tls) throws IOException {
		return new TcpTestClient(tlsSocket(port, tls, 5000));
	}

	/**
	 * A TLS socket to 127.0.0.1 that trusts what {@code tls} trusts and checks that the
	 * certificate names 127.0.0.1, with the handshake done.
	 * @param readTimeoutMillis how long a read may block
	 */
	public static SSLSocket tlsSocket(int port, SSLContext tls, int readTimeoutMillis) throws IOException {
		SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		socket.setSSLParameters(parameters);
		socket.setSoTimeout(readTimeoutMillis);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.startHandshake();
		return socket;
	}

	/** The certificate the gate presented; only for a TLS connection. */
	public X509Certificate peerCertificate() throws IOException {
		return (X509Certificate) ((SSLSocket) this.socket).getSession().getPeerCertificates()[0];
	}

	/** How long reads wait, in milliseconds. */
	public void setReadTimeout(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
	}

	public void send(Frame frame) throws IOException {
		sendRaw(encode(frame));
	}

	/** The bytes of {@code frame} on the wire, with the default protocol settings. */
	public static byte[] encode(Frame frame) {
		ByteBuf buf = Unpooled.buffer(CODEC.encodedLength(frame));
		try {
			CODEC.encode(frame, buf);
			byte[] bytes = new byte[buf.readableBytes()];
			buf.readBytes(bytes);
			return bytes;
		}
		finally {
			buf.release();
		}
	}

	public void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/** Sends a request and returns the next frame that is not a heartbeat. */
	public Packet request(int route, int seq, String payload) throws IOException {
		send(new Packet(route, seq, payload.getBytes(StandardCharsets.UTF_8)));
		return readPacket();
	}

	/** Logs in as {@code userId} through the test node's login route. */
	public void login(long userId) throws IOException {
		Packet reply = request(TestNode.LOGIN, 1, Long.toString(userId));
		if (!"ok".equals(text(reply))) {
			throw new IllegalStateException("login failed: " + text(reply));
		}
	}

	public Packet readPacket() throws IOException {
		while (true) {
			Frame frame = read();
			if (frame instanceof Packet packet) {
				return packet;
			}
		}
	}

	public Frame read() throws IOException {
		int size = this.in.readInt();
		byte[] body = new byte[size];
		this.in.readFully(body);
		ByteBuf buf = Unpooled.wrappedBuffer(body);
		try {
			return CODEC.decodeBody(buf);
		}
		finally {
			buf.release();
		}
	}

	public Heartbeat readHeartbeat() throws IOException {
		return (Heartbeat) read();
	}

	/**
	 * Whether the gate has closed the connection: reads (and discards) what is pending until
	 * end of stream. {@code false} if the connection is still open after the read timeout.
	 */
	public boolean isClosedByPeer() {
		try {
			byte[] buffer = new byte[8192];
			while (this.in.read(buffer) >= 0) {
				// discard
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (EOFException | SocketException ex) {
			return true;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** Whether the gate closed {@code socket}: end of stream, or a reset; {@code false} after the read timeout. */
	public static boolean isClosedByPeer(Socket socket) {
		try {
			byte[] buffer = new byte[8192];
			while (socket.getInputStream().read(buffer) >= 0) {
				// discard
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	public static String text(Packet packet) {
		return new String(packet.payload(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
