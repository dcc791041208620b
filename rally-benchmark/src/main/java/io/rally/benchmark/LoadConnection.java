package io.rally.benchmark;

import java.nio.charset.StandardCharsets;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.rally.protocol.Packet;

/**
 * One closed-loop client connection: it keeps exactly one request in flight, sends the next as
 * soon as the response with the same seq is in (or the request timed out), and records each
 * round trip. All state is touched only on the channel's event loop, so nothing here is
 * synchronised. The last handler of the pipeline; one instance per channel.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {

	private final LoadRun run;

	private final boolean webSocket;

	/** The example application's login route (LoginController), which binds the user in the payload. */
	static final int LOGIN_ROUTE = 2;

	private final int route;

	private final byte[] payload;

	private final int maxSeq;

	private final long timeoutNanos;

	private ChannelHandlerContext ctx;

	private ChannelPromise ready;

	private int seq;

	private final long userId;

	/** Whether the login's answer is awaited; requests start after it. */
	private boolean loggingIn;

	/** The seq awaiting its response, 0 when none is. */
	private int pendingSeq;

	private long sentAt;

	/**
	 * @param payload shared by every request of every connection and never written to; the
	 * packets only hold it
	 */
	LoadConnection(LoadRun run, boolean webSocket, int route, byte[] payload, int maxSeq, long timeoutNanos) {
		this(run, webSocket, route, payload, maxSeq, timeoutNanos, 0);
	}

	/**
	 * @param userId a user to log in as before the first request, as a player does (the example
	 * app's login route); 0 for none
	 */
	LoadConnection(LoadRun run, boolean webSocket, int route, byte[] payload, int maxSeq, long timeoutNanos,
			long userId) {
		this.userId = userId;
		this.run = run;
		this.webSocket = webSocket;
		this.route = route;
		this.payload = payload;
		this.maxSeq = maxSeq;
		this.timeoutNanos = timeoutNanos;
	}

	/** Completes once the connection can carry packets: connected, and for WebSocket handshaken. */
	ChannelPromise ready() {
		return this.ready;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.ready = ctx.newPromise();
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.run.open.incrementAndGet();
		if (!this.webSocket) {
			this.ready.trySuccess();
		}
		ctx.fireChannelActive();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			this.ready.trySuccess();
		}
		else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			this.ready.tryFailure(new IllegalStateException("WebSocket handshake timed out"));
		}
		ctx.fireUserEventTriggered(event);
	}

	/** Sends the first request. Call on the channel's event loop, once the connection is ready. */
	void start() {
		if (!this.ctx.channel().isActive()) {
			return;
		}
		if (this.userId != 0) {
			this.loggingIn = true;
			byte[] login = ("{\"userId\":" + this.userId + "}").getBytes(StandardCharsets.UTF_8);
			this.seq = 1;
			this.ctx.writeAndFlush(new Packet(LOGIN_ROUTE, this.seq, login), this.ctx.voidPromise());
			return;
		}
		sendNext();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		// Frames are plain objects (the codec copied the payload out), so there is nothing to release.
		if (!(msg instanceof Packet response)) {
			return;
		}
		if (this.loggingIn && response.route() == LOGIN_ROUTE) {
			this.loggingIn = false;
			if (response.isError()) {
				this.run.errorResponses.increment();
			}
			sendNext();
			return;
		}
		if (this.pendingSeq == 0 || response.seq() != this.pendingSeq) {
			this.run.lateResponses.increment();
			return;
		}
		this.run.recordLatency(System.nanoTime() - this.sentAt);
		if (response.isError() || response.route() != this.route
				|| response.payload().length != this.payload.length) {
			this.run.errorResponses.increment();
		}
		this.pendingSeq = 0;
		if (this.run.isRunning()) {
			sendNext();
		}
	}

	/** Gives up on a request unanswered for longer than the timeout. Call on the event loop. */
	void checkTimeout(long now) {
		if (this.pendingSeq != 0 && now - this.sentAt > this.timeoutNanos) {
			this.run.timeouts.increment();
			this.pendingSeq = 0;
			if (this.run.isRunning() && this.ctx.channel().isActive()) {
				sendNext();
			}
		}
	}

	private void sendNext() {
		this.seq = (this.seq >= this.maxSeq) ? 1 : this.seq + 1;
		this.pendingSeq = this.seq;
		this.sentAt = System.nanoTime();
		// A void promise: no future per request; a failed write surfaces as exceptionCaught.
		this.ctx.writeAndFlush(new Packet(this.route, this.seq, this.payload), this.ctx.voidPromise());
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.run.open.decrementAndGet();
		this.pendingSeq = 0;
		if (this.run.isRunning() && this.ready.isSuccess()) {
			this.run.disconnects.increment();
		}
		this.ready.tryFailure(new IllegalStateException("connection closed before it was ready"));
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.ready.tryFailure(cause);
		ctx.close();
	}

}
