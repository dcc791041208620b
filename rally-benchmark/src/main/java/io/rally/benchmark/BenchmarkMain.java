package io.rally.benchmark;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.rally.protocol.ProtocolSettings;

/**
 * The benchmark's command line: drives a bare Netty echo server and then the Rally standalone
 * app with the same closed-loop load, and reports each and how they compare. Progress goes to
 * standard error, the report to standard output. Run with {@code --help} for the options.
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
	 * shutdown: the benchmark must end by itself, bounded in time.
	 */
	private static void startWatchdog(BenchmarkOptions options, PrintStream err) {
		int targets = (options.target() == BenchmarkOptions.Target.BOTH) ? 2 : 1;
		Duration perTarget = options.warmup()
			.plus(options.duration())
			.plus(LoadGenerator.connectTime(options))
			.plus(START_AND_STOP);
		long limitNanos = perTarget.multipliedBy(targets).toNanos();
		Thread watchdog = new Thread(() -> {
			long deadline = System.nanoTime() + limitNanos;
			for (long left = limitNanos; left > 0; left = deadline - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
			err.println("benchmark overran its " + Duration.ofNanos(limitNanos).toSeconds() + " s bound; halting");
			Runtime.getRuntime().halt(3);
		}, "benchmark-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	private int run() throws Exception {
		// The generator's codec must carry the payload; a gate with the default limit will reject a larger one.
		int maxPayload = Math.max(ProtocolSettings.defaults().maxPayloadBytes(), this.options.payload());
		ProtocolSettings settings = ProtocolSettings.builder().maxPayloadBytes(maxPayload).build();
		List<TargetResult> results = new ArrayList<>();
		String rallyFailure = null;
		try (LoadGenerator generator = new LoadGenerator(this.options, settings, this.err)) {
			if (this.options.target().includesEcho()) {
				try (BareEchoServer echo = BareEchoServer.start(this.options.transport(), settings,
						this.options.wsPath())) {
					results.add(generator.run(Report.ECHO, echo.port()));
				}
			}
			if (this.options.target().includesRally()) {
				try {
					results.add(runRally(generator));
				}
				catch (RuntimeException ex) {
					rallyFailure = ex.getMessage();
					this.err.println("Rally run failed: " + ex);
					ex.printStackTrace(this.err);
				}
			}
		}
		printReport(results, rallyFailure);
		if (this.options.json() != null) {
			writeJson(results, rallyFailure);
		}
		return (rallyFailure != null) ? 1 : 0;
	}

	private TargetResult runRally(LoadGenerator generator) {
		this.err.println("[rally] starting the standalone app");
		try (RallyServer rally = RallyServer.start(this.options)) {
			return generator.run(Report.RALLY, rally.port(this.options.transport()));
		}
	}

	private void printReport(List<TargetResult> results, String rallyFailure) {
		this.out.println();
		results.forEach((result) -> this.out.print(Report.text(result)));
		TargetResult echo = Report.find(results, Report.ECHO);
		TargetResult rally = Report.find(results, Report.RALLY);
		if (echo != null && rally != null) {
			this.out.println(Report.comparison(echo, rally));
		}
		if (rallyFailure != null) {
			this.out.println("Rally standalone: not measured (" + rallyFailure + ")");
		}
	}

	private void writeJson(List<TargetResult> results, String rallyFailure) throws IOException {
		Files.writeString(this.options.json(), Report.json(this.options, results, rallyFailure),
				StandardCharsets.UTF_8);
		this.err.println("results written to " + this.options.json());
	}

}
