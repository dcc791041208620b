package io.rally.benchmark;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;

/**
 * What the connections of one target's run share: the latency recorder, the error counters and
 * whether the run still goes on. Written from the generator's event loops, read by the thread
 * that reports progress; every field is safe for that.
 */
final class LoadRun {

	/** Latencies below a microsecond are not worth telling apart. */
	static final long LOWEST_NANOS = TimeUnit.MICROSECONDS.toNanos(1);

	final Recorder recorder;

	final long highestNanos;

	final LongAdder timeouts = new LongAdder();

	final LongAdder errorResponses = new LongAdder();

	final LongAdder disconnects = new LongAdder();

	final LongAdder connectFailures = new LongAdder();

	final LongAdder lateResponses = new LongAdder();

	final AtomicInteger open = new AtomicInteger();

	private volatile boolean running = true;

	LoadRun(long timeoutNanos) {
		// Room for twice the timeout: a response can arrive late, the sweep runs only now and then.
		this.highestNanos = Math.max(TimeUnit.SECONDS.toNanos(1), 2 * timeoutNanos);
		this.recorder = new Recorder(LOWEST_NANOS, this.highestNanos, 3);
	}

	void recordLatency(long nanos) {
		this.recorder.recordValue(Math.max(LOWEST_NANOS, Math.min(nanos, this.highestNanos)));
	}

	boolean isRunning() {
		return this.running;
	}

	void stop() {
		this.running = false;
	}

	Counts counts() {
		return new Counts(this.timeouts.sum(), this.errorResponses.sum(), this.disconnects.sum(),
				this.lateResponses.sum());
	}

	long errors() {
		return this.timeouts.sum() + this.errorResponses.sum() + this.disconnects.sum() + this.connectFailures.sum();
	}

	/**
	 * Counters at one moment, so that the warm-up's can be taken off.
	 *
	 * @param timeouts requests that got no response within the timeout
	 * @param errorResponses responses that were error packets or did not echo the request
	 * @param disconnects connections that closed while the run went on
	 * @param lateResponses responses that came after their request had timed out (not errors)
	 */
	record Counts(long timeouts, long errorResponses, long disconnects, long lateResponses) {

		static final Counts NONE = new Counts(0, 0, 0, 0);

		Counts minus(Counts other) {
			return new Counts(this.timeouts - other.timeouts, this.errorResponses - other.errorResponses,
					this.disconnects - other.disconnects, this.lateResponses - other.lateResponses);
		}

	}

}
