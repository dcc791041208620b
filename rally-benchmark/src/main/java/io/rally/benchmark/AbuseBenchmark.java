package io.rally.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;

/**
 * The abuse target: one Rally (standalone, or a cluster's gate and node), one set of good
 * clients in a closed loop, measured twice in the same run: first alone ("quiet"), then beside
 * the {@link AbuseTraffic abusers} ("under abuse"). The second phase has no warm-up: the abusers
 * start as it starts, and whatever their arrival costs the good clients counts.
 */
final class AbuseBenchmark {

	static final String QUIET = "quiet";

	static final String ABUSED = "under abuse";

	/** Time for the abusers to start and stop, on top of the phases, for the watchdog. */
	static final Duration ABUSERS_START_AND_STOP = Duration.ofSeconds(30);

	private final BenchmarkOptions options;

	private final ProtocolSettings settings;

	private final PrintStream out;

	private final PrintStream err;

	AbuseBenchmark(BenchmarkOptions options, ProtocolSettings settings, PrintStream out, PrintStream err) {
		this.options = options;
		this.settings = settings;
		this.out = out;
		this.err = err;
	}

	/** Runs both phases, prints the report and writes the JSON file if asked. @return the exit status */
	int run() throws IOException {
		String server = Report.label(this.options.abuse().cluster() ? Report.CLUSTER : Report.RALLY);
		AbuseResult result;
		// Closed in reverse: the good clients, their loops, then the server.
		try (RallyTarget rally = startRally();
				LoadGenerator generator = new LoadGenerator(this.options, this.settings, this.err);
				LoadSession good = generator.open(rally.port(this.options.transport()), false, true)) {
			this.err.println("[abuse] phase 1: " + this.options.connections() + " good clients alone");
			ThreadCpu goodQuiet = new ThreadCpu(ThreadCpu.LOAD_GENERATOR);
			TargetResult quiet = good.measure(QUIET, this.options.warmup(), this.options.duration(), null);
			result = underAbuse(server, rally, good, quiet, goodQuiet.coresBusy());
		}
		this.out.println();
		this.out.print(AbuseReport.text(this.options, result));
		if (this.options.json() != null) {
			Files.writeString(this.options.json(), AbuseReport.json(this.options, result), StandardCharsets.UTF_8);
			this.err.println("results written to " + this.options.json());
		}
		return 0;
	}

	private RallyTarget startRally() {
		if (this.options.abuse().cluster()) {
			this.err.println("[abuse] starting ZooKeeper, Redis, and the node and gate JVMs");
			return ClusterServer.start(this.options, this.settings, this.err);
		}
		this.err.println("[abuse] starting the standalone app");
		return RallyServer.start(this.options);
	}

	/** Phase 2: the same good clients, measured from the moment the abusers start. */
	private AbuseResult underAbuse(String server, RallyTarget rally, LoadSession good, TargetResult quiet,
			double goodQuietBusy) {
		byte[] payload = new byte[this.options.payload()];
		ThreadLocalRandom.current().nextBytes(payload);
		try (AbuseTraffic abusers = new AbuseTraffic(this.options, new PacketCodec(this.settings), payload,
				rally.port(Transport.TCP), rally.port(Transport.KCP))) {
			URI metrics = rally.metricsUri();
			String[] problem = new String[1];
			GateCounters before = readGate(metrics, problem);
			this.err.println("[abuse] phase 2: beside the abusers");
			ThreadCpu goodAbused = new ThreadCpu(ThreadCpu.LOAD_GENERATOR);
			ThreadCpu flooders = new ThreadCpu(ThreadCpu.FLOODERS);
			ThreadCpu spoofers = new ThreadCpu(ThreadCpu.SPOOFERS);
			abusers.start();
			TargetResult abused = good.measure(ABUSED, Duration.ZERO, this.options.duration(), abusers::progress);
			AbuseTraffic.Counts counts = abusers.counts();
			AbuseResult.LoopsBusy loops = new AbuseResult.LoopsBusy(goodQuietBusy, goodAbused.coresBusy(),
					flooders.coresBusy(), spoofers.coresBusy());
			GateCounters after = readGate(metrics, problem);
			GateCounters gate = (before != null && after != null) ? after.since(before) : null;
			this.err.println("[abuse] stopping the abusers");
			return new AbuseResult(server, quiet, abused, counts, gate, problem[0], loops);
		}
	}

	/** The gate's counters, or {@code null} with the reason in {@code problem[0]}: the run goes on without. */
	private static GateCounters readGate(URI metrics, String[] problem) {
		if (metrics == null) {
			problem[0] = "the gate's actuator port is not known";
			return null;
		}
		try {
			return GateCounters.scrape(metrics).withKernelUdpDrops();
		}
		catch (IOException ex) {
			problem[0] = metrics + ": " + ex.getMessage();
			return null;
		}
	}

}
