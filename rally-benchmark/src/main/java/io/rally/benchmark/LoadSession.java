package io.rally.benchmark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;

/**
 * The connected closed-loop clients of one server, from the moment they start sending until
 * they are closed: a run may measure them once ({@link LoadGenerator#run}) or in several
 * phases, as the abuse target does, each phase with its own result. Opened by
 * {@link LoadGenerator#open}.
 */
final class LoadSession implements AutoCloseable {

	private final BenchmarkOptions options;

	private final LoadRun run;

	private final List<LoadConnection> connections;

	private final PrintStream progress;

	private final List<ScheduledFuture<?>> sweeps;

	/** Starts the timeout sweeps and sends every connection's first request. */
	LoadSession(BenchmarkOptions options, LoadRun run, List<LoadConnection> connections, PrintStream progress) {
		this.options = options;
		this.run = run;
		this.connections = connections;
		this.progress = progress;
		this.sweeps = startSweeps(connections, options.timeout().toNanos());
		for (LoadConnection connection : connections) {
			connection.ready().channel().eventLoop().execute(connection::start);
		}
	}

	/**
	 * Measures for {@code warmup} plus {@code duration}, counting only the latter, while the
	 * connections keep running.
	 * @param progressSuffix more to print on each progress line, or {@code null}
	 */
	TargetResult measure(String target, Duration warmup, Duration duration, Supplier<String> progressSuffix) {
		return new Measurement(this.options, this.run, this.progress, progressSuffix).measure(target, warmup,
				duration);
	}

	/**
	 * One timeout sweep per event loop over the connections it serves, rather than a timer per
	 * request: no task is allocated in the request loop.
	 */
	private static List<ScheduledFuture<?>> startSweeps(List<LoadConnection> connections, long timeoutNanos) {
		Map<EventLoop, List<LoadConnection>> byLoop = new IdentityHashMap<>();
		for (LoadConnection connection : connections) {
			byLoop.computeIfAbsent(connection.ready().channel().eventLoop(), (loop) -> new ArrayList<>())
				.add(connection);
		}
		long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
				Math.min(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 10));
		List<ScheduledFuture<?>> sweeps = new ArrayList<>();
		byLoop.forEach((loop, served) -> {
			LoadConnection[] array = served.toArray(new LoadConnection[0]);
			sweeps.add(loop.scheduleAtFixedRate(() -> {
				long now = System.nanoTime();
				for (LoadConnection connection : array) {
					connection.checkTimeout(now);
				}
			}, period, period, TimeUnit.NANOSECONDS));
		});
		return sweeps;
	}

	/** Stops sending and closes every connection, waiting for them a few seconds at most. */
	@Override
	public void close() {
		this.run.stop();
		this.sweeps.forEach((sweep) -> sweep.cancel(false));
		for (LoadConnection connection : this.connections) {
			connection.ready().channel().close();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (LoadConnection connection : this.connections) {
			connection.ready()
				.channel()
				.closeFuture()
				.awaitUninterruptibly(LoadGenerator.remaining(deadline), TimeUnit.NANOSECONDS);
		}
	}

}
