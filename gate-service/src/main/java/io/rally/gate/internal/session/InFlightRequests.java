package io.rally.gate.internal.session;

import java.util.Arrays;

/**
 * The requests of one connection that went to a node and await their reply, bounded by
 * {@code rally.gate.limits.max-in-flight}: a client that pipelines more waits (the gate stops
 * reading from it) instead of filling the queues other players' messages share. A request
 * whose reply never comes (a handler that answers nothing) holds its slot until the in-flight
 * timeout, then no longer counts.
 *
 * <p>Slots are allocated with the first request. Not thread-safe: everything runs on the
 * connection's event loop, where the gate dispatches and writes replies.
 */
public final class InFlightRequests {

	private final int max;

	private final long timeoutNanos;

	private int[] seqs;

	private long[] deadlines;

	private int count;

	private Runnable whenRoom;

	/**
	 * @param max the most requests awaiting a reply
	 * @param timeoutNanos how long an unanswered request counts
	 */
	public InFlightRequests(int max, long timeoutNanos) {
		if (max < 1) {
			throw new IllegalArgumentException("maxInFlight: " + max + " (expected: > 0)");
		}
		if (timeoutNanos <= 0) {
			throw new IllegalArgumentException("inFlightTimeout: " + timeoutNanos + "ns (expected: > 0)");
		}
		this.max = max;
		this.timeoutNanos = timeoutNanos;
	}

	/** Whether another request may go now; forgets requests that timed out. */
	public boolean hasRoom(long now) {
		if (this.count < this.max) {
			return true;
		}
		forgetExpired(now);
		return this.count < this.max;
	}

	/** The request {@code seq} (not 0) went to a node; without room, it takes the oldest slot. */
	public void sent(int seq, long now) {
		if (this.seqs == null) {
			this.seqs = new int[this.max];
			this.deadlines = new long[this.max];
		}
		int slot = (this.count < this.max) ? indexOf(0) : oldest();
		if (this.seqs[slot] == 0) {
			this.count++;
		}
		this.seqs[slot] = seq;
		this.deadlines[slot] = now + this.timeoutNanos;
	}

	/** The reply to {@code seq} is on its way to the client, or the request was never sent after all. */
	public void answered(int seq) {
		if (seq == 0 || this.count == 0) {
			return;
		}
		int slot = indexOf(seq);
		if (slot < 0) {
			return;
		}
		this.seqs[slot] = 0;
		this.count--;
		Runnable task = this.whenRoom;
		if (task != null) {
			this.whenRoom = null;
			task.run();
		}
	}

	/** Runs {@code task} once, when the next request is answered; replaces a task set before. */
	public void whenRoom(Runnable task) {
		this.whenRoom = task;
	}

	/** When the oldest request in flight stops counting; only meaningful while {@link #count} > 0. */
	public long nextExpiry() {
		return (this.count > 0) ? this.deadlines[oldest()] : Long.MAX_VALUE;
	}

	/** Requests awaiting their reply now. */
	public int count() {
		return this.count;
	}

	private void forgetExpired(long now) {
		for (int i = 0; i < this.seqs.length; i++) {
			if (this.seqs[i] != 0 && this.deadlines[i] - now <= 0) {
				this.seqs[i] = 0;
				this.count--;
			}
		}
	}

	private int indexOf(int seq) {
		for (int i = 0; i < this.seqs.length; i++) {
			if (this.seqs[i] == seq) {
				return i;
			}
		}
		return -1;
	}

	private int oldest() {
		int oldest = -1;
		for (int i = 0; i < this.seqs.length; i++) {
			if (this.seqs[i] != 0 && (oldest < 0 || this.deadlines[i] - this.deadlines[oldest] < 0)) {
				oldest = i;
			}
		}
		return oldest;
	}

	@Override
	public String toString() {
		return "InFlightRequests[" + this.count + "/" + this.max + ((this.seqs != null) ? " " + Arrays.toString(this.seqs)
				: "") + "]";
	}

}
