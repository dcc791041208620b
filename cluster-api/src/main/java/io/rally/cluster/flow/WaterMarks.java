package io.rally.cluster.flow;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;

/**
 * The readiness of one bounded queue, for back-pressure: the queue is ready while it holds
 * fewer items than the high-water mark; whoever found it not ready {@linkplain #whenReady
 * waits} until it has drained to the low-water mark, so that producers do not flap between
 * paused and running at the mark. The queue owns its size and reports every decrease to
 * {@link #drained}; the check there is one volatile read while nobody waits.
 *
 * <p>Thread-safe. The tasks run on the thread that drained the queue (or on the caller's, when
 * the queue is ready already), so they must be short: hand the real work to its own executor.
 */
public final class WaterMarks {

	// The module has no logging library of its own: the JDK's facade reaches whatever the application uses.
	private static final System.Logger logger = System.getLogger(WaterMarks.class.getName());

	private final int high;

	private final int low;

	private final IntSupplier size;

	private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();

	private volatile boolean waiting;

	/**
	 * @param high the size from which the queue is not ready
	 * @param low the size at or below which waiters are released
	 * @param size the queue's current size
	 */
	public WaterMarks(int high, int low, IntSupplier size) {
		if (high < 1) {
			throw new IllegalArgumentException("high: " + high + " (expected: >= 1)");
		}
		if (low < 0 || low >= high) {
			throw new IllegalArgumentException("low: " + low + " (expected: >= 0 and < high, " + high + ")");
		}
		this.high = high;
		this.low = low;
		this.size = size;
	}

	/** Whether the queue is below its high-water mark now. */
	public boolean isReady() {
		return this.size.getAsInt() < this.high;
	}

	/** Runs {@code task} once, now if the queue is ready, else when it has drained to the low-water mark. */
	public void whenReady(Runnable task) {
		if (isReady()) {
			run(task);
			return;
		}
		this.waiters.add(task);
		this.waiting = true;
		// The queue may have drained between the look above and the add: nobody would release us.
		if (this.size.getAsInt() <= this.low) {
			release();
		}
	}

	/** Tells that the queue shrank to {@code newSize}; releases the waiters at the low-water mark. */
	public void drained(int newSize) {
		if (this.waiting && newSize <= this.low) {
			release();
		}
	}

	/** Releases every waiter, whatever the size: the queue was emptied or closed. */
	public void release() {
		this.waiting = false;
		Runnable task;
		while ((task = this.waiters.poll()) != null) {
			run(task);
		}
	}

	/** How many wait now. */
	public int waiting() {
		return this.waiters.size();
	}

	private static void run(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "A task waiting for a queue to drain failed", ex);
		}
	}

}
