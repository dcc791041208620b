package io.rally.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.rally.benchmark.OptionValues.jvmArg;
import static io.rally.benchmark.OptionValues.parseDuration;
import static io.rally.benchmark.OptionValues.parseEnum;
import static io.rally.benchmark.OptionValues.parseInt;
import static io.rally.benchmark.OptionValues.require;

/**
 * The command line of the benchmark, parsed and checked. Immutable.
 *
 * @param target which servers to drive
 * @param transport the client transport
 * @param connections concurrent connections, each with exactly one request in flight
 * @param payload payload bytes per request
 * @param duration measured time per target
 * @param warmup time per target before measuring, its results discarded
 * @param route the route every request is sent to
 * @param timeout time after which an unanswered request counts as an error
 * @param ioThreads event loop threads of the load generator
 * @param wsPath the WebSocket path the servers listen on
 * @param json file to write the results to as JSON, or {@code null}
 * @param rallyProperties extra {@code key=value} properties for the Rally apps: the standalone app
 * and both JVMs of the cluster
 * @param jvmArgs extra options for both child JVMs of the cluster target
 * @param gateJvmArgs extra options for the cluster's gate JVM only, after {@code jvmArgs}
 * @param nodeJvmArgs extra options for the cluster's node JVM only, after {@code jvmArgs}
 * @param tls whether the load generator and the Rally targets speak TLS; the echo baseline
 * stays plaintext, so that the comparison shows what TLS costs
 * @param abuse what the abuse target runs beside the good clients
 */
record BenchmarkOptions(Target target, Transport transport, int connections, int payload, Duration duration,
		Duration warmup, int route, Duration timeout, int ioThreads, String wsPath, Path json,
		List<String> rallyProperties, List<String> jvmArgs, List<String> gateJvmArgs, List<String> nodeJvmArgs,
		boolean tls, AbuseOptions abuse) {

	private static final String USAGE = """
			Usage: java -jar rally-benchmark-exec.jar [options]
			  --target T                 servers to drive, in this order: echo, rally (standalone, in this
			                             JVM), cluster (gate and node JVMs linked by gRPC); T is one of
			                             them, both (echo and rally) or all (default %s); or abuse:
			                             good clients alone, then beside abusers (options below)
			  --transport tcp|ws|kcp     client transport (default %s); with kcp the bare echo baseline
			                             stays tcp, to show what KCP costs, and the cluster is not run
			  --connections N            connections, one request in flight each (default %d)
			  --payload BYTES            payload bytes per request (default %d)
			  --duration D               measured time per target, e.g. 500ms, 30s, 2m (default %s)
			  --warmup D                 unmeasured time per target before that (default %s)
			  --route R                  route of every request (default %d)
			  --timeout D                a request unanswered this long is an error (default %s)
			  --io-threads N             load generator event loop threads (default %d: half the cores)
			  --ws-path P                WebSocket path of the servers (default %s)
			  --json FILE                also write the results as JSON
			  --rally-property K=V       extra property for the standalone app and both cluster JVMs,
			                             repeatable
			  --jvm-arg ARG              extra option for both cluster JVMs, repeatable (they run with %s;
			                             the last -Xmx wins)
			  --gate-jvm-arg ARG         extra option for the cluster's gate JVM only, repeatable
			  --node-jvm-arg ARG         extra option for the cluster's node JVM only, repeatable
			  --tls                      Rally targets over TLS (wss for ws) with a certificate made at
			                             startup; the echo baseline stays plaintext, to show the cost
			""";

	/** The help text, its defaults taken from {@link #parse} itself so that they cannot drift. */
	static String usage() {
		BenchmarkOptions d = defaults();
		return String.format(Locale.ROOT, USAGE, OptionValues.id(d.target()), d.transport().id(), d.connections(),
				d.payload(), OptionValues.format(d.duration()), OptionValues.format(d.warmup()), d.route(),
				OptionValues.format(d.timeout()), d.ioThreads(), d.wsPath(),
				String.join(" ", ChildCommands.DEFAULT_JVM_ARGS)) + AbuseOptions.usage();
	}

	enum Target {

		RALLY, ECHO, BOTH, CLUSTER, ALL,

		/** Not a comparison: the Rally standalone app (or cluster) with and without abusers. */
		ABUSE;

		boolean includesEcho() {
			return this == ECHO || this == BOTH || this == ALL;
		}

		boolean includesRally() {
			return this == RALLY || this == BOTH || this == ALL;
		}

		boolean includesCluster() {
			return this == CLUSTER || this == ALL;
		}

	}

	enum Transport {

		TCP, WS, KCP;

		String id() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** What the bare echo server speaks for this transport: it has no KCP, so KCP is measured against TCP. */
		Transport baseline() {
			return (this == KCP) ? TCP : this;
		}

	}

	BenchmarkOptions {
		require(connections > 0, "connections: " + connections + " (expected: > 0)");
		require(route >= Short.MIN_VALUE && route <= Short.MAX_VALUE,
				"route: " + route + " (expected: " + Short.MIN_VALUE + " to " + Short.MAX_VALUE + ")");
		require(payload >= 0, "payload: " + payload + " (expected: >= 0)");
		require(!duration.isNegative() && !duration.isZero(), "duration: " + duration + " (expected: > 0)");
		require(!warmup.isNegative(), "warmup: " + warmup + " (expected: >= 0)");
		require(!timeout.isNegative() && !timeout.isZero(), "timeout: " + timeout + " (expected: > 0)");
		require(ioThreads > 0, "io-threads: " + ioThreads + " (expected: > 0)");
		require(wsPath.startsWith("/"), "ws-path: " + wsPath + " (expected: starting with /)");
		require(transport != Transport.KCP || !target.includesCluster(),
				"transport: kcp (expected: with target echo, rally or both; the cluster run has no KCP port)");
		require(transport != Transport.KCP || !tls, "tls with transport kcp (expected: tcp or ws; KCP has no TLS)");
		require(target != Target.ABUSE || !tls, "tls with target abuse (expected: plaintext; the abusers speak no TLS)");
		rallyProperties = List.copyOf(rallyProperties);
		jvmArgs = List.copyOf(jvmArgs);
		gateJvmArgs = List.copyOf(gateJvmArgs);
		nodeJvmArgs = List.copyOf(nodeJvmArgs);
	}

	/** These options with another transport. */
	BenchmarkOptions withTransport(Transport transport) {
		return new BenchmarkOptions(this.target, transport, this.connections, this.payload, this.duration, this.warmup,
				this.route, this.timeout, this.ioThreads, this.wsPath, this.json, this.rallyProperties, this.jvmArgs,
				this.gateJvmArgs, this.nodeJvmArgs, this.tls, this.abuse);
	}

	/** Whether the Rally apps open their KCP port: for KCP clients, or for the abuse target's flood. */
	boolean kcpEnabled() {
		return this.transport == Transport.KCP || this.target == Target.ABUSE;
	}

	static BenchmarkOptions defaults() {
		return parse();
	}

	/**
	 * Parses {@code --name value} pairs; unknown names and bad values are rejected.
	 * @throws IllegalArgumentException with a message that names the option
	 */
	static BenchmarkOptions parse(String... args) {
		Target target = Target.BOTH;
		Transport transport = Transport.TCP;
		// Unset until given: the abuse target has defaults of its own.
		Integer connections = null;
		int payload = 256;
		Duration duration = Duration.ofSeconds(30);
		Duration warmup = Duration.ofSeconds(5);
		int route = 1;
		Duration timeout = null;
		int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
		String wsPath = "/";
		Path json = null;
		List<String> rallyProperties = new ArrayList<>();
		List<String> jvmArgs = new ArrayList<>();
		List<String> gateJvmArgs = new ArrayList<>();
		List<String> nodeJvmArgs = new ArrayList<>();
		boolean tls = false;
		AbuseOptions.Parser abuse = new AbuseOptions.Parser();
		for (int i = 0; i < args.length; i += 2) {
			String name = args[i];
			// Flags take no value.
			if (name.equals("--tls") || abuse.acceptFlag(name)) {
				tls |= name.equals("--tls");
				i--;
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(name + ": missing value");
			}
			String value = args[i + 1];
			if (abuse.accept(name, value)) {
				continue;
			}
			switch (name) {
				case "--target" -> target = parseEnum(Target.class, name, value);
				case "--transport" -> transport = parseEnum(Transport.class, name, value);
				case "--connections", "--good" -> connections = parseInt(name, value);
				case "--payload" -> payload = parseInt(name, value);
				case "--duration" -> duration = parseDuration(name, value);
				case "--warmup" -> warmup = parseDuration(name, value);
				case "--route" -> route = parseInt(name, value);
				case "--timeout" -> timeout = parseDuration(name, value);
				case "--io-threads" -> ioThreads = parseInt(name, value);
				case "--ws-path" -> wsPath = value;
				case "--json" -> json = Path.of(value);
				case "--rally-property" -> {
					require(value.indexOf('=') > 0, name + ": " + value + " (expected: key=value)");
					rallyProperties.add(value);
				}
				case "--jvm-arg" -> jvmArgs.add(jvmArg(name, value));
				case "--gate-jvm-arg" -> gateJvmArgs.add(jvmArg(name, value));
				case "--node-jvm-arg" -> nodeJvmArgs.add(jvmArg(name, value));
				default -> throw new IllegalArgumentException(name + ": unknown option");
			}
		}
		boolean abused = target == Target.ABUSE;
		// Under abuse a second without an answer is already a lost request for a player.
		return new BenchmarkOptions(target, transport, (connections != null) ? connections : (abused ? 50 : 100),
				payload, duration, warmup, route,
				(timeout != null) ? timeout : Duration.ofSeconds(abused ? 1 : 5), ioThreads, wsPath, json,
				rallyProperties, jvmArgs, gateJvmArgs, nodeJvmArgs, tls, abuse.build());
	}

}
