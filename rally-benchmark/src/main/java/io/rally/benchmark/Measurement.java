package io.rally.benchmark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

/**
 * The clock of one target's run: wakes once a second to print a progress line and to take the
 * latencies recorded since, discards those of the warm-up, and adds up the rest. Runs on the
 * calling thread while the event loops do the work; one instance per run.
 */
final class Measurement {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final BenchmarkOptions options;

	private final LoadRun run;

	private final PrintStream progress;

	private final Supplier<String> progressSuffix;

	/** @param progressSuffix more to print at the end of each progress line, or {@code null} */
	Measurement(BenchmarkOptions options, LoadRun run, PrintStream progress, Supplier<String> progressSuffix) {
		this.options = options;
		this.run = run;
		this.progress = progress;
		this.progressSuffix = progressSuffix;
	}

	/** Reports progress once a second; only the {@code duration} after {@code warmup} goes into the result. */
	TargetResult measure(String target, Duration warmup, Duration duration) {
		long start = System.nanoTime();
		long warmupEnd = start + warmup.toNanos();
		long end = warmupEnd + duration.toNanos();
		Histogram total = new Histogram(LoadRun.LOWEST_NANOS, this.run.highestNanos, 3);
		Histogram interval = null;
		boolean measuring = warmupEnd <= start;
		long measureStart = start;
		LoadRun.Counts atStart = this.run.counts();
		long nextTick = start + SECOND;
		long lastTick = start;
		long tickCount = 0;
		while (true) {
			sleepUntil(Math.min(nextTick, measuring ? end : warmupEnd));
			long now = System.nanoTime();
			interval = this.run.recorder.getIntervalHistogram(interval);
			tickCount += interval.getTotalCount();
			if (measuring) {
				total.add(interval);
			}
			if (now >= nextTick) {
				printProgress(target, now - start, measuring, tickCount * (double) SECOND / (now - lastTick));
				tickCount = 0;
				lastTick = now;
				nextTick += SECOND;
			}
			if (!measuring && now >= warmupEnd) {
				measuring = true;
				measureStart = now;
				atStart = this.run.counts();
			}
			else if (measuring && now >= end) {
				return TargetResult.of(target, this.options, total, (now - measureStart) / (double) SECOND,
						this.run.counts().minus(atStart), this.run.connectFailures.sum());
			}
		}
	}

	private void printProgress(String target, long elapsed, boolean measuring, double rate) {
		String suffix = (this.progressSuffix != null) ? "  " + this.progressSuffix.get() : "";
		this.progress.printf(Locale.ROOT, "[%s] %5.1fs %-7s %,10.0f req/s  in-flight %d  errors %d%s%n", target,
				elapsed / (double) SECOND, measuring ? "measure" : "warmup", rate, this.run.open.get(),
				this.run.errors(), suffix);
	}

	private static void sleepUntil(long deadline) {
		for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

}
