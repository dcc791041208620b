package io.rally.gate.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.rally.gate.internal.session.Session;
import io.rally.gate.internal.session.SessionManager;

/**
 * Opens the connection's {@link Session} once it can carry packets and closes it with the
 * channel. A WebSocket connection becomes a session only when its handshake completes, so
 * nothing is pushed to it while it still speaks HTTP. One instance per channel.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

	private final SessionManager sessions;

	private final String transport;

	private final boolean afterHandshake;

	private Session session;

	SessionHandler(SessionManager sessions, String transport, boolean afterHandshake) {
		this.sessions = sessions;
		this.transport = transport;
		this.afterHandshake = afterHandshake;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.fireChannelActive();
		if (!this.afterHandshake) {
			open(ctx);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		ctx.fireUserEventTriggered(event);
		if (this.afterHandshake && event instanceof HandshakeComplete) {
			open(ctx);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.session != null) {
			this.sessions.closed(this.session);
		}
		ctx.fireChannelInactive();
	}

	/** The session of a connection, {@code null} if it has none (yet); call on its event loop. */
	static Session sessionOf(Channel channel) {
		ChannelHandler handler = channel.pipeline().get(GatePipeline.SESSION);
		return (handler instanceof SessionHandler sessionHandler) ? sessionHandler.session : null;
	}

	private void open(ChannelHandlerContext ctx) {
		if (this.session == null && ctx.channel().isActive()) {
			this.session = this.sessions.open(ctx.channel(), this.transport);
			ctx.fireUserEventTriggered(new SessionReady(this.session));
		}
	}

}
