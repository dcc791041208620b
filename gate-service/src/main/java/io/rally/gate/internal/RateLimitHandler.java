package io.rally.gate.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.rally.gate.api.RateLimitAction;
import io.rally.gate.internal.limits.RateLimits;
import io.rally.gate.internal.limits.TokenBucket;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds one connection to its inbound {@link RateLimits}: data packets and payload bytes a
 * second, and tighter limits for some routes. A packet over a limit is counted and, by the
 * configured action, either goes on while reading pauses ({@link ReadPauses#RATE}) until the
 * budget has refilled — nothing is lost, the sender is slowed down — or closes the connection
 * ({@code rate_limited}). Heartbeats are never limited. Logged once per connection, and for
 * the gate at most once in {@value #LOG_INTERVAL_SECONDS} seconds. One instance per channel.
 */
final class RateLimitHandler extends ChannelInboundHandlerAdapter {

	static final String MESSAGES = "messages";

	static final String BYTES = "bytes";

	static final String ROUTE = "route";

	private static final Log logger = LogFactory.getLog(RateLimitHandler.class);

	private static final long LOG_INTERVAL_SECONDS = 10;

	private static final AtomicLong lastLog = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS));

	private final RateLimits limits;

	private final GateMetrics metrics;

	private final String action;

	private TokenBucket messages;

	private TokenBucket bytes;

	private Map<Integer, TokenBucket> routes;

	private ScheduledFuture<?> resumption;

	private boolean logged;

	RateLimitHandler(RateLimits limits, GateMetrics metrics) {
		this.limits = limits;
		this.metrics = metrics;
		this.action = limits.action().name().toLowerCase();
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		long now = System.nanoTime();
		if (this.limits.messagesPerSecond() > 0) {
			this.messages = new TokenBucket(this.limits.messagesPerSecond(), this.limits.messageBurst(), now);
		}
		if (this.limits.bytesPerSecond() > 0) {
			this.bytes = new TokenBucket(this.limits.bytesPerSecond(), this.limits.byteBurst(), now);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof Packet packet)) {
			ctx.fireChannelRead(msg);
			return;
		}
		long now = System.nanoTime();
		long wait = 0;
		String limit = null;
		if (this.messages != null) {
			wait = this.messages.take(1, now);
			limit = (wait > 0) ? MESSAGES : null;
		}
		if (this.bytes != null) {
			long bytesWait = this.bytes.take(packet.payload().length, now);
			if (bytesWait > wait) {
				wait = bytesWait;
				limit = BYTES;
			}
		}
		// Looked up only when routes have limits: a lookup boxes the route number, once per packet.
		RateLimits.Route route = this.limits.routes().isEmpty() ? null : this.limits.routes().get(packet.route());
		if (route != null) {
			long routeWait = routeBucket(packet.route(), route, now).take(1, now);
			if (routeWait > wait) {
				wait = routeWait;
				limit = ROUTE;
			}
		}
		if (wait == 0) {
			ctx.fireChannelRead(msg);
			return;
		}
		overLimit(ctx, packet, limit, wait);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.resumption != null) {
			this.resumption.cancel(false);
		}
		ctx.fireChannelInactive();
	}

	private void overLimit(ChannelHandlerContext ctx, Packet packet, String limit, long waitNanos) {
		this.metrics.rateLimited(limit, this.action);
		log(ctx, packet, limit);
		if (this.limits.action() == RateLimitAction.CLOSE) {
			CloseReason.RATE_LIMITED.close(ctx.channel());
			return;
		}
		// The packet was read already: it goes on, and the sender waits for the next one.
		ctx.fireChannelRead(packet);
		if (this.resumption == null) {
			ReadPauses.of(ctx.channel()).pause(ReadPauses.RATE);
			this.metrics.paused(GateMetrics.PAUSE_RATE_LIMITED);
			this.resumption = ctx.executor().schedule(() -> {
				this.resumption = null;
				ReadPauses.of(ctx.channel()).resume(ReadPauses.RATE);
			}, waitNanos, TimeUnit.NANOSECONDS);
		}
	}

	private TokenBucket routeBucket(int route, RateLimits.Route limit, long now) {
		if (this.routes == null) {
			this.routes = new HashMap<>();
		}
		// Keys come from configuration, not from the client: at most one bucket per configured route.
		return this.routes.computeIfAbsent(route, (key) -> new TokenBucket(limit.messagesPerSecond(), limit.burst(), now));
	}

	private void log(ChannelHandlerContext ctx, Packet packet, String limit) {
		if (this.logged) {
			return;
		}
		this.logged = true;
		long now = System.nanoTime();
		long last = lastLog.get();
		if (now - last >= TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS) && lastLog.compareAndSet(last, now)) {
			logger.warn("Connection " + ctx.channel().remoteAddress() + " went over its " + limit + " rate limit (route "
					+ packet.route() + "); " + ((this.limits.action() == RateLimitAction.CLOSE) ? "closed"
							: "slowed down") + ". Further connections over a limit within " + LOG_INTERVAL_SECONDS
					+ "s are only counted (" + GateMetrics.RATE_LIMITED + ")");
		}
	}

}
