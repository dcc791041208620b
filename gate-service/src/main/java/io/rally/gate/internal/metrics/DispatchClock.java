package io.rally.gate.internal.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;

/**
 * Times one connection's requests from the moment the gate hands them to a node until the
 * reply with the same seq is written back to the client ({@value GateMetrics#DISPATCH}).
 *
 * <p>The start times sit in a few slots chosen by seq, allocated with the connection's first
 * request: a client with more requests in flight than slots, or one that reuses a seq before
 * its reply came, loses samples rather than making the gate hold more. A request that never
 * gets a reply is overwritten by a later one. Seq 0 (a notify) is never timed.
 *
 * <p>Not thread-safe: both ends run on the connection's event loop, where the gate dispatches
 * and writes, so the hot path takes no lock and allocates nothing.
 */
public final class DispatchClock {

	/**
	 * A power of two, so that a slot is {@code seq & (SLOTS - 1)}; 16 slots cost under 200 bytes
	 * a connection and cover the requests a game client keeps in flight.
	 */
	private static final int SLOTS = 16;

	private final Timer timer;

	private int[] seqs;

	private long[] started;

	DispatchClock(Timer timer) {
		this.timer = timer;
	}

	/** The request with {@code seq} is on its way to a node. */
	public void dispatched(int seq) {
		if (seq == 0) {
			return;
		}
		if (this.seqs == null) {
			this.seqs = new int[SLOTS];
			this.started = new long[SLOTS];
		}
		int slot = seq & (SLOTS - 1);
		this.seqs[slot] = seq;
		this.started[slot] = System.nanoTime();
	}

	/** The request with {@code seq} did not reach a node after all: whatever answers it is not timed. */
	public void abandoned(int seq) {
		if (seq != 0 && this.seqs != null && this.seqs[seq & (SLOTS - 1)] == seq) {
			this.seqs[seq & (SLOTS - 1)] = 0;
		}
	}

	/** A packet with {@code seq} is being written to the client; records it if it answers a timed request. */
	public void replied(int seq) {
		if (seq == 0 || this.seqs == null) {
			return;
		}
		int slot = seq & (SLOTS - 1);
		if (this.seqs[slot] == seq) {
			this.seqs[slot] = 0;
			this.timer.record(System.nanoTime() - this.started[slot], TimeUnit.NANOSECONDS);
		}
	}

}
