package io.rally.gate.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most connections one gate holds, across its transports. Thread-safe.
 */
public final class ConnectionLimit {

	private final int max;

	private final AtomicInteger active = new AtomicInteger();

	public ConnectionLimit(int max) {
		if (max < 1) {
			throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
		}
		this.max = max;
	}

	/** Takes a slot; {@code false} (and nothing taken) when all are in use. */
	public boolean tryAcquire() {
		while (true) {
			int current = this.active.get();
			if (current >= this.max) {
				return false;
			}
			if (this.active.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	public void release() {
		this.active.decrementAndGet();
	}

	public int active() {
		return this.active.get();
	}

	public int max() {
		return this.max;
	}

}
