package io.rally.node.internal.dispatch;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One thread and its queue: tasks run one after another, in the order they were offered.
 * Any thread may {@link #offer}; the lane thread alone polls.
 *
 * <p>The thread drains everything queued per wake-up and parks only when the queue is empty.
 * It raises {@code parked} before its last look at the queue, and a producer looks at
 * {@code parked} after its offer, so one of the two always sees the other: either the thread
 * finds the task, or the producer unparks it. Producers race for that unpark through a
 * compare-and-set, so a busy lane costs its producers one queue offer and one volatile read.
 *
 * <p>Before parking, an idle thread yields its core a few times and looks again. Under load
 * the next task usually arrives within those yields, which saves the park and the producer's
 * unpark (two context switches per message on a machine with fewer cores than busy threads);
 * on an idle machine a yield with nothing else to run returns at once, so the cost is a few
 * microseconds of one core before the thread parks.
 */
final class WorkerLane implements Runnable {

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean parked = new AtomicBoolean();

	private final Consumer<Runnable> runner;

	private final int idleYields;

	private final Thread thread;

	private volatile boolean shutdown;

	private volatile boolean aborted;

	/**
	 * @param runner runs one task on the lane thread; it must not throw
	 * @param idleYields how many times an idle thread yields and looks again before it parks
	 */
	WorkerLane(String name, Consumer<Runnable> runner, int idleYields) {
		this.runner = runner;
		this.idleYields = idleYields;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Queues {@code task} behind those already offered.
	 * @return {@code false} if the lane is shut down; the task will then not run
	 */
	boolean offer(Runnable task) {
		if (this.shutdown) {
			return false;
		}
		this.tasks.offer(task);
		// Shut down since the check above: the thread may be gone already, so take the task back
		// unless it has run or is running. Only on the way down, where the linear remove is fine.
		if (this.shutdown && this.tasks.remove(task)) {
			return false;
		}
		if (this.parked.get() && this.parked.compareAndSet(true, false)) {
			LockSupport.unpark(this.thread);
		}
		return true;
	}

	@Override
	public void run() {
		while (!this.aborted) {
			Runnable task = this.tasks.poll();
			if (task != null) {
				// An interrupt left by a previous task must not reach the next one; one from abort()
				// must.
				if (Thread.interrupted() && this.aborted) {
					Thread.currentThread().interrupt();
				}
				this.runner.accept(task);
				continue;
			}
			if (this.shutdown) {
				// Offers after shutdown either were taken back or are seen here, see offer().
				if (this.tasks.isEmpty()) {
					return;
				}
				continue;
			}
			if (yieldUntilTask()) {
				continue;
			}
			this.parked.set(true);
			if (this.tasks.isEmpty() && !this.shutdown) {
				LockSupport.park(this);
			}
			this.parked.set(false);
		}
	}

	private boolean yieldUntilTask() {
		for (int i = 0; i < this.idleYields && !this.shutdown; i++) {
			Thread.yield();
			if (!this.tasks.isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/** Takes no more tasks; those queued still run, then the thread ends. */
	void shutdown() {
		this.shutdown = true;
		LockSupport.unpark(this.thread);
	}

	/**
	 * Waits for the thread to end.
	 * @return whether it ended within {@code nanos}
	 */
	boolean awaitTermination(long nanos) throws InterruptedException {
		this.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
		return !this.thread.isAlive();
	}

	/**
	 * Stops the thread after its current task, interrupting that task.
	 * @return how many tasks were dropped without running
	 */
	int abort() {
		this.shutdown = true;
		this.aborted = true;
		this.thread.interrupt();
		LockSupport.unpark(this.thread);
		int dropped = 0;
		while (this.tasks.poll() != null) {
			dropped++;
		}
		return dropped;
	}

	boolean isTerminated() {
		return !this.thread.isAlive();
	}

}
