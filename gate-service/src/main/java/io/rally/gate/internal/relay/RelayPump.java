package io.rally.gate.internal.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.rally.gate.internal.AcknowledgedWrites;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Moves what one side of a relay reads to the other side, on both the client's and the
 * backend's channel (one instance each, pointing at the other channel).
 * <ul>
 * <li>Back-pressure: a side stops reading while its peer is not writable, and resumes when
 * the peer drains; nothing queues without bound.</li>
 * <li>Half-close: when a side's input ends, the peer's output is shut after what was read
 * before is written, if the peer can half-close (a TCP socket with half-closure allowed);
 * otherwise (WebSocket, KCP) the peer is closed. A channel whose input and output are both
 * shut is closed.</li>
 * <li>Close: when a side closes, the peer is closed once what was read from the side is
 * written (for KCP: acknowledged, see {@link AcknowledgedWrites}).</li>
 * </ul>
 * While the kernel splices (see {@link Splicing}) reads bypass this handler and the kernel
 * paces them; it still propagates half-closes and closes. Both channels share one event loop,
 * so nothing here needs a lock.
 */
final class RelayPump extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(RelayPump.class);

	private final Channel peer;

	private boolean spliced;

	RelayPump(Channel peer) {
		this.peer = peer;
	}

	/** Reads of this side are spliced by the kernel from now on. */
	void spliced() {
		this.spliced = true;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.peer.isActive()) {
			this.peer.write(msg, this.peer.voidPromise());
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.peer.flush();
		if (!this.spliced && !this.peer.isWritable()) {
			ctx.channel().config().setAutoRead(false);
		}
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		// This side's outbound buffer is filled by the peer's reads.
		if (!this.spliced && this.peer.isActive()) {
			this.peer.config().setAutoRead(ctx.channel().isWritable());
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt instanceof ChannelInputShutdownEvent) {
			if (this.spliced) {
				Splicing.drain(ctx.channel(), this.peer);
			}
			endPeerOutput(this.peer);
			closeIfBothShut(ctx.channel());
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.peer.isActive()) {
			AcknowledgedWrites.closeAfterWrites(this.peer);
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing relayed " + ctx.channel() + ": " + cause);
		}
		ctx.close();
	}

	/** Shuts the output of {@code channel} once its pending writes are out, or closes it if it cannot half-close. */
	static void endPeerOutput(Channel channel) {
		if (!channel.isActive()) {
			return;
		}
		if (channel instanceof DuplexChannel duplex
				&& Boolean.TRUE.equals(channel.config().getOption(ChannelOption.ALLOW_HALF_CLOSURE))) {
			channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((written) -> {
				if (channel.isActive()) {
					duplex.shutdownOutput().addListener((shut) -> {
						if (shut.isSuccess()) {
							closeIfBothShut(channel);
						}
						else {
							channel.close();
						}
					});
				}
			});
		}
		else {
			AcknowledgedWrites.closeAfterWrites(channel);
		}
	}

	private static void closeIfBothShut(Channel channel) {
		if (channel instanceof DuplexChannel duplex && duplex.isInputShutdown() && duplex.isOutputShutdown()) {
			channel.close();
		}
	}

}
