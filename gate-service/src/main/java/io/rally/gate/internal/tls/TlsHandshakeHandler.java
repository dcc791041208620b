package io.rally.gate.internal.tls;

import java.nio.channels.ClosedChannelException;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.rally.gate.internal.metrics.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sits right behind the {@code SslHandler} and keeps the rest of the pipeline out of the TLS
 * handshake: it holds {@code channelActive} back until the handshake succeeds, so that a
 * session is opened (and nodes hear of a connection) only for a client that speaks TLS. A
 * failed handshake (a plaintext client, an unknown protocol version, a timeout) closes the
 * connection with {@link CloseReason#TLS_HANDSHAKE} and goes to a rate-limited log; the
 * exceptions that follow it are swallowed. One instance per channel.
 */
final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(TlsHandshakeHandler.class);

	private final HandshakeFailureLog failures;

	private boolean handshaken;

	private boolean failed;

	private boolean activePending;

	TlsHandshakeHandler(HandshakeFailureLog failures) {
		this.failures = failures;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (this.handshaken) {
			ctx.fireChannelActive();
		}
		else {
			this.activePending = true;
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (!(event instanceof SslHandshakeCompletionEvent completion)) {
			ctx.fireUserEventTriggered(event);
			return;
		}
		if (completion.isSuccess()) {
			this.handshaken = true;
			if (this.activePending) {
				this.activePending = false;
				ctx.fireChannelActive();
			}
		}
		else {
			fail(ctx, completion.cause());
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!this.handshaken) {
			fail(ctx, cause);
		}
		else if (isTlsFailure(cause)) {
			// A broken record after the handshake: a hostile or broken peer, not a gate bug.
			if (logger.isDebugEnabled()) {
				logger.debug("TLS error on " + ctx.channel() + ": " + HandshakeFailureLog.describe(cause));
			}
			CloseReason.close(ctx.channel(), CloseReason.PROTOCOL_ERROR);
		}
		else {
			ctx.fireExceptionCaught(cause);
		}
	}

	private void fail(ChannelHandlerContext ctx, Throwable cause) {
		if (this.failed) {
			return;
		}
		this.failed = true;
		if (cause instanceof ClosedChannelException || cause.getCause() instanceof ClosedChannelException) {
			// The client left during the handshake (a TCP health check, say): nothing to report.
			ctx.close();
			return;
		}
		CloseReason.record(ctx.channel(), CloseReason.TLS_HANDSHAKE);
		this.failures.report(ctx.channel(), cause);
		ctx.close();
	}

	private static boolean isTlsFailure(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof SSLException) {
				return true;
			}
		}
		return false;
	}

}
