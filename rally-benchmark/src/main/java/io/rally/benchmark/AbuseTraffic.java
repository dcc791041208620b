package io.rally.benchmark;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import io.rally.protocol.codec.PacketCodec;

/**
 * Everything the abuse target throws at the gate beside the good clients: flooders, slowloris
 * connections and the spoofed KCP flood, on event loops of their own, so that the abusers never
 * take a thread from the good clients' loops.
 */
final class AbuseTraffic implements AutoCloseable {

	/** How long the slowloris connections may take to be accepted before the KCP flood starts. */
	private static final Duration SLOWLORIS_CONNECT_TIME = Duration.ofSeconds(5);

	private final AbuseOptions abuse;

	private final EventLoopGroup flooderLoops;

	/** The slowloris connections' and the KCP flood's: a flooder never delays the flood's clock. */
	private final EventLoopGroup spooferLoop;

	private final Flooders flooders;

	private final SlowlorisConnections slowloris;

	private final KcpFlood kcpFlood;

	private Thread starter;

	/**
	 * Sets the abusers up and binds the KCP flood's sockets; nothing is sent before {@link #start}.
	 * @param kcpPort the gate's KCP port, or 0 if it has none (then there is no KCP flood)
	 */
	AbuseTraffic(BenchmarkOptions options, PacketCodec codec, byte[] payload, int tcpPort, int kcpPort) {
		this.abuse = options.abuse();
		this.flooderLoops = new MultiThreadIoEventLoopGroup(this.abuse.threads(),
				ThreadCpu.threadFactory(ThreadCpu.FLOODERS), NioIoHandler.newFactory());
		this.spooferLoop = new MultiThreadIoEventLoopGroup(1, ThreadCpu.threadFactory(ThreadCpu.SPOOFERS),
				NioIoHandler.newFactory());
		Bootstrap tcp = new Bootstrap().group(this.flooderLoops)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) LoadGenerator.connectTime(options).toMillis())
			.remoteAddress(new InetSocketAddress("127.0.0.1", tcpPort));
		this.flooders = new Flooders(this.abuse, tcp, codec, options.route(), payload);
		ByteBuf request = codec.encode(new Packet(options.route(), 1, payload), UnpooledByteBufAllocator.DEFAULT);
		this.slowloris = new SlowlorisConnections(this.abuse, tcp.clone(this.spooferLoop), ByteBufUtil.getBytes(request));
		request.release();
		// A spoofed push carries a heartbeat: 29 bytes that today's gate answers with an ack and a heartbeat.
		this.kcpFlood = new KcpFlood(this.abuse, this.spooferLoop.next(), new InetSocketAddress("127.0.0.1", kcpPort),
				codec.encode(Heartbeat.plain(), UnpooledByteBufAllocator.DEFAULT));
		try {
			if (kcpPort > 0) {
				this.kcpFlood.bind();
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Starts every abuser on a thread of its own, so that the caller can measure from this
	 * moment on: the connection slots the slowloris and the flooders take first, then the KCP
	 * flood, which would otherwise take every slot there is before they could.
	 */
	void start() {
		this.starter = new Thread(() -> {
			this.slowloris.start();
			this.flooders.start();
			this.slowloris.awaitConnected(SLOWLORIS_CONNECT_TIME);
			this.kcpFlood.start();
		}, "abuse-starter");
		this.starter.setDaemon(true);
		this.starter.start();
	}

	Counts counts() {
		return new Counts(this.flooders.counts(), this.slowloris.counts(), this.kcpFlood.counts());
	}

	/** The end of a progress line: how the abusers are doing, so far. */
	String progress() {
		Counts counts = counts();
		return String.format(Locale.ROOT, "| flooders %d open, %,d answered  slowloris %d open  kcp %,d sent",
				counts.flood().open(), counts.flood().answers(), counts.slowloris().open(), counts.kcp().sent());
	}

	/** Stops every abuser and closes its connections and sockets. */
	@Override
	public void close() {
		if (this.starter != null) {
			// Nothing may start after it was stopped.
			try {
				this.starter.join(SLOWLORIS_CONNECT_TIME.plusSeconds(1).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.kcpFlood.stop();
		this.flooders.stop();
		this.slowloris.stop();
		this.flooderLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		this.spooferLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		this.flooderLoops.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
		this.spooferLoop.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
	}

	/** What every abuser counted, at one moment. */
	record Counts(Flooders.Counts flood, SlowlorisConnections.Counts slowloris, KcpFlood.Counts kcp) {
	}

}
