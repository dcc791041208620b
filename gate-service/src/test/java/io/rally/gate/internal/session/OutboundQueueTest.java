package io.rally.gate.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.Meters;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives {@link OutboundQueue} and {@link Session#send} over a real in-JVM channel pair, whose
 * peer receives the written packets as objects.
 */
class OutboundQueueTest {

	private EventLoopGroup group;

	private Channel server;

	private Channel channel;

	private final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();

	private final AtomicInteger flushes = new AtomicInteger();

	@BeforeEach
	void connect() throws Exception {
		this.group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
		LocalAddress address = new LocalAddress(OutboundQueueTest.class);
		this.server = new ServerBootstrap().group(this.group)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInitializer<LocalChannel>() {

				@Override
				protected void initChannel(LocalChannel ch) {
					ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {

						@Override
						public void channelRead(ChannelHandlerContext ctx, Object msg) {
							OutboundQueueTest.this.received.add((Packet) msg);
						}

					});
				}

			})
			.bind(address)
			.sync()
			.channel();
		this.channel = new Bootstrap().group(this.group)
			.channel(LocalChannel.class)
			.handler(new ChannelOutboundHandlerAdapter() {

				@Override
				public void flush(ChannelHandlerContext ctx) {
					OutboundQueueTest.this.flushes.incrementAndGet();
					ctx.flush();
				}

			})
			.connect(address)
			.sync()
			.channel();
	}

	@AfterEach
	void close() {
		this.channel.close().awaitUninterruptibly();
		this.server.close().awaitUninterruptibly();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
	}

	@Test
	void keepsEachWritersOrderAcrossThreadsAndTheEventLoop() throws Exception {
		OutboundQueue queue = new OutboundQueue(this.channel);
		int writers = 4;
		int perWriter = 5_000;
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			int route = w + 1;
			threads.add(new Thread(() -> {
				for (int seq = 1; seq <= perWriter; seq++) {
					queue.write(new Packet(route, seq, new byte[8]));
				}
			}));
		}
		threads.forEach(Thread::start);
		// The event loop writes too, in its own order: sometimes straight through, sometimes
		// behind packets queued by the others.
		for (int seq = 1; seq <= perWriter; seq++) {
			int value = seq;
			this.channel.eventLoop().execute(() -> queue.write(new Packet(99, value, new byte[8])));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		List<Packet> all = new ArrayList<>();
		int expected = (writers + 1) * perWriter;
		while (all.size() < expected) {
			Packet packet = this.received.poll(10, TimeUnit.SECONDS);
			assertThat(packet).as("packet %d of %d", all.size() + 1, expected).isNotNull();
			all.add(packet);
		}
		Map<Integer, List<Integer>> seqsByRoute = new HashMap<>();
		for (Packet packet : all) {
			seqsByRoute.computeIfAbsent(packet.route(), (r) -> new ArrayList<>()).add(packet.seq());
		}
		assertThat(seqsByRoute).hasSize(writers + 1);
		seqsByRoute.values().forEach((seqs) -> assertThat(seqs).hasSize(perWriter).isSorted());
	}

	@Test
	void drainsWhatQueuedWhileTheEventLoopWasBusyWithOneFlush() throws Exception {
		OutboundQueue queue = new OutboundQueue(this.channel);
		CountDownLatch release = blockEventLoop();
		int flushesBefore = this.flushes.get();
		queue.write(new Packet(1, 1, new byte[100]));
		queue.write(new Packet(1, 2, new byte[50]));
		queue.write(new Packet(1, 3, new byte[10]));
		assertThat(this.received).isEmpty();
		assertThat(queue.pendingBytes()).isEqualTo(3 * 40);
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 3);
		assertThat(queue.pendingBytes()).isZero();
		assertThat(this.received).extracting(Packet::seq).containsExactly(1, 2, 3);
		assertThat(this.flushes.get() - flushesBefore).isEqualTo(1);
	}

	@Test
	void sessionBoundsOnlyWhatTheChannelHasPending() throws Exception {
		// As before the queue: a burst that waits for a busy event loop is not a slow consumer.
		this.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(500, 1000));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Session session = new Session(1, this.channel, "127.0.0.1", "tcp", new GateMetrics(registry), 5000);
		CountDownLatch release = blockEventLoop();
		for (int seq = 1; seq <= 10; seq++) {
			assertThat(session.send(new Packet(1, seq, new byte[256]))).isTrue();
		}
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 10);
		assertThat(this.received).extracting(Packet::seq).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
		assertThat(Meters.count(registry, GateMetrics.MESSAGES_SENT)).isEqualTo(10);
	}

	@Test
	void sessionDropsErrorPacketsUnlessWanted() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Session session = new Session(1, this.channel, "127.0.0.1", "tcp", new GateMetrics(registry), 5000);
		assertThat(session.send(new Packet(1, 1, new byte[0], Packet.EXT_ERROR))).isFalse();
		session.wantErrors();
		assertThat(session.send(new Packet(1, 2, new byte[0], Packet.EXT_ERROR))).isTrue();
		assertThat(this.received.poll(10, TimeUnit.SECONDS)).extracting(Packet::seq).isEqualTo(2);
		assertThat(Meters.count(registry, GateMetrics.MESSAGES_DROPPED, "reason", GateMetrics.DROP_ERROR_NOT_WANTED))
			.isEqualTo(1);
	}

	private CountDownLatch blockEventLoop() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(1);
		this.channel.eventLoop().execute(() -> {
			blocked.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
		return release;
	}

}
