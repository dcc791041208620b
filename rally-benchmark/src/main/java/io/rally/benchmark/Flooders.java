package io.rally.benchmark;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rally.benchmark.AbuseOptions.FlooderReading;
import io.rally.protocol.Packet;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.codec.PacketFrameDecoder;

/**
 * TCP connections that pipeline requests as fast as their sockets take them, without waiting
 * for any answer: they write while the channel is writable and go on as soon as it is again.
 * By default they read and discard the answers, so that the gate sees a fast flooder rather than
 * a slow consumer; a flooder the gate closes connects again after a moment, as an attacker would.
 */
final class Flooders {

	/** A pause before reconnecting, so that a refused flooder does not spin. */
	private static final long RECONNECT_DELAY_MILLIS = 100;

	/** Requests encoded into one buffer: one write call per batch instead of per request. */
	private static final int REQUESTS_PER_WRITE = 32;

	/** Batches written before the flooder lets its event loop read and serve the other flooders. */
	private static final int WRITES_PER_TURN = 16;

	/** The header bits of the due layout ({@link PacketCodec}): heartbeat, and an error's extcode. */
	private static final int HEARTBEAT_FLAG = 0x80;

	private static final int EXTCODE_MASK = 0x7f;

	final LongAdder sent = new LongAdder();

	final LongAdder answers = new LongAdder();

	final LongAdder errorAnswers = new LongAdder();

	final LongAdder closedByGate = new LongAdder();

	final LongAdder connectFailures = new LongAdder();

	final AtomicInteger open = new AtomicInteger();

	private final AbuseOptions abuse;

	private final Bootstrap bootstrap;

	private final PacketCodec codec;

	private final int route;

	private final byte[] payload;

	private final int requestBytes;

	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private volatile boolean running = true;

	/** @param tcp connects to the gate; a handler and a source address are set per connection */
	Flooders(AbuseOptions abuse, Bootstrap tcp, PacketCodec codec, int route, byte[] payload) {
		this.abuse = abuse;
		this.bootstrap = tcp.clone().option(ChannelOption.AUTO_READ, abuse.flooderReading() == FlooderReading.DISCARD);
		this.codec = codec;
		this.route = route;
		this.payload = payload;
		this.requestBytes = codec.encodedLength(new Packet(route, 1, payload));
	}

	void start() {
		for (int i = 0; i < this.abuse.flooders(); i++) {
			connect(i);
		}
	}

	private void connect(int index) {
		Bootstrap bootstrap = this.bootstrap.clone().handler(new ChannelInitializer<Channel>() {

			@Override
			protected void initChannel(Channel ch) {
				if (Flooders.this.abuse.flooderReading() == FlooderReading.DISCARD) {
					ch.pipeline().addLast(new PacketFrameDecoder(Flooders.this.codec));
				}
				ch.pipeline().addLast(new FloodConnection(index));
			}

		});
		bootstrap.localAddress(this.abuse.tcpSource(index)).connect().addListener((attempt) -> {
			if (!attempt.isSuccess()) {
				this.connectFailures.increment();
				reconnectLater(index, bootstrap.config().group().next());
			}
		});
	}

	private void reconnectLater(int index, EventLoop loop) {
		if (this.running) {
			loop.schedule(() -> {
				if (this.running) {
					connect(index);
				}
			}, RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	Counts counts() {
		return new Counts(this.sent.sum(), this.answers.sum(), this.errorAnswers.sum(), this.closedByGate.sum(),
				this.connectFailures.sum(), this.open.get());
	}

	/** Stops flooding and reconnecting, and closes every flooder. */
	void stop() {
		this.running = false;
		this.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	/**
	 * The flooders' counters at one moment.
	 *
	 * @param sent requests handed to the sockets
	 * @param answers answers read (none when flooders never read)
	 * @param errorAnswers error packets read
	 * @param closedByGate flooder connections that ended while the flood went on
	 * @param connectFailures connection attempts that failed, reconnects included
	 * @param open flooder connections open
	 */
	record Counts(long sent, long answers, long errorAnswers, long closedByGate, long connectFailures, int open) {
	}

	/** One flooder. All state is touched on its channel's event loop only. */
	private final class FloodConnection extends ChannelInboundHandlerAdapter {

		private final int index;

		private int seq;

		/** Whether a turn of {@link #flood} is queued on the event loop already. */
		private boolean queued;

		FloodConnection(int index) {
			this.index = index;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			Flooders.this.channels.add(ctx.channel());
			Flooders.this.open.incrementAndGet();
			flood(ctx);
			ctx.fireChannelActive();
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) {
			if (ctx.channel().isWritable() && !this.queued) {
				flood(ctx);
			}
			ctx.fireChannelWritabilityChanged();
		}

		/** Writes while the socket takes it, a turn at a time; the next turn is queued behind the reads. */
		private void flood(ChannelHandlerContext ctx) {
			this.queued = false;
			Channel channel = ctx.channel();
			for (int i = 0; i < WRITES_PER_TURN && Flooders.this.running && channel.isWritable(); i++) {
				ByteBuf batch = ctx.alloc().directBuffer(REQUESTS_PER_WRITE * Flooders.this.requestBytes);
				for (int r = 0; r < REQUESTS_PER_WRITE; r++) {
					this.seq = (this.seq >= Flooders.this.codec.settings().maxSeq()) ? 1 : this.seq + 1;
					Flooders.this.codec.encode(new Packet(Flooders.this.route, this.seq, Flooders.this.payload), batch);
				}
				ctx.write(batch, ctx.voidPromise());
				Flooders.this.sent.add(REQUESTS_PER_WRITE);
			}
			ctx.flush();
			if (Flooders.this.running && channel.isActive() && channel.isWritable()) {
				this.queued = true;
				ctx.executor().execute(() -> flood(ctx));
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			// Bodies from the frame decoder: the header byte tells an answer from an error or a heartbeat.
			if (msg instanceof ByteBuf body && body.isReadable()) {
				int header = body.getUnsignedByte(body.readerIndex());
				if ((header & HEARTBEAT_FLAG) == 0) {
					((header & EXTCODE_MASK) == 0 ? Flooders.this.answers : Flooders.this.errorAnswers).increment();
				}
			}
			ReferenceCountUtil.release(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			Flooders.this.open.decrementAndGet();
			if (Flooders.this.running) {
				Flooders.this.closedByGate.increment();
				reconnectLater(this.index, ctx.channel().eventLoop());
			}
			ctx.fireChannelInactive();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// A reset when the gate closes the connection, or a decoder complaint: either way it is over.
			ctx.close();
		}

	}

}
