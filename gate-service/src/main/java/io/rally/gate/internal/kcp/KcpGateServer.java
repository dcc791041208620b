package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.rally.gate.internal.AcknowledgedWrites;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GateEventLoops;
import io.rally.gate.internal.NettyGateServer;
import io.rally.gate.internal.StreamChannelInitializer;

/**
 * The gate's KCP server: one UDP port, where each KCP conversation (conversation id and source
 * address) is one client connection carrying the same packet stream as TCP. Interoperates with
 * kcp-go and the KCP reference implementation: plain KCP segments, no FEC, no encryption.
 *
 * <p>A conversation becomes a connection only once its peer has acknowledged the gate's probe,
 * which KCP peers do by themselves ({@link KcpHandshake}): a forged source address gets no
 * connection slot, no session and no more bytes than it sent.
 *
 * <p>Stopping keeps the UDP socket open until the conversations are gone, since their goodbyes
 * and acknowledgements go through it.
 *
 * <p>Each conversation's pipeline carries packets; a subclass may build another one instead
 * (the transparent gate relays the raw byte stream) by overriding {@link #childInitializer}.
 * Every conversation is a channel that reads and writes {@code ByteBuf}s on the socket's event
 * loop, honours auto-read and reports writability by its own outbound buffer.
 */
public class KcpGateServer extends NettyGateServer {

	public static final String TRANSPORT = "kcp";

	/**
	 * One socket serves every conversation, so a burst from many clients lands in one kernel
	 * buffer; the kernel caps this at net.core.rmem_max / wmem_max.
	 */
	private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

	private final KcpOptions options;

	private final GateChannelSettings settings;

	private volatile KcpDatagramHandler handler;

	public KcpGateServer(String host, int port, KcpOptions options, GateChannelSettings settings) {
		super(TRANSPORT, host, port, settings);
		this.options = options;
		this.settings = settings;
	}

	public KcpOptions options() {
		return this.options;
	}

	@Override
	protected ChannelHandler childInitializer(GateChannelSettings settings, ChannelGroup connections) {
		return new StreamChannelInitializer(settings, connections, TRANSPORT);
	}

	@Override
	protected final Channel bind(GateEventLoops loops, InetSocketAddress address, ChannelHandler childInitializer) {
		KcpDatagramHandler handler = new KcpDatagramHandler(this.options, this.settings, childInitializer);
		this.handler = handler;
		return new Bootstrap().group(loops.workers())
			.channel(loops.datagramChannelType())
			.option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
			.option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
			.handler(handler)
			.bind(address)
			.syncUninterruptibly()
			.channel();
	}

	@Override
	protected final ChannelFuture stopAccepting(Channel serverChannel) {
		KcpDatagramHandler handler = this.handler;
		serverChannel.eventLoop().execute(handler::stopAccepting);
		return serverChannel.newSucceededFuture();
	}

	/** The goodbye is written once it, and everything before it, is acknowledged. */
	@Override
	protected ChannelFuture writeGoodbye(Channel connection) {
		connection.writeAndFlush(Unpooled.EMPTY_BUFFER);
		return ((AcknowledgedWrites) connection).whenDrained();
	}

	static WriteBufferWaterMark waterMark(GateChannelSettings settings) {
		return writeBufferWaterMark(settings);
	}

}
