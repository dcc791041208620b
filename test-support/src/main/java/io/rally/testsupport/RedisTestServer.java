package io.rally.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server (Debian's {@code redis-server}, which {@code .ci/run} installs) on a free
 * loopback port, started once per test JVM and stopped when the JVM exits. Tests that need an
 * outage can {@link #stop()} it and {@link #start()} it again on the same port.
 */
public final class RedisTestServer {

	private static RedisTestServer shared;

	private final int port;

	private Process process;

	private RedisTestServer(int port) {
		this.port = port;
	}

	/** The server shared by every test in this JVM, started on first use. */
	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			shared = new RedisTestServer(freePort());
			shared.start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "redis-test-server-stop"));
		}
		return shared;
	}

	public int port() {
		return this.port;
	}

	public String host() {
		return "127.0.0.1";
	}

	/** Starts the server (again) on its port and waits until it accepts connections. */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			Path dir = Files.createTempDirectory("rally-redis");
			this.process = new ProcessBuilder(List.of(executable(), "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server (install Debian's redis-server package)", ex);
		}
		awaitPort(true);
	}

	/** Stops the server and waits until its port refuses connections. */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
		awaitPort(false);
	}

	private void awaitPort(boolean open) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			if (accepts() == open) {
				return;
			}
			try {
				// polling a port that is coming up; there is nothing to wait on instead
				TimeUnit.MILLISECONDS.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new IllegalStateException("redis-server on port " + this.port + " did not " + (open ? "start" : "stop"));
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String executable() {
		for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		return "redis-server";
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
