package io.rally.gate.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rally.protocol.Frame;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;

/**
 * A WebSocket client of the gate on {@code java.net.http}: frames in, frames out, and the
 * close code the gate sent.
 */
public final class WsTestClient implements AutoCloseable {

	private static final PacketCodec CODEC = new PacketCodec(ProtocolSettings.defaults());

	private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final CompletableFuture<String> closeReason = new CompletableFuture<>();

	private final WebSocket webSocket;

	private WsTestClient(HttpClient client, String uri) {
		this.webSocket = client.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create(uri), new Listener())
			.join();
	}

	public static WsTestClient connect(int port) {
		return new WsTestClient(HttpClient.newHttpClient(), "ws://127.0.0.1:" + port + "/");
	}

	/** Connects to {@code wss://127.0.0.1:port/}, trusting what {@code tls} trusts. */
	public static WsTestClient connectTls(int port, SSLContext tls) {
		return new WsTestClient(HttpClient.newBuilder().sslContext(tls).build(), "wss://127.0.0.1:" + port + "/");
	}

	public void send(Frame frame) {
		ByteBuf buf = Unpooled.buffer(CODEC.encodedLength(frame));
		try {
			CODEC.encode(frame, buf);
			byte[] bytes = new byte[buf.readableBytes()];
			buf.readBytes(bytes);
			sendRaw(bytes);
		}
		finally {
			buf.release();
		}
	}

	public void sendRaw(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	public void sendText(String text) {
		this.webSocket.sendText(text, true).join();
	}

	public Packet request(int route, int seq, String payload) throws InterruptedException {
		send(new Packet(route, seq, payload.getBytes(StandardCharsets.UTF_8)));
		while (true) {
			Frame frame = read();
			if (frame instanceof Packet packet) {
				return packet;
			}
		}
	}

	/** The next frame from the gate; fails if none comes within a few seconds. */
	public Frame read() throws InterruptedException {
		Frame frame = this.received.poll(5, TimeUnit.SECONDS);
		if (frame == null) {
			throw new AssertionError("no frame within 5 s");
		}
		return frame;
	}

	/** The close code the gate sent, or -1 if the connection broke without one. */
	public CompletableFuture<Integer> closeCode() {
		return this.closeCode;
	}

	/** The reason in the gate's close frame, or {@code null} if the connection broke without one. */
	public CompletableFuture<String> closeReason() {
		return this.closeReason;
	}

	@Override
	public void close() {
		this.webSocket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.partial.writeBytes(bytes);
			if (last) {
				ByteBuf buf = Unpooled.wrappedBuffer(this.partial.toByteArray());
				this.partial.reset();
				try {
					buf.skipBytes(ProtocolSettings.SIZE_FIELD_BYTES);
					WsTestClient.this.received.add(CODEC.decodeBody(buf));
				}
				finally {
					buf.release();
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			WsTestClient.this.closeCode.complete(statusCode);
			WsTestClient.this.closeReason.complete(reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			WsTestClient.this.closeCode.complete(-1);
			WsTestClient.this.closeReason.complete(null);
		}

	}

}
