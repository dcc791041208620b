package io.rally.gate.internal.ws;

import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Lets through only handshake requests for the gate's path (else 404) from an allowed
 * {@code Origin} (else 403; an empty allow-list accepts any origin, and a request without
 * the header only then). After the upgrade no HTTP request reaches it, so it stays and costs
 * one type check per frame. Stateless and shared.
 */
@Sharable
final class HandshakeGuard extends ChannelInboundHandlerAdapter {

	private final String path;

	private final List<String> allowedOrigins;

	HandshakeGuard(String path, List<String> allowedOrigins) {
		this.path = path;
		this.allowedOrigins = List.copyOf(allowedOrigins);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof FullHttpRequest request) {
			HttpResponseStatus refusal = check(request);
			if (refusal != null) {
				ReferenceCountUtil.release(request);
				FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal,
						Unpooled.EMPTY_BUFFER);
				response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
				ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	private HttpResponseStatus check(FullHttpRequest request) {
		if (!new QueryStringDecoder(request.uri()).path().equals(this.path)) {
			return HttpResponseStatus.NOT_FOUND;
		}
		if (!this.allowedOrigins.isEmpty()) {
			String origin = request.headers().get(HttpHeaderNames.ORIGIN);
			if (origin == null || !this.allowedOrigins.contains(origin)) {
				return HttpResponseStatus.FORBIDDEN;
			}
		}
		return null;
	}

}
