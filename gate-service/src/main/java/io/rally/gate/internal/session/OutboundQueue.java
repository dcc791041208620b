package io.rally.gate.internal.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.rally.protocol.Packet;

/**
 * The packets other threads write to one channel, carried to its event loop in batches.
 *
 * <p>A write from the event loop with nothing queued goes straight to the channel. Any other
 * write is queued, and only the write that finds no drain scheduled hands a task to the event
 * loop; that task writes everything queued by then and flushes once. So a burst of replies
 * costs one event-loop task and one flush instead of one of each per packet, and the packets
 * of one writer reach the channel in the order it wrote them. Thread-safe.
 *
 * <p>The queue has no bound of its own. It reports {@link #pendingBytes} for the caller's
 * slow-consumer check, weighing each queued packet as Netty weighs a write task handed to the
 * event loop from another thread (an unknown message of 8 bytes plus 32 bytes of task), so that
 * the check bounds queued packets exactly as it did when each was such a task.
 */
final class OutboundQueue implements Runnable {

	/** What a queued packet adds to the pending bytes; see the class javadoc. */
	private static final int QUEUED_PACKET_WEIGHT = 8 + 32;

	/** More than the header bytes any transport adds to a packet's payload. */
	private static final int HEADER_ALLOWANCE = 64;

	/** The most bytes one drain writes between flushes. */
	private static final int MAX_UNFLUSHED_BYTES = 16 * 1024;

	private final Channel channel;

	private final Queue<Packet> packets = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicInteger queued = new AtomicInteger();

	private final IntConsumer replied;

	OutboundQueue(Channel channel) {
		this(channel, null);
	}

	/**
	 * With {@code replied}, told the seq of every packet as it is written, on the event loop: a
	 * reply ends its request's time in flight.
	 */
	OutboundQueue(Channel channel, IntConsumer replied) {
		this.channel = channel;
		this.replied = replied;
	}

	/** Writes {@code packet} to the channel and flushes it, now or soon; from any thread. */
	void write(Packet packet) {
		EventLoop loop = this.channel.eventLoop();
		// Behind queued packets if there are any, so as not to overtake them.
		if (loop.inEventLoop() && this.packets.isEmpty()) {
			// Not the void promise: a packet the encoder rejects (a route out of range, say) then
			// fails only its own future instead of reaching exceptionCaught and closing the client.
			replied(packet);
			this.channel.writeAndFlush(packet);
			return;
		}
		this.queued.incrementAndGet();
		this.packets.offer(packet);
		if (!this.scheduled.get() && this.scheduled.compareAndSet(false, true)) {
			try {
				loop.execute(this);
			}
			catch (RejectedExecutionException ex) {
				// The event loop is shutting down and its channels with it: nothing will drain.
				this.queued.addAndGet(-discard());
			}
		}
	}

	/** The weight of the packets queued and not yet handed to the channel. */
	long pendingBytes() {
		return (long) this.queued.get() * QUEUED_PACKET_WEIGHT;
	}

	/** Drains the queue on the event loop. */
	@Override
	public void run() {
		// Cleared before polling: a packet queued from now on schedules a drain of its own.
		this.scheduled.set(false);
		// Unflushed bytes count as pending, and other threads check pending bytes against the
		// high water mark before each send: a batch kept well under it cannot make a client
		// that reads well look like a slow consumer.
		int budget = Math.min(MAX_UNFLUSHED_BYTES, this.channel.config().getWriteBufferHighWaterMark() / 4);
		int unflushed = 0;
		Packet packet;
		while ((packet = this.packets.poll()) != null) {
			int size = packet.payload().length + HEADER_ALLOWANCE;
			if (unflushed > 0 && unflushed + size > budget) {
				this.channel.flush();
				unflushed = 0;
			}
			this.queued.decrementAndGet();
			replied(packet);
			this.channel.write(packet);
			unflushed += size;
		}
		if (unflushed > 0) {
			this.channel.flush();
		}
	}

	/** How many packets are queued and not yet handed to the channel. */
	int queuedPackets() {
		return this.queued.get();
	}

	private void replied(Packet packet) {
		if (this.replied != null && packet.seq() != 0) {
			this.replied.accept(packet.seq());
		}
	}

	private int discard() {
		int discarded = 0;
		while (this.packets.poll() != null) {
			discarded++;
		}
		return discarded;
	}

}
