package io.rally.gate.internal;

import java.io.IOException;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.MessageAggregationException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.ProtocolException;
import io.rally.protocol.ProtocolException.Reason;
import io.rally.protocol.codec.ProtocolExceptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The last handler: closes the connection on any failure. Input that breaks the protocol is
 * counted by reason and logged once per connection, at WARN and without a stack trace, since
 * a hostile client could otherwise fill the log; a WebSocket client gets a close frame (1009
 * for too big, 1002 otherwise). Other connections never notice. One instance per channel.
 */
final class GateExceptionHandler extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(GateExceptionHandler.class);

	private static final String OVERSIZED = Reason.OVERSIZED.tag();

	private static final String MALFORMED = Reason.MALFORMED.tag();

	private final GateMetrics metrics;

	private final boolean webSocket;

	private boolean reported;

	GateExceptionHandler(GateMetrics metrics, boolean webSocket) {
		this.metrics = metrics;
		this.webSocket = webSocket;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ProtocolException protocolError = ProtocolExceptions.find(cause);
		if (protocolError != null) {
			boolean tooBig = protocolError.reason() == Reason.OVERSIZED;
			rejectInput(ctx, protocolError.reason().tag(), protocolError.getMessage(),
					tooBig ? WebSocketCloseStatus.MESSAGE_TOO_BIG : WebSocketCloseStatus.PROTOCOL_ERROR);
		}
		else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
			// Netty's frame decoder has already sent the close frame.
			boolean tooBig = WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(corrupt.closeStatus());
			rejectInput(ctx, tooBig ? OVERSIZED : MALFORMED, cause.getMessage(), null);
		}
		else if (cause instanceof TooLongFrameException) {
			rejectInput(ctx, OVERSIZED, cause.getMessage(), WebSocketCloseStatus.MESSAGE_TOO_BIG);
		}
		else if (causedBy(cause, MessageAggregationException.class)) {
			// An aggregator met the start of a message while it was collecting another: fragments
			// out of order, which Netty's frame decoder alone does not always catch.
			rejectInput(ctx, MALFORMED, "fragments out of order", WebSocketCloseStatus.PROTOCOL_ERROR);
		}
		else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
			// The peer went away: an I/O error, or a close in the middle of a message that an
			// aggregator (the WebSocket handshake's or fragments') was collecting. Anyone can do
			// that at will, so it is no warning with a stack trace.
			if (logger.isDebugEnabled()) {
				logger.debug("I/O error on " + ctx.channel() + ": " + cause);
			}
			CloseReason.NORMAL.close(ctx.channel());
		}
		else {
			if (!this.reported) {
				this.reported = true;
				logger.warn("Closing " + ctx.channel() + " after an unexpected error", cause);
			}
			CloseReason.ERROR.close(ctx.channel());
		}
	}

	private static boolean causedBy(Throwable cause, Class<? extends Throwable> type) {
		for (Throwable t = cause; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private void rejectInput(ChannelHandlerContext ctx, String reason, String message, WebSocketCloseStatus status) {
		CloseReason.PROTOCOL_ERROR.record(ctx.channel());
		if (this.reported) {
			return;
		}
		this.reported = true;
		this.metrics.decodeError(reason);
		logger.warn("Closing " + ctx.channel() + " for input that breaks the protocol (" + reason + "): " + message);
		if (this.webSocket && status != null && ctx.channel().isActive()) {
			ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.close();
		}
	}

}
