package io.rally.gate.internal.relay;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.rally.client.internal.KcpHandler;
import io.rally.protocol.KcpSettings;

/**
 * A raw KCP client of a transparent gate: the client SDK's {@link KcpHandler} (with the gate's
 * default parameters) on a plain UDP channel, and everything the conversation delivers kept in
 * order.
 */
final class KcpRelayClient implements AutoCloseable {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final Channel channel;

	KcpRelayClient(int port) throws InterruptedException {
		int conv = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
		this.channel = new Bootstrap().group(this.group)
			.channel(NioDatagramChannel.class)
			.handler(new ChannelInitializer<DatagramChannel>() {
				@Override
				protected void initChannel(DatagramChannel channel) {
					channel.pipeline().addLast(new KcpHandler(conv, KcpSettings.DEFAULTS), new Collector());
				}
			})
			.connect("127.0.0.1", port)
			.sync()
			.channel();
	}

	/** Opens the conversation with the first packet: a 4-byte big-endian length, then {@code request}. */
	void request(String request, byte[] behind) {
		byte[] body = request.getBytes(StandardCharsets.UTF_8);
		send(ByteBuffer.allocate(4 + body.length + behind.length).putInt(body.length).put(body).put(behind).array());
	}

	void send(byte[] bytes) {
		this.channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
	}

	/** How many bytes the conversation has delivered so far. */
	int receivedBytes() {
		synchronized (this.received) {
			return this.received.size();
		}
	}

	/** {@code length} bytes delivered from {@code offset} on. */
	byte[] received(int offset, int length) {
		synchronized (this.received) {
			return Arrays.copyOfRange(this.received.toByteArray(), offset, offset + length);
		}
	}

	@Override
	public void close() {
		this.channel.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	private final class Collector extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf bytes = (ByteBuf) msg;
			try {
				byte[] copy = new byte[bytes.readableBytes()];
				bytes.readBytes(copy);
				synchronized (KcpRelayClient.this.received) {
					KcpRelayClient.this.received.write(copy, 0, copy.length);
				}
			}
			finally {
				bytes.release();
			}
		}

	}

}
