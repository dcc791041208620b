package io.rally.gate.internal.admission;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * A warning that anyone on the network can cause, logged at most once every 10 s with the
 * number of times it was left out meanwhile; the metrics count every one. Thread-safe.
 */
final class IntervalLog {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Log logger;

	private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

	private final AtomicLong suppressed = new AtomicLong();

	IntervalLog(Log logger) {
		this.logger = logger;
	}

	void warn(String message) {
		long now = System.nanoTime();
		long previous = this.last.get();
		if (now - previous < INTERVAL_NANOS || !this.last.compareAndSet(previous, now)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long more = this.suppressed.getAndSet(0);
		this.logger.warn(message + ((more > 0) ? " (" + more + " more since the last report)" : "")
				+ "; more within 10s are only counted");
	}

}
