package io.rally.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * How busy the benchmark's own event loops were over a stretch of time: the CPU time of every
 * thread whose name starts with a prefix, as a share of one core. It shows whether the load
 * generator kept up or was itself the bottleneck. The loops get their names from
 * {@link #threadFactory}. One instance per stretch measured.
 */
final class ThreadCpu {

	/** The good clients' loops ({@link LoadGenerator}). */
	static final String LOAD_GENERATOR = "load-generator";

	/** The flooders' loops. */
	static final String FLOODERS = "abuse-flooders";

	/** The loop of the slowloris connections and the KCP flood. */
	static final String SPOOFERS = "abuse-spoofers";

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final String prefix;

	private final long startCpu;

	private final long startWall;

	/** Starts measuring the threads named {@code prefix...} now. */
	ThreadCpu(String prefix) {
		this.prefix = prefix;
		this.startCpu = cpuNanos(prefix);
		this.startWall = System.nanoTime();
	}

	/** Threads named {@code prefix-<pool>-<n>}, daemons like Netty's default ones. */
	static DefaultThreadFactory threadFactory(String prefix) {
		return new DefaultThreadFactory(prefix, true);
	}

	/**
	 * CPU time since the start over the time passed: 1.0 is one core busy all along, 2.0 two;
	 * {@code -1} if the JVM does not measure thread CPU time.
	 */
	double coresBusy() {
		long wall = System.nanoTime() - this.startWall;
		long cpu = cpuNanos(this.prefix);
		return (cpu < 0 || this.startCpu < 0 || wall <= 0) ? -1 : (cpu - this.startCpu) / (double) wall;
	}

	/**
	 * The CPU time of the live threads named {@code prefix...}; a thread that ended in between
	 * takes its time with it, which the loops measured here never do while they run.
	 */
	private static long cpuNanos(String prefix) {
		if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
			return -1;
		}
		long total = 0;
		long[] ids = THREADS.getAllThreadIds();
		ThreadInfo[] infos = THREADS.getThreadInfo(ids);
		for (int i = 0; i < ids.length; i++) {
			if (infos[i] != null && infos[i].getThreadName().startsWith(prefix)) {
				total += Math.max(0, THREADS.getThreadCpuTime(ids[i]));
			}
		}
		return total;
	}

}
