package io.rally.gate.internal.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.DispatchClock;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.Packet;

/**
 * One client connection as the rest of the gate sees it: its id, address, transport, the
 * user bound to it and whether it asked for error packets.
 *
 * <p>{@link #send} may be called from any thread. A write that would take the connection's
 * pending outbound bytes past the high water mark marks the client a slow consumer and
 * closes it, so that a client that stops reading cannot make the gate buffer without bound.
 * Writes from other threads reach the event loop in batches, one task and one flush for all
 * that queued up meanwhile.
 */
public final class Session {

	private final long id;

	private final Channel channel;

	private final String clientIp;

	private final String transport;

	private final GateMetrics metrics;

	private final int maxPayloadBytes;

	private final OutboundQueue outbound;

	private final DispatchClock clock;

	private final InFlightRequests inFlight;

	private volatile long userId;

	private volatile long loginEpoch;

	private volatile boolean errorsWanted;

	private boolean closed;

	Session(long id, Channel channel, String clientIp, String transport, GateMetrics metrics, int maxPayloadBytes) {
		this(id, channel, clientIp, transport, metrics, maxPayloadBytes, RequestLimits.DEFAULTS.newAccount());
	}

	Session(long id, Channel channel, String clientIp, String transport, GateMetrics metrics, int maxPayloadBytes,
			InFlightRequests inFlight) {
		this.id = id;
		this.inFlight = inFlight;
		this.channel = channel;
		this.clientIp = clientIp;
		this.transport = transport;
		this.metrics = metrics;
		this.maxPayloadBytes = maxPayloadBytes;
		this.clock = metrics.dispatchClock();
		this.outbound = new OutboundQueue(channel, this::replied);
	}

	public long id() {
		return this.id;
	}

	public String clientIp() {
		return this.clientIp;
	}

	public String transport() {
		return this.transport;
	}

	/** The bound user, 0 if none. */
	public long userId() {
		return this.userId;
	}

	/**
	 * The epoch the locator gave the login of the bound user, 0 while none is known yet. Only
	 * meaningful with {@link #userId()}: epochs are counted per user.
	 */
	public long loginEpoch() {
		return this.loginEpoch;
	}

	void loginEpoch(long epoch) {
		this.loginEpoch = epoch;
	}

	/** Whether the client opted in to error packets. */
	public boolean errorsWanted() {
		return this.errorsWanted;
	}

	/** Opts the connection in to error packets; called for a packet carrying that extcode. */
	public void wantErrors() {
		// Read before writing: a client that opted in sets the flag on every packet, and a
		// volatile write per packet would cost more than the check.
		if (!this.errorsWanted) {
			this.errorsWanted = true;
		}
	}

	/**
	 * The requests of this connection awaiting their reply; only on the connection's event
	 * loop.
	 */
	public InFlightRequests inFlight() {
		return this.inFlight;
	}

	/** The request {@code seq} went to a node: its time and its slot in flight start. */
	public void requestSent(int seq) {
		if (seq != 0) {
			this.clock.dispatched(seq);
			this.inFlight.sent(seq, System.nanoTime());
		}
	}

	/** The request {@code seq} did not reach a node after all. */
	public void requestAbandoned(int seq) {
		if (seq != 0) {
			this.clock.abandoned(seq);
			this.inFlight.answered(seq);
		}
	}

	/** A packet that answers {@code seq} is being written to the client; on the event loop. */
	private void replied(int seq) {
		this.clock.replied(seq);
		this.inFlight.answered(seq);
	}

	public boolean isOpen() {
		return this.channel.isActive();
	}

	/**
	 * Writes a packet to the client. Error packets go only to clients that opted in.
	 * @return whether the packet was handed to the connection
	 */
	public boolean send(Packet packet) {
		if (packet.isError() && !this.errorsWanted) {
			this.metrics.dropped(GateMetrics.DROP_ERROR_NOT_WANTED);
			answeredElsewhere(packet.seq());
			return false;
		}
		if (packet.payload().length > this.maxPayloadBytes) {
			this.metrics.dropped(GateMetrics.DROP_TOO_LARGE);
			answeredElsewhere(packet.seq());
			return false;
		}
		if (!this.channel.isActive()) {
			this.metrics.dropped(GateMetrics.DROP_NOT_WRITABLE);
			return false;
		}
		// The payload is most of the encoded packet; the few header bytes do not matter here.
		if (this.channel.bytesBeforeUnwritable() - this.outbound.pendingBytes() < packet.payload().length) {
			this.metrics.dropped(GateMetrics.DROP_NOT_WRITABLE);
			close(CloseReason.SLOW_CONSUMER);
			return false;
		}
		this.outbound.write(packet);
		this.metrics.sent(packet.payload().length);
		return true;
	}

	/** A reply that is not written still ends its request's slot in flight, on the event loop. */
	private void answeredElsewhere(int seq) {
		if (seq == 0 || !this.channel.isActive()) {
			return;
		}
		if (this.channel.eventLoop().inEventLoop()) {
			this.inFlight.answered(seq);
		}
		else {
			this.channel.eventLoop().execute(() -> this.inFlight.answered(seq));
		}
	}

	/** Packets other threads queued for this connection's event loop. */
	int queuedPackets() {
		return this.outbound.queuedPackets();
	}

	/** Bytes written to the connection that its socket has not taken yet. */
	long pendingBytes() {
		ChannelOutboundBuffer buffer = this.channel.unsafe().outboundBuffer();
		return (buffer != null) ? buffer.totalPendingWriteBytes() : 0;
	}

	/** Closes the connection, recording why. */
	public void close(CloseReason reason) {
		reason.close(this.channel);
	}

	synchronized boolean bind(long newUserId) {
		if (this.closed) {
			return false;
		}
		if (this.userId != newUserId) {
			this.loginEpoch = 0;
		}
		this.userId = newUserId;
		return true;
	}

	synchronized boolean unbind(long expectedUserId) {
		if (this.userId != expectedUserId) {
			return false;
		}
		this.userId = 0;
		return true;
	}

	/** Marks the session closed; returns the user bound at that moment. */
	synchronized long markClosed() {
		this.closed = true;
		return this.userId;
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	@Override
	public String toString() {
		return "Session[id=" + this.id + ", transport=" + this.transport + ", ip=" + this.clientIp + "]";
	}

}
