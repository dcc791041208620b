package io.rally.gate.internal.relay;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.awaitility.Awaitility;

/**
 * A WebSocket client's listener that keeps everything the gate sent in binary frames as one
 * byte stream, counts text frames, and completes {@link #closed} with the close code (-1 on an
 * error).
 */
final class WsReceiver implements WebSocket.Listener {

	final CompletableFuture<Integer> closed = new CompletableFuture<>();

	volatile int textFrames;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] chunk = new byte[data.remaining()];
		data.get(chunk);
		synchronized (this.bytes) {
			this.bytes.writeBytes(chunk);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.textFrames++;
		webSocket.request(1);
		return null;
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

	int size() {
		synchronized (this.bytes) {
			return this.bytes.size();
		}
	}

	byte[] bytes() {
		synchronized (this.bytes) {
			return this.bytes.toByteArray();
		}
	}

	void awaitBytes(int count) {
		Awaitility.await().until(() -> size() >= count);
	}

}
