package io.rally.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.curator.test.TestingServer;

import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.examples.ExampleNodeApplication;
import io.rally.gate.GateApplication;
import io.rally.protocol.ProtocolSettings;

/**
 * Rally as a cluster: a gate and a node, each in a JVM of its own started from the benchmark's
 * class path, linked by gRPC; the node found through a ZooKeeper (Curator's test server, in this
 * JVM) and users bound in a Redis (a {@code redis-server} child process), both on loopback.
 * Startup and shutdown are outside the measured time. Whatever was started is stopped on
 * {@link #close()}, and by a shutdown hook if the benchmark exits first.
 */
final class ClusterServer implements RallyTarget {

	/** How long the two JVMs may take until the gate serves the route. */
	static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	/** How long each process may take to stop after being asked, before it is killed. */
	static final Duration STOP_GRACE = Duration.ofSeconds(15);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final ClusterPorts ports;

	private final PrintStream progress;

	private final Thread shutdownHook = new Thread(this::stopAll, "benchmark-cluster-stop");

	private final AtomicBoolean stopped = new AtomicBoolean();

	private TestingServer zooKeeper;

	private ChildProcess redis;

	private final List<ChildProcess> jvms = new ArrayList<>();

	private ClusterServer(ClusterPorts ports, PrintStream progress) {
		this.ports = ports;
		this.progress = progress;
	}

	/** The settings both JVMs share: cluster mode, the registry, Redis, and gRPC on loopback. */
	private static Map<String, String> clusterProperties(String zooKeeper, ClusterPorts ports, int grpcPort) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("rally.mode", "cluster");
		properties.put("rally.cluster.registry", "zookeeper");
		properties.put("spring.cloud.zookeeper.connect-string", zooKeeper);
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(ports.redis()));
		properties.put("rally.cluster.grpc.host", "127.0.0.1");
		properties.put("rally.cluster.grpc.port", Integer.toString(grpcPort));
		properties.put("rally.cluster.grpc.advertised-host", "127.0.0.1");
		// A node's threads (gRPC's included) are all daemons: without this its JVM ends once started.
		properties.put("spring.main.keep-alive", "true");
		return properties;
	}

	/**
	 * The gate's settings: those of the standalone run's gate on the ports picked, no node of its
	 * own, then the user's {@code --rally-property} values.
	 */
	static List<String> gateProperties(BenchmarkOptions options, String zooKeeper, ClusterPorts ports) {
		Map<String, String> properties = RallyServer.gateProperties(options);
		properties.put("rally.gate.tcp.port", Integer.toString(ports.gateTcp()));
		properties.put("rally.gate.ws.port", Integer.toString(ports.gateWs()));
		if (options.kcpEnabled()) {
			properties.put("rally.gate.kcp.port", Integer.toString(ports.gateKcp()));
		}
		// A known port, so that the abuse target can read what the gate counted.
		properties.put("server.port", Integer.toString(ports.gateHttp()));
		properties.put("management.endpoints.web.exposure.include", "health,prometheus");
		// The benchmark's class path also holds the standalone app's application.yml, which names it.
		properties.put("spring.application.name", "rally-gate");
		properties.put("rally.node.enabled", "false");
		properties.putAll(clusterProperties(zooKeeper, ports, ports.gateGrpc()));
		return RallyServer.withOverrides(properties, options.rallyProperties());
	}

	/**
	 * The node's settings: no gate (gate-service is on the class path too), a short drain so that
	 * stopping does not wait for users the benchmark never unbinds, then the user's values.
	 */
	static List<String> nodeProperties(BenchmarkOptions options, String zooKeeper, ClusterPorts ports) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", "rally-node");
		properties.put("rally.gate.enabled", "false");
		properties.put("rally.node.drain-timeout", "2s");
		properties.put("server.port", "0");
		properties.put("logging.level.root", "WARN");
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(clusterProperties(zooKeeper, ports, ports.nodeGrpc()));
		return RallyServer.withOverrides(properties, options.rallyProperties());
	}

	/**
	 * Starts ZooKeeper, Redis, the node and the gate, and returns once the gate answers a request
	 * on the benchmark's route.
	 * @throws IllegalStateException if anything fails to start or is not ready in time, with the
	 * tails of the child logs; whatever had started is stopped again
	 */
	static ClusterServer start(BenchmarkOptions options, ProtocolSettings settings, PrintStream progress) {
		ClusterServer cluster = new ClusterServer(ClusterPorts.free(), progress);
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			cluster.startChildren(options, ChildCommands.Launch.current());
			cluster.awaitReady(options, settings);
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private void startChildren(BenchmarkOptions options, ChildCommands.Launch launch) {
		Path logs = launch.logDirectory();
		String redisServer = ChildCommands.findRedisServer();
		try {
			this.zooKeeper = new TestingServer(true);
			// Its working directory; with neither snapshots nor an append-only file it writes nothing there.
			this.redis = ChildProcess.start("redis-server",
					ChildCommands.redis(redisServer, this.ports.redis(), logs.toAbsolutePath()),
					logs.resolve("redis.log"));
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not start ZooKeeper and Redis: " + ex, ex);
		}
		String zk = this.zooKeeper.getConnectString();
		List<String> nodeArgs = new ArrayList<>(options.jvmArgs());
		nodeArgs.addAll(options.nodeJvmArgs());
		List<String> gateArgs = new ArrayList<>(options.jvmArgs());
		gateArgs.addAll(options.gateJvmArgs());
		// Both at once: each takes a few seconds to start, and the gate finds the node whenever it registers.
		this.jvms.add(ChildProcess.start("node JVM", ChildCommands.java(launch, nodeArgs,
				ExampleNodeApplication.class.getName(), nodeProperties(options, zk, this.ports)),
				logs.resolve("node.log")));
		this.jvms.add(ChildProcess.start("gate JVM", ChildCommands.java(launch, gateArgs,
				GateApplication.class.getName(), gateProperties(options, zk, this.ports)),
				logs.resolve("gate.log")));
		this.progress.println("[cluster] ZooKeeper " + zk + ", Redis port " + this.ports.redis() + ", node pid "
				+ this.jvms.get(0).pid() + ", gate pid " + this.jvms.get(1).pid() + "; logs in "
				+ logs.toAbsolutePath());
	}

	/** Polls, as there is nothing to wait on, until the gate answers on the route or time runs out. */
	private void awaitReady(BenchmarkOptions options, ProtocolSettings settings) {
		long start = System.nanoTime();
		long deadline = start + START_TIMEOUT.toNanos();
		// The probe goes over TCP, which speaks TLS only when it is the transport measured.
		EchoProbe probe = (options.tls() && options.transport() == Transport.TCP)
				? new EchoProbe(settings, PROBE_TIMEOUT, BenchmarkTls.shared().socketFactory())
				: new EchoProbe(settings, PROBE_TIMEOUT);
		int port = this.ports.gate(options.transport());
		String problem;
		while (true) {
			this.redis.requireAlive();
			for (ChildProcess jvm : this.jvms) {
				try {
					jvm.requireAlive();
				}
				catch (IllegalStateException ex) {
					throw new IllegalStateException(ex.getMessage() + otherLogs(jvm), ex);
				}
			}
			problem = readiness(probe, port, options.route());
			if (problem == null) {
				this.progress.printf("[cluster] gate serves route %d after %.1f s%n", options.route(),
						(System.nanoTime() - start) / 1e9);
				return;
			}
			if (System.nanoTime() - deadline > 0) {
				break;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		throw new IllegalStateException("the cluster's gate did not serve route " + options.route() + " within "
				+ START_TIMEOUT.toSeconds() + " s (last: " + problem + ")" + otherLogs(null));
	}

	/** Why the gate is not ready yet, or {@code null} if it is. */
	private String readiness(EchoProbe probe, int port, int route) {
		// A KCP port is UDP: nothing to connect to; the TCP request below shows the gate is up.
		if (port == this.ports.gateWs() && !accepts(port)) {
			return "port " + port + " refuses connections";
		}
		try {
			// Over TCP whatever the transport measured: the route is served or not alike.
			probe.roundTrip(this.ports.gateTcp(), route);
			return null;
		}
		catch (IOException ex) {
			return "request on tcp port " + this.ports.gateTcp() + ": " + ex.getMessage();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String otherLogs(ChildProcess except) {
		StringBuilder logs = new StringBuilder();
		for (ChildProcess jvm : this.jvms) {
			if (jvm != except) {
				logs.append("\nlast lines of ").append(jvm.log()).append(":\n").append(jvm.tail(30));
			}
		}
		return logs.toString();
	}

	@Override
	public int port(Transport transport) {
		return this.ports.gate(transport);
	}

	@Override
	public URI metricsUri() {
		return URI.create("http://127.0.0.1:" + this.ports.gateHttp() + "/actuator/prometheus");
	}

	@Override
	public void close() {
		stopAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down already; the hook has run or runs this same code
		}
	}

	/** The gate first, so that it stops sending to the node; both JVMs stop side by side. */
	private void stopAll() {
		if (!this.stopped.compareAndSet(false, true)) {
			return;
		}
		List<ChildProcess> reversed = new ArrayList<>(this.jvms);
		Collections.reverse(reversed);
		reversed.forEach(ChildProcess::requestStop);
		reversed.forEach((jvm) -> jvm.awaitStop(STOP_GRACE));
		if (this.redis != null) {
			this.redis.requestStop();
			this.redis.awaitStop(STOP_GRACE);
		}
		if (this.zooKeeper != null) {
			try {
				this.zooKeeper.close();
			}
			catch (IOException ex) {
				this.progress.println("[cluster] stopping ZooKeeper failed: " + ex);
			}
		}
	}

}
