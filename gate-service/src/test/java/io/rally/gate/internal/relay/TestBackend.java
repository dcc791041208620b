package io.rally.gate.internal.relay;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP backend on a plain {@link ServerSocket} (port 0, loopback), one thread per
 * connection, in one of three behaviours:
 * <ul>
 * <li>{@link Behaviour#DIGEST}: reads an 8-byte length and that many bytes while sending
 * {@code noiseBytes} of seeded random data of its own; then sends the SHA-256 of what it read
 * and closes.</li>
 * <li>{@link Behaviour#ECHO}: writes back what it reads; at end of input shuts its output.</li>
 * <li>{@link Behaviour#HOLD}: reads until the connection ends, then counts {@link #ended()}
 * down.</li>
 * </ul>
 */
final class TestBackend implements AutoCloseable {

	enum Behaviour {

		DIGEST, ECHO, HOLD

	}

	private final ServerSocket server;

	private final Behaviour behaviour;

	private final int noiseBytes;

	private final long noiseSeed;

	private final AtomicInteger accepted = new AtomicInteger();

	private final CountDownLatch ended = new CountDownLatch(1);

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private TestBackend(Behaviour behaviour, int noiseBytes, long noiseSeed) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.behaviour = behaviour;
		this.noiseBytes = noiseBytes;
		this.noiseSeed = noiseSeed;
		Thread acceptor = new Thread(this::accept, "test-backend-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static TestBackend digest(int noiseBytes, long noiseSeed) throws IOException {
		return new TestBackend(Behaviour.DIGEST, noiseBytes, noiseSeed);
	}

	static TestBackend echo() throws IOException {
		return new TestBackend(Behaviour.ECHO, 0, 0);
	}

	static TestBackend hold() throws IOException {
		return new TestBackend(Behaviour.HOLD, 0, 0);
	}

	int port() {
		return this.server.getLocalPort();
	}

	String address() {
		return "127.0.0.1:" + port();
	}

	int accepted() {
		return this.accepted.get();
	}

	/** Counted down when a {@link Behaviour#HOLD} connection sees its end. */
	CountDownLatch ended() {
		return this.ended;
	}

	/** Closes every accepted connection from the backend's side. */
	void closeConnections() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	List<Throwable> failures() {
		return this.failures;
	}

	/** The seeded random bytes a DIGEST backend sends before its digest. */
	static byte[] noise(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.incrementAndGet();
				this.sockets.add(socket);
				Thread worker = new Thread(() -> serve(socket), "test-backend-conn");
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			switch (this.behaviour) {
				case DIGEST -> digest(socket);
				case ECHO -> echo(socket);
				case HOLD -> hold(socket);
			}
		}
		catch (Throwable ex) {
			this.failures.add(ex);
		}
	}

	private void digest(Socket socket) throws Exception {
		OutputStream out = socket.getOutputStream();
		Thread noise = new Thread(() -> {
			try {
				byte[] bytes = noise(this.noiseBytes, this.noiseSeed);
				for (int offset = 0; offset < bytes.length; offset += 7919) {
					out.write(bytes, offset, Math.min(7919, bytes.length - offset));
				}
			}
			catch (IOException ex) {
				this.failures.add(ex);
			}
		}, "test-backend-noise");
		noise.start();
		DataInputStream in = new DataInputStream(socket.getInputStream());
		long length = in.readLong();
		MessageDigest digest = sha256();
		byte[] buffer = new byte[16384];
		long left = length;
		while (left > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new IOException("end of input with " + left + " bytes to go");
			}
			digest.update(buffer, 0, read);
			left -= read;
		}
		noise.join();
		out.write(digest.digest());
		out.flush();
	}

	private void echo(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		OutputStream out = socket.getOutputStream();
		byte[] buffer = new byte[16384];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			out.write(buffer, 0, read);
		}
		socket.shutdownOutput();
	}

	private void hold(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		try {
			while (in.read(buffer) >= 0) {
				// discard
			}
		}
		catch (IOException ex) {
			// a reset ends the connection too
		}
		this.ended.countDown();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		closeConnections();
	}

}
