package io.rally.benchmark;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

import io.rally.protocol.ProtocolSettings;

/**
 * The benchmark's command line: drives a bare Netty echo server, the Rally standalone app and a
 * Rally cluster of a gate and a node JVM with the same closed-loop load, and reports each and how
 * they compare; or, as the abuse target, one Rally with and without abusers beside its clients
 * ({@link AbuseBenchmark}). Progress goes to standard error, the report to standard output. Run
 * with {@code --help} for the options.
 */
public final class BenchmarkMain {

	/** Generous time to start and stop one server, the Rally app included. */
	private static final Duration START_AND_STOP = Duration.ofSeconds(60);

	private final BenchmarkOptions options;

	private final PrintStream out;

	private final PrintStream err;

	private BenchmarkMain(BenchmarkOptions options, PrintStream out, PrintStream err) {
		this.options = options;
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
		if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
			out.print(BenchmarkOptions.usage());
			System.exit(0);
		}
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.print(BenchmarkOptions.usage());
			System.exit(2);
			return;
		}
		startWatchdog(options, err);
		int status;
		try {
			status = new BenchmarkMain(options, out, err).run();
		}
		catch (Exception ex) {
			err.println("benchmark failed: " + ex);
			ex.printStackTrace(err);
			status = 1;
		}
		// Whatever a server left running must not keep the process alive.
		System.exit(status);
	}

	/**
	 * Halts the JVM if the run takes far longer than it should, say because a server hangs on
	 * shutdown: the benchmark must end by itself, bounded in time. The processes it started die
	 * with it, as a halt runs no shutdown hooks.
	 */
	private static void startWatchdog(BenchmarkOptions options, PrintStream err) {
		BenchmarkOptions.Target target = options.target();
		int targets = (target.includesEcho() ? 1 : 0) + (target.includesRally() ? 1 : 0)
				+ (target.includesCluster() ? 1 : 0);
		Duration perTarget = options.warmup()
			.plus(options.duration())
			.plus(LoadGenerator.connectTime(options))
			.plus(START_AND_STOP);
		Duration limit = perTarget.multipliedBy(targets);
		if (target == BenchmarkOptions.Target.ABUSE) {
			// One server, measured twice: quiet, then under abuse.
			limit = perTarget.plus(options.duration()).plus(AbuseBenchmark.ABUSERS_START_AND_STOP);
		}
		if (target.includesCluster() || (target == BenchmarkOptions.Target.ABUSE && options.abuse().cluster())) {
			// Two Spring apps start side by side, and four processes stop one after the other.
			limit = limit.plus(ClusterServer.START_TIMEOUT).plus(ClusterServer.STOP_GRACE.multipliedBy(3));
		}
		long limitNanos = limit.toNanos();
		Thread watchdog = new Thread(() -> {
			long deadline = System.nanoTime() + limitNanos;
			for (long left = limitNanos; left > 0; left = deadline - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
			err.println("benchmark overran its " + Duration.ofNanos(limitNanos).toSeconds() + " s bound; halting");
			ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
			Runtime.getRuntime().halt(3);
		}, "benchmark-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	private int run() throws Exception {
		// The generator's codec must carry the payload; a gate with the default limit will reject a larger one.
		int maxPayload = Math.max(ProtocolSettings.defaults().maxPayloadBytes(), this.options.payload());
		ProtocolSettings settings = ProtocolSettings.builder().maxPayloadBytes(maxPayload).build();
		if (this.options.target() == BenchmarkOptions.Target.ABUSE) {
			return new AbuseBenchmark(this.options, settings, this.out, this.err).run();
		}
		List<TargetResult> results = new ArrayList<>();
		Map<String, String> failures = new LinkedHashMap<>();
		try (LoadGenerator generator = new LoadGenerator(this.options, settings, this.err)) {
			if (this.options.target().includesEcho()) {
				results.add(runEcho(generator, settings));
			}
			if (this.options.target().includesRally()) {
				measure(Report.RALLY, () -> runRally(generator), results, failures);
			}
			if (this.options.target().includesCluster()) {
				measure(Report.CLUSTER, () -> runCluster(generator, settings), results, failures);
			}
		}
		printReport(results, failures);
		if (this.options.json() != null) {
			writeJson(results, failures);
		}
		return failures.isEmpty() ? 0 : 1;
	}

	/** The bare echo server over the transport's {@link BenchmarkOptions.Transport#baseline() baseline}. */
	private TargetResult runEcho(LoadGenerator generator, ProtocolSettings settings) throws InterruptedException {
		BenchmarkOptions.Transport baseline = this.options.transport().baseline();
		try (BareEchoServer echo = BareEchoServer.start(baseline, settings, this.options.wsPath())) {
			if (baseline == this.options.transport()) {
				return generator.run(Report.ECHO, echo.port());
			}
			try (LoadGenerator baselineGenerator = new LoadGenerator(this.options.withTransport(baseline), settings,
					this.err)) {
				return baselineGenerator.run(Report.ECHO, echo.port());
			}
		}
	}

	/** A Rally target that fails is reported as such; the targets after it still run. */
	private void measure(String target, Supplier<TargetResult> run, List<TargetResult> results,
			Map<String, String> failures) {
		try {
			results.add(run.get());
		}
		catch (RuntimeException ex) {
			failures.put(target, String.valueOf(ex.getMessage()));
			this.err.println(Report.label(target) + " run failed: " + ex);
			ex.printStackTrace(this.err);
		}
	}

	private TargetResult runRally(LoadGenerator generator) {
		this.err.println("[rally] starting the standalone app");
		try (RallyServer rally = RallyServer.start(this.options)) {
			return generator.run(Report.RALLY, rally.port(this.options.transport()), this.options.tls());
		}
	}

	private TargetResult runCluster(LoadGenerator generator, ProtocolSettings settings) {
		this.err.println("[cluster] starting ZooKeeper, Redis, and the node and gate JVMs");
		try (ClusterServer cluster = ClusterServer.start(this.options, settings, this.err)) {
			return generator.run(Report.CLUSTER, cluster.port(this.options.transport()), this.options.tls());
		}
		finally {
			this.err.println("[cluster] stopped");
		}
	}

	private void printReport(List<TargetResult> results, Map<String, String> failures) {
		this.out.println();
		results.forEach((result) -> this.out.print(Report.text(result)));
		TargetResult echo = Report.find(results, Report.ECHO);
		for (String target : Report.RALLY_TARGETS) {
			TargetResult rally = Report.find(results, target);
			if (rally != null) {
				this.out.println(Report.comparison(echo, rally));
			}
			if (failures.containsKey(target)) {
				// Only the first line: a failed start carries the child logs' tails, printed above.
				String failure = failures.get(target).lines().findFirst().orElse("");
				this.out.println(Report.label(target) + ": not measured (" + failure + ")");
			}
		}
	}

	private void writeJson(List<TargetResult> results, Map<String, String> failures) throws IOException {
		Files.writeString(this.options.json(), Report.json(this.options, results, failures),
				StandardCharsets.UTF_8);
		this.err.println("results written to " + this.options.json());
	}

}
