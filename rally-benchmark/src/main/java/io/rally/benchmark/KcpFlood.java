package io.rally.benchmark;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A flood of spoofed KCP conversations: first segments with random conversation ids, at a set
 * rate, from many loopback addresses (one UDP socket bound to each), round-robin. Whatever the
 * gate sends back to those addresses is counted, which shows how much it amplifies. Every
 * socket and the clock live on one event loop, so that sending needs no hand-over between
 * threads.
 */
final class KcpFlood {

	/** The clock's period: a rate of 20,000/s is then 200 datagrams a tick. */
	private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	/** The most a late tick sends at once, in ticks' worth: a stalled loop does not burst. */
	private static final int MAX_CATCH_UP_TICKS = 10;

	final LongAdder sent = new LongAdder();

	final LongAdder skipped = new LongAdder();

	final LongAdder answers = new LongAdder();

	final LongAdder answerBytes = new LongAdder();

	private final AbuseOptions abuse;

	private final EventLoop loop;

	private final InetSocketAddress gate;

	private final ByteBuf data;

	private final int segmentBytes;

	private final List<Channel> sources = new ArrayList<>();

	private ScheduledFuture<?> clock;

	private long startNanos;

	private long issued;

	private int next;

	/** @param data what every push carries, e.g. an encoded heartbeat; owned by the flood */
	KcpFlood(AbuseOptions abuse, EventLoop loop, InetSocketAddress gate, ByteBuf data) {
		this.abuse = abuse;
		this.loop = loop;
		this.gate = gate;
		this.data = data;
		this.segmentBytes = SpoofedKcpSegment.length(abuse.kcpCommand(), data);
	}

	Counts counts() {
		long sent = this.sent.sum();
		return new Counts(sent, this.skipped.sum(), sent * this.segmentBytes, this.answers.sum(),
				this.answerBytes.sum());
	}

	/**
	 * The flood's counters at one moment.
	 *
	 * @param sent datagrams sent
	 * @param skipped datagrams not sent because their socket's buffer was full
	 * @param sentBytes bytes of the datagrams sent
	 * @param answers datagrams the gate sent to the spoofed addresses
	 * @param answerBytes their bytes
	 */
	record Counts(long sent, long skipped, long sentBytes, long answers, long answerBytes) {
	}

	/** Binds one socket per source address: before the flood, so that a failure shows at once. */
	void bind() {
		if (this.abuse.kcpFloodRate() == 0) {
			return;
		}
		Bootstrap bootstrap = new Bootstrap().group(this.loop).channel(NioDatagramChannel.class)
			.handler(new AnswerCounter());
		List<ChannelFuture> binds = new ArrayList<>();
		for (int i = 0; i < this.abuse.kcpSources(); i++) {
			binds.add(bootstrap.bind(this.abuse.kcpSource(i)));
		}
		for (ChannelFuture bind : binds) {
			if (!bind.awaitUninterruptibly().isSuccess()) {
				throw new IllegalStateException("could not bind a KCP flood source: " + bind.cause(), bind.cause());
			}
			this.sources.add(bind.channel());
		}
	}

	/** Starts sending from the bound sockets, if there are any. */
	void start() {
		if (this.sources.isEmpty()) {
			return;
		}
		this.loop.execute(() -> {
			this.startNanos = System.nanoTime();
			this.clock = this.loop.scheduleAtFixedRate(this::tick, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
		});
	}

	/** Sends what the rate calls for since the start, less what went out already. */
	private void tick() {
		long rate = this.abuse.kcpFloodRate();
		long due = (System.nanoTime() - this.startNanos) * rate / TimeUnit.SECONDS.toNanos(1) - this.issued;
		long most = Math.max(1, rate * TICK_NANOS * MAX_CATCH_UP_TICKS / TimeUnit.SECONDS.toNanos(1));
		due = Math.min(due, most);
		this.issued += due;
		int timestamp = (int) System.currentTimeMillis();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (long i = 0; i < due; i++) {
			Channel source = this.sources.get(this.next);
			this.next = (this.next + 1) % this.sources.size();
			if (!source.isWritable()) {
				this.skipped.increment();
				continue;
			}
			ByteBuf segment = source.alloc().directBuffer(this.segmentBytes);
			SpoofedKcpSegment.write(segment, random.nextInt(), this.abuse.kcpCommand(), timestamp, this.data);
			source.writeAndFlush(new DatagramPacket(segment, this.gate), source.voidPromise());
			this.sent.increment();
		}
	}

	/** Stops sending and closes every source socket. */
	void stop() {
		this.loop.submit(() -> {
			if (this.clock != null) {
				this.clock.cancel(false);
			}
		}).awaitUninterruptibly(5, TimeUnit.SECONDS);
		// One after the other: hundreds of sockets, each closed in a moment.
		for (Channel source : this.sources) {
			source.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
		this.data.release();
	}

	/** Counts what the gate sends to a spoofed address: acknowledgements, answers, resends. */
	@Sharable
	private final class AnswerCounter extends SimpleChannelInboundHandler<DatagramPacket> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
			KcpFlood.this.answers.increment();
			KcpFlood.this.answerBytes.add(packet.content().readableBytes());
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// ICMP port unreachable and the like: the socket itself is fine.
		}

	}

}
