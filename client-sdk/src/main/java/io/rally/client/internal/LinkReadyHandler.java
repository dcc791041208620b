package io.rally.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.rally.client.ConnectionClosedException;

/**
 * Tells the handlers behind it, with one {@link LinkReady} event, that packets can flow: when
 * the channel becomes active (TCP), or when the WebSocket handshake completes. Handlers that
 * write (heartbeats) or report the link open wait for it, so that the transports differ only in
 * the handlers in front of this one.
 */
final class LinkReadyHandler extends ChannelInboundHandlerAdapter {

	private final boolean onHandshake;

	LinkReadyHandler(boolean onHandshake) {
		this.onHandshake = onHandshake;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.fireChannelActive();
		if (!this.onHandshake) {
			ctx.fireUserEventTriggered(LinkReady.INSTANCE);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		ctx.fireUserEventTriggered(event);
		if (this.onHandshake && event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			ctx.fireUserEventTriggered(LinkReady.INSTANCE);
		}
		else if (this.onHandshake && event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			ctx.fireExceptionCaught(new ConnectionClosedException("WebSocket handshake timed out"));
		}
	}

	/** The user event that marks a link ready for packets. */
	enum LinkReady {

		INSTANCE

	}

}
