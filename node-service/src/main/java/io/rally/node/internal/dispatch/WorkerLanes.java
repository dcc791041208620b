package io.rally.node.internal.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A fixed number of single-threaded lanes. A task goes to the lane picked by the hash of its
 * key (gate id and connection id), so the tasks of one key run one after another in submission
 * order, and tasks of different keys run in parallel on different lanes. All lanes share one
 * bound on queued tasks, checked before anything is enqueued. Thread-safe.
 *
 * <p>The price of this design, chosen for its cheap hot path (one hash, one counter, one queue
 * offer), is head-of-line blocking: a handler that blocks holds up every key of its lane.
 */
final class WorkerLanes {

	private static final Log logger = LogFactory.getLog(WorkerLanes.class);

	private final ThreadPoolExecutor[] lanes;

	private final AtomicInteger queued = new AtomicInteger();

	private final int maxQueued;

	WorkerLanes(int threads, int maxQueued) {
		if (threads < 1) {
			throw new IllegalArgumentException("workerThreads: " + threads + " (expected: > 0)");
		}
		if (maxQueued < 1) {
			throw new IllegalArgumentException("maxQueuedMessages: " + maxQueued + " (expected: > 0)");
		}
		this.maxQueued = maxQueued;
		this.lanes = new ThreadPoolExecutor[threads];
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("rally-node-worker-");
		threadFactory.setDaemon(true);
		for (int i = 0; i < threads; i++) {
			this.lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
					threadFactory);
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
		try {
			this.lanes[laneOf(gateId, connectionId)].execute(() -> run(task));
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.queued.decrementAndGet();
			return false;
		}
	}

	private void run(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			logger.error("Unexpected failure on a node worker", ex);
		}
		finally {
			this.queued.decrementAndGet();
		}
	}

	private int laneOf(String gateId, long connectionId) {
		int hash = 31 * gateId.hashCode() + Long.hashCode(connectionId);
		hash ^= (hash >>> 16);
		return (hash & Integer.MAX_VALUE) % this.lanes.length;
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
		for (ThreadPoolExecutor lane : this.lanes) {
			lane.shutdown();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean drained = true;
		try {
			for (ThreadPoolExecutor lane : this.lanes) {
				long remaining = Math.max(0, deadline - System.nanoTime());
				drained &= lane.awaitTermination(remaining, TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			drained = false;
		}
		if (!drained) {
			int dropped = 0;
			for (ThreadPoolExecutor lane : this.lanes) {
				List<Runnable> left = lane.shutdownNow();
				dropped += left.size();
			}
			this.queued.addAndGet(-dropped);
			logger.warn("Node workers did not drain within " + timeout + "; dropped " + dropped + " queued messages");
		}
		return drained;
	}

}
