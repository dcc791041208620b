package io.rally.gate.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rally.gate.internal.metrics.CloseReason;

/**
 * Closes a connection whose pending outbound bytes rose above the channel's high water mark:
 * its client does not read fast enough, and buffering more for it would only grow the heap.
 * Stateless and shared.
 */
@Sharable
final class SlowConsumerHandler extends ChannelInboundHandlerAdapter {

	static final SlowConsumerHandler INSTANCE = new SlowConsumerHandler();

	private SlowConsumerHandler() {
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
			CloseReason.SLOW_CONSUMER.close(ctx.channel());
		}
		ctx.fireChannelWritabilityChanged();
	}

}
