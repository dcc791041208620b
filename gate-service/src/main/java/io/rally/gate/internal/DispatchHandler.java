package io.rally.gate.internal;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.dispatch.Dispatcher.Wait;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.InFlightRequests;
import io.rally.gate.internal.session.Session;
import io.rally.protocol.Packet;

/**
 * Hands each data packet to the {@link Dispatcher}, on the channel's event loop and in the
 * order the packets arrived. A packet that cannot go yet — its stateful node is still being
 * looked up, the node's queue is past its high-water mark, or the connection has as many
 * requests in flight as allowed — is held with those behind it, and reading is paused
 * ({@link ReadPauses#DISPATCH}) until it has gone. Order survives every wait, and the backlog
 * stays bounded by what one read brought in. One instance per channel.
 */
final class DispatchHandler extends ChannelInboundHandlerAdapter {

	private final Dispatcher dispatcher;

	private final GateMetrics metrics;

	private ChannelHandlerContext ctx;

	private Session session;

	private ArrayDeque<Packet> backlog;

	private boolean waiting;

	/** Which wait a callback belongs to: one that comes after its wait ended must do nothing. */
	private long waitNumber;

	private ScheduledFuture<?> expiry;

	DispatchHandler(Dispatcher dispatcher, GateMetrics metrics) {
		this.dispatcher = dispatcher;
		this.metrics = metrics;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
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
		this.dispatcher.received(this.session, packet);
		if (this.waiting) {
			hold(packet);
			return;
		}
		dispatch(packet);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.expiry != null) {
			this.expiry.cancel(false);
		}
		ctx.fireChannelInactive();
	}

	/** Dispatches {@code packet}, or holds it (and those behind it) until it can go. */
	private void dispatch(Packet packet) {
		InFlightRequests inFlight = this.session.inFlight();
		if (packet.seq() != 0 && !inFlight.hasRoom(System.nanoTime())) {
			waitForRoom(packet, inFlight);
			return;
		}
		Wait wait = this.dispatcher.dispatch(this.session, packet);
		if (wait != null) {
			waitFor(wait, packet);
		}
	}

	private void waitFor(Wait wait, Packet packet) {
		long number = pause((wait instanceof Wait.NodeBusy) ? GateMetrics.PAUSE_NODE_BUSY : null);
		wait.whenDone(() -> this.ctx.executor().execute(() -> {
			if (number != this.waitNumber) {
				return;
			}
			if (wait instanceof Wait.Lookup lookup) {
				lookedUp(lookup, packet);
			}
			else {
				retry(packet);
			}
		}));
	}

	private void lookedUp(Wait.Lookup lookup, Packet packet) {
		Optional<String> nodeId = null;
		Throwable failure = null;
		try {
			nodeId = lookup.nodeId().join();
		}
		catch (RuntimeException ex) {
			failure = (ex.getCause() != null) ? ex.getCause() : ex;
		}
		Wait next = this.dispatcher.resume(this.session, packet, nodeId, failure);
		if (next != null) {
			waitFor(next, packet);
			return;
		}
		proceed();
	}

	/** The connection may send its next request once one in flight is answered, or times out. */
	private void waitForRoom(Packet packet, InFlightRequests inFlight) {
		long number = pause(GateMetrics.PAUSE_IN_FLIGHT);
		inFlight.whenRoom(() -> this.ctx.executor().execute(() -> retry(number, packet)));
		long delay = Math.max(0, inFlight.nextExpiry() - System.nanoTime());
		this.expiry = this.ctx.executor().schedule(() -> {
			inFlight.whenRoom(null);
			retry(number, packet);
		}, delay + 1, TimeUnit.NANOSECONDS);
	}

	private void retry(long number, Packet packet) {
		if (number == this.waitNumber) {
			retry(packet);
		}
	}

	private void retry(Packet packet) {
		if (!this.waiting || !this.ctx.channel().isActive()) {
			return;
		}
		if (this.expiry != null) {
			this.expiry.cancel(false);
			this.expiry = null;
		}
		this.waiting = false;
		dispatch(packet);
		if (!this.waiting) {
			proceed();
		}
	}

	/** The packet that waited has gone: the ones held behind it follow, then reading resumes. */
	private void proceed() {
		this.waiting = false;
		while (!this.waiting && this.backlog != null && !this.backlog.isEmpty()) {
			dispatch(this.backlog.poll());
		}
		if (!this.waiting) {
			ReadPauses.of(this.ctx.channel()).resume(ReadPauses.DISPATCH);
		}
	}

	/** Holds the packets from now on and stops reading; returns the number of this wait. */
	private long pause(String countedReason) {
		this.waiting = true;
		if (countedReason != null) {
			this.metrics.paused(countedReason);
		}
		ReadPauses.of(this.ctx.channel()).pause(ReadPauses.DISPATCH);
		return ++this.waitNumber;
	}

	private void hold(Packet packet) {
		if (this.backlog == null) {
			this.backlog = new ArrayDeque<>();
		}
		this.backlog.add(packet);
	}

}
