package io.rally.gate.internal.tls;

import java.nio.channels.ClosedChannelException;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.protocol.transport.AbstractTlsHandshakeHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The gate's {@link AbstractTlsHandshakeHandler}, right behind the {@code SslHandler}: a
 * session is opened (and nodes hear of a connection) only for a client that speaks TLS. A
 * failed handshake (a plaintext client, an unknown protocol version, a timeout) closes the
 * connection with {@link CloseReason#TLS_HANDSHAKE} and goes to a rate-limited log, unless the
 * client simply left; a broken TLS record after the handshake closes it with
 * {@link CloseReason#PROTOCOL_ERROR}. One instance per channel.
 */
final class TlsHandshakeHandler extends AbstractTlsHandshakeHandler {

	private static final Log logger = LogFactory.getLog(TlsHandshakeHandler.class);

	private final HandshakeFailureLog failures;

	TlsHandshakeHandler(HandshakeFailureLog failures) {
		this.failures = failures;
	}

	@Override
	protected void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof ClosedChannelException || cause.getCause() instanceof ClosedChannelException) {
			// The client left during the handshake (a TCP health check, say): nothing to report.
			return;
		}
		CloseReason.TLS_HANDSHAKE.record(ctx.channel());
		this.failures.report(ctx.channel(), cause);
	}

	@Override
	protected void exceptionAfterHandshake(ChannelHandlerContext ctx, Throwable cause) {
		if (isTlsFailure(cause)) {
			// A broken record after the handshake: a hostile or broken peer, not a gate bug.
			if (logger.isDebugEnabled()) {
				logger.debug("TLS error on " + ctx.channel() + ": " + HandshakeFailureLog.describe(cause));
			}
			CloseReason.PROTOCOL_ERROR.close(ctx.channel());
		}
		else {
			ctx.fireExceptionCaught(cause);
		}
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
