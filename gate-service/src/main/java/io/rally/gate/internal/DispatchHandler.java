package io.rally.gate.internal;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.session.Session;
import io.rally.protocol.Packet;

/**
 * Hands each data packet to the {@link Dispatcher}, on the channel's event loop and in the
 * order the packets arrived. When a stateful packet waits for the locator, the packets
 * behind it are held and reading is paused until it has gone, so order survives an
 * asynchronous lookup and the backlog stays bounded by what one read brought in.
 * One instance per channel.
 */
final class DispatchHandler extends ChannelInboundHandlerAdapter {

	private final Dispatcher dispatcher;

	private Session session;

	private ArrayDeque<Packet> backlog;

	private boolean waiting;

	DispatchHandler(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SessionReady ready) {
			this.session = ready.session();
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof Packet packet) || this.session == null) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (this.waiting) {
			if (this.backlog == null) {
				this.backlog = new ArrayDeque<>();
			}
			this.backlog.add(packet);
			return;
		}
		dispatch(ctx, packet);
	}

	private void dispatch(ChannelHandlerContext ctx, Packet packet) {
		CompletableFuture<Optional<String>> lookup = this.dispatcher.dispatch(this.session, packet);
		if (lookup == null) {
			return;
		}
		this.waiting = true;
		ctx.channel().config().setAutoRead(false);
		lookup.whenComplete((nodeId, failure) -> ctx.executor().execute(() -> resume(ctx, packet, nodeId, failure)));
	}

	private void resume(ChannelHandlerContext ctx, Packet packet, Optional<String> nodeId, Throwable failure) {
		this.dispatcher.resume(this.session, packet, nodeId, failure);
		this.waiting = false;
		while (!this.waiting && this.backlog != null && !this.backlog.isEmpty()) {
			dispatch(ctx, this.backlog.poll());
		}
		if (!this.waiting) {
			ctx.channel().config().setAutoRead(true);
		}
	}

}
