package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.rally.client.CloseEvent;
import io.rally.client.ConnectionClosedException;
import io.rally.protocol.Packet;
import io.rally.protocol.codec.ProtocolExceptions;

/**
 * The last handler: turns the channel's life into {@link LinkListener} calls. Completes the open
 * future on {@link LinkReadyHandler.LinkReady}, hands packets on, closes the channel on any
 * error, and reports the close with the reason recorded by whoever closed it first.
 */
final class LinkHandler extends ChannelInboundHandlerAdapter {

	private final LinkListener listener;

	private final CompletableFuture<Link> opened;

	private boolean open;

	private Throwable cause;

	LinkHandler(LinkListener listener, CompletableFuture<Link> opened) {
		this.listener = listener;
		this.opened = opened;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event == LinkReadyHandler.LinkReady.INSTANCE) {
			NettyLink link = new NettyLink(ctx.channel());
			if (this.opened.isDone()) {
				// The opener gave up (connect timeout) while the handshake ran. Every completion of
				// the future happens on this channel's event loop, so the check cannot race.
				link.close();
				return;
			}
			this.open = true;
			this.listener.onOpen(link);
			this.opened.complete(link);
			return;
		}
		ReferenceCountUtil.release(event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.open && msg instanceof Packet packet) {
			this.listener.onPacket(packet);
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.cause == null) {
			this.cause = cause;
		}
		CloseEvent.Reason reason = (ProtocolExceptions.find(cause) != null) ? CloseEvent.Reason.PROTOCOL_ERROR
				: CloseEvent.Reason.TRANSPORT_ERROR;
		ctx.channel().attr(ClientPipeline.CLOSE_REASON).setIfAbsent(reason);
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		CloseEvent.Reason reason = ctx.channel().attr(ClientPipeline.CLOSE_REASON).get();
		if (reason == null) {
			reason = CloseEvent.Reason.CLOSED_BY_SERVER;
		}
		if (this.open) {
			this.open = false;
			this.listener.onClosed(reason, this.cause);
		}
		else {
			this.opened.completeExceptionally(
					new ConnectionClosedException("connection closed before it was ready (" + reason + ")", this.cause));
		}
	}

}
