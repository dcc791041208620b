package io.rally.gate.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.rally.gate.internal.metrics.CloseReason;

/**
 * Turns a WebSocket into a byte stream: the payload of each binary (or continuation) frame
 * goes on as a buffer, each non-empty buffer written becomes one binary frame. Frame boundaries carry no
 * meaning. A text frame is not part of a byte stream: the client gets a close frame (1003).
 * One instance per channel.
 */
final class WsFrameBridge extends ChannelDuplexHandler {

	private boolean upgraded;

	/** Whether the upgrade is done, so that a close frame can be sent. */
	boolean isUpgraded() {
		return this.upgraded;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
			// The frame and its content share one reference count: handing the content on
			// hands on the frame's reference.
			ByteBuf content = ((ByteBufHolder) msg).content();
			if (content.isReadable()) {
				ctx.fireChannelRead(content);
			}
			else {
				content.release();
			}
		}
		else if (msg instanceof TextWebSocketFrame) {
			ReferenceCountUtil.release(msg);
			CloseReason.PROTOCOL_ERROR.record(ctx.channel());
			ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
				.addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.fireChannelRead(msg);
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		// An empty buffer is a marker written to learn when earlier writes are done; it goes
		// below the frame encoder untouched instead of becoming an empty frame.
		if (msg instanceof ByteBuf buf && buf.isReadable()) {
			ctx.write(new BinaryWebSocketFrame(buf), promise);
		}
		else {
			ctx.write(msg, promise);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof HandshakeComplete) {
			this.upgraded = true;
		}
		ctx.fireUserEventTriggered(evt);
	}

}
