package io.rally.cluster.redis.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The background threads that connect to Redis, where connecting blocks: daemons, so that a
 * hanging attempt never keeps a JVM alive, and stopped with a bounded wait, so that no
 * connection they open outlives the Lettuce client.
 */
public final class DaemonExecutors {

	private DaemonExecutors() {
	}

	/** Daemon threads, all called {@code name}. */
	public static ThreadFactory threadFactory(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Waits up to {@code timeout} for a shut-down {@code executor} to finish its running task,
	 * then interrupts it if it has not; keeps the calling thread's interrupt.
	 */
	public static void awaitTermination(ExecutorService executor, Duration timeout) {
		try {
			if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
