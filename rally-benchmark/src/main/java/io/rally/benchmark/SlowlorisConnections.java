package io.rally.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rally.benchmark.AbuseOptions.SlowlorisMode;

/**
 * TCP connections that take a connection slot and never log in: each trickles one byte of a
 * request every interval, so that a reader-idle timeout never fires and the request is never
 * whole, or (idle mode) sends nothing at all. They do not reconnect: what matters is how many
 * still hold a slot at the end.
 */
final class SlowlorisConnections {

	/** The trickle of each connection, cancelled when it closes. */
	private static final AttributeKey<Future<?>> TRICKLE = AttributeKey.valueOf(SlowlorisConnections.class,
			"trickle");

	final LongAdder connected = new LongAdder();

	final LongAdder connectFailures = new LongAdder();

	final LongAdder closedByGate = new LongAdder();

	final AtomicInteger open = new AtomicInteger();

	private final AbuseOptions abuse;

	private final Bootstrap bootstrap;

	/** The bytes trickled, in order: a whole request, which would take hours to arrive. */
	private final byte[] request;

	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final List<ChannelFuture> attempts = new ArrayList<>();

	private volatile boolean running = true;

	/**
	 * @param tcp connects to the gate; the handler and a source address are set here
	 * @param request the encoded request whose bytes are trickled
	 */
	SlowlorisConnections(AbuseOptions abuse, Bootstrap tcp, byte[] request) {
		this.abuse = abuse;
		this.bootstrap = tcp.clone().handler(new Holder());
		this.request = request;
	}

	/** Opens every connection at once, without waiting for them. */
	void start() {
		for (int i = 0; i < this.abuse.slowloris(); i++) {
			ChannelFuture attempt = this.bootstrap.clone().localAddress(this.abuse.tcpSource(i)).connect();
			attempt.addListener((done) -> {
				if (!done.isSuccess()) {
					this.connectFailures.increment();
				}
			});
			this.attempts.add(attempt);
		}
	}

	/** Waits until every connection attempt has succeeded or failed, or {@code timeout} has passed. */
	void awaitConnected(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (ChannelFuture attempt : this.attempts) {
			attempt.awaitUninterruptibly(LoadGenerator.remaining(deadline), TimeUnit.NANOSECONDS);
		}
	}

	Counts counts() {
		return new Counts(this.connected.sum(), this.connectFailures.sum(), this.closedByGate.sum(), this.open.get());
	}

	void stop() {
		this.running = false;
		this.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	/**
	 * The slowloris connections' counters at one moment.
	 *
	 * @param connected connections that were accepted
	 * @param connectFailures connections that were not
	 * @param closedByGate accepted connections that the gate has closed
	 * @param open connections that still hold a slot
	 */
	record Counts(long connected, long connectFailures, long closedByGate, int open) {
	}

	/** The handler of every slowloris connection; its state is the channel's trickle attribute. */
	@Sharable
	private final class Holder extends ChannelInboundHandlerAdapter {

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			SlowlorisConnections.this.channels.add(ctx.channel());
			SlowlorisConnections.this.connected.increment();
			SlowlorisConnections.this.open.incrementAndGet();
			if (SlowlorisConnections.this.abuse.slowlorisMode() == SlowlorisMode.TRICKLE) {
				long interval = SlowlorisConnections.this.abuse.slowlorisInterval().toNanos();
				// Spread over the interval, so that a thousand connections do not write in the same instant.
				long first = ThreadLocalRandom.current().nextLong(interval);
				int[] next = { 0 };
				ctx.channel().attr(TRICKLE).set(ctx.executor().scheduleAtFixedRate(() -> {
					byte[] bytes = SlowlorisConnections.this.request;
					ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes, next[0], 1), ctx.voidPromise());
					next[0] = (next[0] + 1) % bytes.length;
				}, first, interval, TimeUnit.NANOSECONDS));
			}
			ctx.fireChannelActive();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			// Whatever the gate says (a heartbeat, an error) goes unread, as a slowloris client's would.
			ReferenceCountUtil.release(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			Future<?> trickle = ctx.channel().attr(TRICKLE).get();
			if (trickle != null) {
				trickle.cancel(false);
			}
			SlowlorisConnections.this.open.decrementAndGet();
			if (SlowlorisConnections.this.running) {
				SlowlorisConnections.this.closedByGate.increment();
			}
			ctx.fireChannelInactive();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
