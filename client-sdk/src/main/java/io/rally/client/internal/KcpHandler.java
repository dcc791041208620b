package io.rally.client.internal;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.transport.KcpConversations;
import kcp.IKcp;
import kcp.Kcp;

/**
 * One KCP conversation on a connected UDP channel: datagrams in, the conversation's byte stream
 * out to the frame decoder; bytes written become KCP segments. Runs KCP's clock while the
 * channel is active. Datagrams that are not segments of this conversation are dropped. One
 * instance per channel; not thread-safe (event loop only). Public for Rally's own load
 * generator, which drives KCP without the client around it; not an API.
 */
public final class KcpHandler extends ChannelDuplexHandler {

	private final int conv;

	private final KcpSettings settings;

	private Kcp kcp;

	private ChannelHandlerContext ctx;

	private ScheduledFuture<?> clock;

	/** @param conv the conversation id, unique per peer address; 0 is reserved */
	public KcpHandler(int conv, KcpSettings settings) {
		this.conv = conv;
		this.settings = settings;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.kcp = KcpConversations.newKcp(this.conv, this.settings, this::output, ctx.alloc());
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		long interval = this.settings.interval().toMillis();
		this.clock = ctx.executor().scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		stop();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		stop();
	}

	private void stop() {
		if (this.clock != null) {
			this.clock.cancel(false);
			this.clock = null;
		}
		if (this.kcp != null) {
			this.kcp.release();
			this.kcp = null;
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf datagram = (msg instanceof DatagramPacket packet) ? packet.content()
				: (msg instanceof ByteBuf bytes) ? bytes : null;
		try {
			if (datagram == null || this.kcp == null || datagram.readableBytes() < KcpSettings.SEGMENT_HEADER_BYTES
					|| datagram.getIntLE(datagram.readerIndex()) != this.conv) {
				return;
			}
			this.kcp.input(datagram, true, System.currentTimeMillis());
			while (this.kcp != null && this.kcp.canRecv()) {
				ByteBuf data = this.kcp.mergeRecv();
				if (data == null) {
					break;
				}
				ctx.fireChannelRead(data);
			}
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		// Acks go out with the read, not a clock tick later: the gate's RTT estimate stays honest.
		if (this.kcp != null) {
			this.kcp.flush(false, System.currentTimeMillis());
			ctx.flush();
		}
		ctx.fireChannelReadComplete();
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof ByteBuf bytes)) {
			ctx.write(msg, promise);
			return;
		}
		try {
			if (this.kcp == null) {
				promise.tryFailure(new IllegalStateException("KCP conversation closed"));
				return;
			}
			int mss = this.settings.maxSegmentPayload();
			// One segment per send, never fragments: the packet stream above frames itself.
			while (bytes.isReadable()) {
				this.kcp.send(bytes.readSlice(Math.min(mss, bytes.readableBytes())));
			}
			promise.trySuccess();
		}
		finally {
			bytes.release();
		}
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		if (this.kcp != null) {
			this.kcp.flush(false, System.currentTimeMillis());
		}
		ctx.flush();
	}

	private void tick() {
		if (this.kcp == null) {
			return;
		}
		long now = System.currentTimeMillis();
		if (this.kcp.checkFlush() && this.kcp.check(now) - now <= 0) {
			this.kcp.update(now);
			this.ctx.flush();
		}
	}

	private void output(ByteBuf segments, IKcp kcp) {
		this.ctx.write(segments, this.ctx.voidPromise());
	}

}
