package io.rally.node.internal.dispatch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.rally.cluster.flow.WaterMarks;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A fixed number of single-threaded lanes. A task goes to the lane picked by the hash of its
 * key (gate id and connection id), so the tasks of one key run one after another in submission
 * order, and tasks of different keys run in parallel on different lanes. All lanes share one
 * bound on queued tasks, checked before anything is enqueued. Thread-safe.
 *
 * <p>The price of this design, chosen for its cheap hot path (one hash, one counter, one queue
 * offer, and a wake-up only for an idle lane), is head-of-line blocking: a handler that blocks
 * holds up every key of its lane.
 *
 * <p>Callers that should pause rather than be refused ask {@link #isReady()}: the lanes are
 * ready below half the bound, and {@link #whenReady} waiters are released at a quarter.
 */
final class WorkerLanes {

	private static final Log logger = LogFactory.getLog(WorkerLanes.class);

	private static final AtomicInteger threadNumbers = new AtomicInteger();

	private final WorkerLane[] lanes;

	private final AtomicInteger queued = new AtomicInteger();

	private final int maxQueued;

	private final WaterMarks marks;

	WorkerLanes(int threads, int maxQueued) {
		this(threads, maxQueued, 0);
	}

	/**
	 * @param idleYields how many times an idle lane yields before it parks, see {@link WorkerLane}
	 */
	WorkerLanes(int threads, int maxQueued, int idleYields) {
		if (threads < 1) {
			throw new IllegalArgumentException("workerThreads: " + threads + " (expected: > 0)");
		}
		if (maxQueued < 1) {
			throw new IllegalArgumentException("maxQueuedMessages: " + maxQueued + " (expected: > 0)");
		}
		if (idleYields < 0) {
			throw new IllegalArgumentException("workerIdleYields: " + idleYields + " (expected: >= 0)");
		}
		this.maxQueued = maxQueued;
		int highWater = Math.max(1, maxQueued / 2);
		this.marks = new WaterMarks(highWater, highWater / 2, this.queued::get);
		this.lanes = new WorkerLane[threads];
		for (int i = 0; i < threads; i++) {
			this.lanes[i] = new WorkerLane("rally-node-worker-" + threadNumbers.incrementAndGet(), this::run,
					idleYields);
			this.lanes[i].start();
		}
	}

	/**
	 * Queues {@code task} on the lane of the key.
	 * @param bounded whether the task counts against the bound and is refused when it is reached
	 * @return {@code false} if the task was refused (bound reached, or shut down)
	 */
	boolean submit(String gateId, long connectionId, Runnable task, boolean bounded) {
		int count = this.queued.incrementAndGet();
		if (bounded && count > this.maxQueued) {
			this.queued.decrementAndGet();
			return false;
		}
		if (!this.lanes[laneOf(gateId, connectionId)].offer(task)) {
			this.queued.decrementAndGet();
			return false;
		}
		return true;
	}

	private void run(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			logger.error("Unexpected failure on a node worker", ex);
		}
		finally {
			this.marks.drained(this.queued.decrementAndGet());
		}
	}

	private int laneOf(String gateId, long connectionId) {
		int hash = 31 * gateId.hashCode() + Long.hashCode(connectionId);
		hash ^= (hash >>> 16);
		return (hash & Integer.MAX_VALUE) % this.lanes.length;
	}

	/** Whether fewer tasks than half the bound are queued or running. */
	boolean isReady() {
		return this.marks.isReady();
	}

	/** Runs {@code task} on a worker once a quarter of the bound or less is queued; now if ready. */
	void whenReady(Runnable task) {
		this.marks.whenReady(task);
	}

	/** Tasks queued or running now. */
	int queued() {
		return this.queued.get();
	}

	/**
	 * Refuses new tasks, runs the queued ones and waits for them at most {@code timeout}; then
	 * interrupts whatever still runs and drops what is still queued.
	 * @return {@code true} if every queued task ran in time
	 */
	boolean shutdown(Duration timeout) {
		for (WorkerLane lane : this.lanes) {
			lane.shutdown();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean drained = true;
		try {
			for (WorkerLane lane : this.lanes) {
				long remaining = Math.max(0, deadline - System.nanoTime());
				drained &= lane.awaitTermination(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			drained = false;
		}
		if (!drained) {
			int dropped = 0;
			for (WorkerLane lane : this.lanes) {
				dropped += lane.abort();
			}
			this.queued.addAndGet(-dropped);
			this.marks.release();
			logger.warn("Node workers did not drain within " + timeout + "; dropped " + dropped + " queued messages");
		}
		return drained;
	}

}
