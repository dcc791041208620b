package io.rally.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Connections that speak bytes, not the client SDK: for sending what a well-behaved client
 * never would.
 */
final class RawConnections {

	private RawConnections() {
	}

	static Socket tcp(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(15_000);
		return socket;
	}

	static void write(Socket socket, byte[] bytes) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(bytes);
		out.flush();
	}

	/** Reads until the gate closes the socket; fails if it stays open for 15 seconds. */
	static void awaitClosedByPeer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] sink = new byte[4096];
		try {
			while (in.read(sink) >= 0) {
				// discard whatever the gate still sends before it closes
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("the gate did not close the connection", ex);
		}
		catch (IOException ex) {
			// a reset is a close as well
		}
	}

	/** A raw WebSocket whose close code is reported through {@link Listener#closed}. */
	static Listener webSocket(int port) {
		Listener listener = new Listener();
		HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), listener)
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		return listener;
	}

	static final class Listener implements WebSocket.Listener {

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		volatile WebSocket socket;

		@Override
		public void onOpen(WebSocket webSocket) {
			this.socket = webSocket;
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(-1);
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			return null;
		}

	}

}
