package io.rally.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 */
record BenchmarkOptions(Target target, Transport transport, int connections, int payload, Duration duration,
		Duration warmup, int route, Duration timeout, int ioThreads, String wsPath, Path json,
		List<String> rallyProperties, List<String> jvmArgs, List<String> gateJvmArgs, List<String> nodeJvmArgs,
		boolean tls) {

	private static final String USAGE = """
			Usage: java -jar rally-benchmark-exec.jar [options]
			  --target T                 servers to drive, in this order: echo, rally (standalone, in this
			                             JVM), cluster (gate and node JVMs linked by gRPC); T is one of
			                             them, both (echo and rally) or all (default %s)
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
		return String.format(Locale.ROOT, USAGE, d.target().name().toLowerCase(Locale.ROOT), d.transport().id(),
				d.connections(), d.payload(), format(d.duration()), format(d.warmup()), d.route(), format(d.timeout()),
				d.ioThreads(), d.wsPath(), String.join(" ", ChildCommands.DEFAULT_JVM_ARGS));
	}

	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}


	enum Target {

		RALLY, ECHO, BOTH, CLUSTER, ALL;

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
		rallyProperties = List.copyOf(rallyProperties);
		jvmArgs = List.copyOf(jvmArgs);
		gateJvmArgs = List.copyOf(gateJvmArgs);
		nodeJvmArgs = List.copyOf(nodeJvmArgs);
	}

	/** These options with another transport. */
	BenchmarkOptions withTransport(Transport transport) {
		return new BenchmarkOptions(this.target, transport, this.connections, this.payload, this.duration, this.warmup,
				this.route, this.timeout, this.ioThreads, this.wsPath, this.json, this.rallyProperties, this.jvmArgs,
				this.gateJvmArgs, this.nodeJvmArgs, this.tls);
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
		int connections = 100;
		int payload = 256;
		Duration duration = Duration.ofSeconds(30);
		Duration warmup = Duration.ofSeconds(5);
		int route = 1;
		Duration timeout = Duration.ofSeconds(5);
		int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
		String wsPath = "/";
		Path json = null;
		List<String> rallyProperties = new ArrayList<>();
		List<String> jvmArgs = new ArrayList<>();
		List<String> gateJvmArgs = new ArrayList<>();
		List<String> nodeJvmArgs = new ArrayList<>();
		boolean tls = false;
		for (int i = 0; i < args.length; i += 2) {
			String name = args[i];
			if (name.equals("--tls")) {
				// The one flag without a value.
				tls = true;
				i--;
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(name + ": missing value");
			}
			String value = args[i + 1];
			switch (name) {
				case "--target" -> target = parseEnum(Target.class, name, value);
				case "--transport" -> transport = parseEnum(Transport.class, name, value);
				case "--connections" -> connections = parseInt(name, value);
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
		return new BenchmarkOptions(target, transport, connections, payload, duration, warmup, route, timeout,
				ioThreads, wsPath, json, rallyProperties, jvmArgs, gateJvmArgs, nodeJvmArgs, tls);
	}

	/** JVM options only: anything else would be taken for the main class or its arguments. */
	private static String jvmArg(String name, String value) {
		require(value.startsWith("-") && value.length() > 1,
				name + ": " + value + " (expected: a JVM option such as -Xmx2g)");
		return value;
	}

	/** Accepts {@code 250ms}, {@code 30s}, {@code 2m}, or a bare number of seconds. */
	static Duration parseDuration(String name, String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			if (v.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			if (v.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(v));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: a duration such as 500ms, 30s or 2m)");
		}
	}

	private static int parseInt(String name, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: an integer)");
		}
	}

	private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(value.trim())) {
				return constant;
			}
		}
		List<String> expected = new ArrayList<>();
		for (E constant : type.getEnumConstants()) {
			expected.add(constant.name().toLowerCase(Locale.ROOT));
		}
		throw new IllegalArgumentException(name + ": " + value + " (expected: " + String.join(", ", expected) + ")");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
