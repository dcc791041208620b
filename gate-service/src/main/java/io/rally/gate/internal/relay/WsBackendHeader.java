package io.rally.gate.internal.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;

/**
 * On a transparent WebSocket, the backend is named by a header of the upgrade request: once
 * the upgrade is done this passes the header's value on as a {@link BackendRequest} and
 * removes itself. An upgrade without the header is refused; a request for another path gets
 * 404. One instance per channel.
 */
final class WsBackendHeader extends ChannelInboundHandlerAdapter {

	private final String headerName;

	private final int maxLength;

	private final RelayRefusals refusals;

	WsBackendHeader(String headerName, int maxLength, RelayRefusals refusals) {
		this.headerName = headerName;
		this.maxLength = maxLength;
		this.refusals = refusals;
	}

	/** An HTTP request that got this far is for another path: nothing is there. */
	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest) {
			ReferenceCountUtil.release(msg);
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
					Unpooled.EMPTY_BUFFER);
			response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
			return;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		ctx.fireUserEventTriggered(evt);
		if (!(evt instanceof HandshakeComplete handshake) || ctx.isRemoved()) {
			return;
		}
		String value = handshake.requestHeaders().get(this.headerName);
		if (value == null || value.isBlank()) {
			this.refusals.refuse(ctx.channel(), RelayWsServer.TRANSPORT, new RelayRefusedException(
					RelayRefusal.MALFORMED, "no " + this.headerName + " header on the upgrade"));
		}
		else if (value.length() > this.maxLength) {
			this.refusals.refuse(ctx.channel(), RelayWsServer.TRANSPORT, new RelayRefusedException(
					RelayRefusal.OVERSIZED, this.headerName + " header of " + value.length() + " chars (expected: at most "
							+ this.maxLength + ")"));
		}
		else {
			ctx.fireChannelRead(new BackendRequest(value));
		}
		if (!ctx.isRemoved()) {
			ctx.pipeline().remove(this);
		}
	}

}
