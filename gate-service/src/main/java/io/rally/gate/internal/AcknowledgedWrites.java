package io.rally.gate.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

/**
 * A channel whose writes complete once a protocol below it has taken the bytes, before the
 * peer has them: a KCP conversation hands them to KCP, which retransmits until they are
 * acknowledged. Closing such a channel right after a write succeeded would throw away what is
 * still unacknowledged, so whoever closes it after writing waits for {@link #whenDrained()}.
 */
public interface AcknowledgedWrites {

	/**
	 * Done once everything written so far has been acknowledged by the peer, or the channel
	 * has closed; call on the channel's event loop.
	 */
	ChannelFuture whenDrained();

	/**
	 * Closes {@code channel} once what was written to it before has reached its peer: for an
	 * {@link AcknowledgedWrites} channel once it is acknowledged, otherwise once it is written
	 * out. Call on the channel's event loop.
	 */
	static void closeAfterWrites(Channel channel) {
		ChannelFuture written = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
		if (channel instanceof AcknowledgedWrites acknowledged) {
			written.addListener((done) -> acknowledged.whenDrained().addListener(ChannelFutureListener.CLOSE));
		}
		else {
			written.addListener(ChannelFutureListener.CLOSE);
		}
	}

}
