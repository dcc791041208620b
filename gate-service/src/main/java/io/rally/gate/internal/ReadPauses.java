package io.rally.gate.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Why the gate stopped reading from one connection. Several handlers pause a connection for
 * reasons of their own (a packet waiting for its node, a rate limit); reading resumes only
 * when none is left, so one handler's resume cannot undo another's pause. While a connection
 * is not read, TCP flow control (or KCP's window) pushes the cost back onto its sender.
 *
 * <p>Not thread-safe: only on the channel's event loop.
 */
final class ReadPauses {

	/** A packet waits for its node: a locator answer, a node that is not ready, a full in-flight window. */
	static final int DISPATCH = 1;

	/** The connection sent faster than its rate limit. */
	static final int RATE = 1 << 1;

	private static final AttributeKey<ReadPauses> KEY = AttributeKey.valueOf(ReadPauses.class, "pauses");

	private final Channel channel;

	private int reasons;

	private ReadPauses(Channel channel) {
		this.channel = channel;
	}

	/** The pauses of {@code channel}; on its event loop. */
	static ReadPauses of(Channel channel) {
		ReadPauses pauses = channel.attr(KEY).get();
		if (pauses == null) {
			pauses = new ReadPauses(channel);
			channel.attr(KEY).set(pauses);
		}
		return pauses;
	}

	/** Stops reading for {@code reason}, one of the constants. */
	void pause(int reason) {
		if (this.reasons == 0) {
			this.channel.config().setAutoRead(false);
		}
		this.reasons |= reason;
	}

	/** Ends the pause for {@code reason}; reading resumes once no reason is left. */
	void resume(int reason) {
		if ((this.reasons & reason) == 0) {
			return;
		}
		this.reasons &= ~reason;
		if (this.reasons == 0) {
			this.channel.config().setAutoRead(true);
		}
	}

	/** Whether reading is paused for {@code reason}. */
	boolean isPaused(int reason) {
		return (this.reasons & reason) != 0;
	}

}
