package io.rally.integration;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.rally.client.RallyClient;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceState;
import io.rally.cluster.grpc.GrpcEndpointExporter;
import io.rally.examples.basics.LoginController;
import io.rally.gate.GateApplication;
import io.rally.gate.api.GateServer;
import io.rally.gate.dispatch.DispatchStrategy;
import io.rally.gate.dispatch.Dispatcher;
import io.rally.integration.node.TestNodeApplication;
import io.rally.node.internal.messaging.GateDirectory;
import io.rally.protocol.Packet;
import io.rally.testsupport.RedisTestServer;
import io.rally.testsupport.ZooKeeperTestServer;
import org.apache.curator.framework.CuratorFramework;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * A Rally cluster inside the test JVM: every gate and node is a Spring application of its
 * own, as it would be on its own machine, all on the JVM's real ZooKeeper and Redis and
 * talking over real gRPC on loopback. Each cluster gets its own Redis key prefix and service
 * id prefix, so clusters of different test classes never see each other.
 *
 * <p>Settings are passed as command-line arguments, which win over the defaults the
 * applications' {@code main} methods would set.
 */
final class RallyCluster implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** How long a cluster change (start, stop, state) may take to reach every view. */
	static final Duration CONVERGENCE = Duration.ofSeconds(30);

	private final String name;

	private final DispatchStrategy strategy;

	private final Map<String, ConfigurableApplicationContext> gates = new LinkedHashMap<>();

	private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();

	private final List<RallyClient> clients = new CopyOnWriteArrayList<>();

	RallyCluster(String name, DispatchStrategy strategy) {
		this.name = name + "-" + UUID.randomUUID().toString().substring(0, 6);
		this.strategy = strategy;
	}

	private List<String> common(String applicationName) {
		RedisTestServer redis = RedisTestServer.shared();
		return new ArrayList<>(List.of("--rally.mode=cluster", "--rally.cluster.registry=zookeeper",
				"--spring.cloud.zookeeper.connect-string=" + ZooKeeperTestServer.connectString(),
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--rally.cluster.redis.key-prefix=" + this.name,
				"--rally.cluster.discovery.service-id-prefix=" + this.name,
				"--rally.cluster.grpc.port=0", "--rally.cluster.grpc.host=127.0.0.1",
				"--rally.cluster.grpc.advertised-host=127.0.0.1", "--spring.application.name=" + applicationName,
				"--spring.main.banner-mode=off", "--spring.lifecycle.timeout-per-shutdown-phase=20s"));
	}

	/** Starts a gate (TCP only) with this cluster's dispatch strategy. */
	ConfigurableApplicationContext startGate(String id, String... extra) {
		List<String> args = common("rally-gate");
		args.addAll(List.of("--rally.node.enabled=false", "--rally.gate.id=" + id, "--rally.gate.tcp.port=0",
				"--rally.gate.tcp.host=127.0.0.1", "--rally.gate.ws.enabled=false", "--rally.gate.worker-threads=2",
				"--rally.gate.shutdown-timeout=2s", "--rally.gate.dispatch.strategy=" + this.strategy));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext gate = new SpringApplicationBuilder(GateApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		synchronized (this) {
			this.gates.put(id, gate);
		}
		return gate;
	}

	/** Starts a node serving the example controllers and the probes of the test node. */
	ConfigurableApplicationContext startNode(String id, String... extra) {
		List<String> args = common("rally-node");
		args.addAll(List.of("--rally.gate.enabled=false", "--rally.node.id=" + id, "--rally.node.worker-threads=4",
				"--rally.node.drain-timeout=5s"));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext node = new SpringApplicationBuilder(TestNodeApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		synchronized (this) {
			this.nodes.put(id, node);
		}
		return node;
	}

	synchronized ConfigurableApplicationContext gate(String id) {
		return this.gates.get(id);
	}

	synchronized ConfigurableApplicationContext node(String id) {
		return this.nodes.get(id);
	}

	synchronized List<String> gateIds() {
		return List.copyOf(this.gates.keySet());
	}

	synchronized List<String> nodeIds() {
		return List.copyOf(this.nodes.keySet());
	}

	/** What gate {@code gateId}'s dispatcher knows of a node now: its registration, or null. */
	InstanceInfo seenBy(String gateId, String nodeId) {
		return gate(gateId).getBean(Dispatcher.class).routes().node(nodeId);
	}

	/** Waits until every gate sees every node in WORK, and every node sees every gate. */
	void awaitFormed() {
		for (String nodeId : nodeIds()) {
			awaitSeen(nodeId, InstanceState.WORK);
		}
		int gateCount = gateIds().size();
		for (String nodeId : nodeIds()) {
			GateDirectory directory = node(nodeId).getBean(GateDirectory.class);
			await().atMost(CONVERGENCE).until(() -> directory.all().size() == gateCount);
		}
	}

	/** Waits until every gate's route table has {@code nodeId} in {@code state}. */
	void awaitSeen(String nodeId, InstanceState state) {
		for (String gateId : gateIds()) {
			await("gate " + gateId + " sees " + nodeId + " in " + state).atMost(CONVERGENCE).until(() -> {
				InstanceInfo seen = seenBy(gateId, nodeId);
				return seen != null && seen.state() == state;
			});
		}
	}

	/** Waits until no gate's route table has {@code nodeId} any more. */
	void awaitGone(String nodeId) {
		for (String gateId : gateIds()) {
			await("gate " + gateId + " forgets " + nodeId).atMost(CONVERGENCE)
				.until(() -> seenBy(gateId, nodeId) == null);
		}
	}

	/** Stops a node the way an operator would: its context closes and the node drains. */
	void stopNode(String id) {
		ConfigurableApplicationContext node;
		synchronized (this) {
			node = this.nodes.remove(id);
		}
		node.close();
	}

	/**
	 * Crashes a node's network: its gRPC server stops at once (open streams are cut, nothing is
	 * drained, nothing answers any more). Its registration stays in ZooKeeper until
	 * {@link #endSession} ends its session, as a session timeout would after a real crash,
	 * without the node ever deregistering or turning HANG. The dead context is out of the
	 * cluster from now on; the test {@link #bury buries} it when done.
	 */
	ConfigurableApplicationContext crashNode(String id) throws ReflectiveOperationException {
		ConfigurableApplicationContext node;
		synchronized (this) {
			node = this.nodes.remove(id);
		}
		Field serverField = GrpcEndpointExporter.class.getDeclaredField("server");
		serverField.setAccessible(true);
		Server server = (Server) serverField.get(node.getBean(GrpcEndpointExporter.class));
		server.shutdownNow();
		return node;
	}

	/** Ends a crashed node's ZooKeeper session, which removes its ephemeral registration. */
	static void endSession(ConfigurableApplicationContext crashed) {
		crashed.getBean(CuratorFramework.class).close();
	}

	/** Frees the threads of a crashed node; its stop fails to reach ZooKeeper, as expected. */
	static void bury(ConfigurableApplicationContext crashed) {
		crashed.close();
	}

	/** The port of a gate's TCP server. */
	int port(String gateId) {
		return gate(gateId).getBeansOfType(GateServer.class)
			.values()
			.stream()
			.filter((server) -> server.transport().equals("tcp"))
			.findFirst()
			.orElseThrow()
			.port();
	}

	/** A connected client of gate {@code gateId}, closed with the cluster. */
	RallyClient connect(String gateId, boolean errorPackets) {
		return connect(gateId, errorPackets, Duration.ofSeconds(10));
	}

	RallyClient connect(String gateId, boolean errorPackets, Duration requestTimeout) {
		RallyClient client = RallyClient.builder()
			.host("127.0.0.1")
			.port(port(gateId))
			.requestTimeout(requestTimeout)
			.errorPackets(errorPackets)
			.build();
		this.clients.add(client);
		client.connect().orTimeout(10, TimeUnit.SECONDS).join();
		return client;
	}

	/** A client of gate {@code gateId} logged in as {@code userId}. */
	RallyClient login(String gateId, long userId) {
		RallyClient client = connect(gateId, true);
		JsonNode reply = call(client, LoginController.LOGIN, "{\"userId\":" + userId + "}");
		if (reply.get("userId").asLong() != userId) {
			throw new IllegalStateException("login answered " + reply);
		}
		return client;
	}

	/** Closes every client opened so far; the gates tell the nodes. */
	void closeClients() {
		this.clients.forEach(RallyClient::close);
		this.clients.clear();
	}

	/** Closes the clients, then the gates (whose goodbyes reach the nodes), then the nodes. */
	@Override
	public void close() {
		closeClients();
		List<ConfigurableApplicationContext> all;
		synchronized (this) {
			all = new ArrayList<>(this.gates.values());
			all.addAll(this.nodes.values());
			this.gates.clear();
			this.nodes.clear();
		}
		all.forEach(ConfigurableApplicationContext::close);
	}

	static JsonNode call(RallyClient client, int route, String json) {
		return json(client.request(route, utf8(json)).orTimeout(15, TimeUnit.SECONDS).join());
	}

	/** The node that served a probe request (routes 40, 41, 42, 43). */
	static String servedBy(RallyClient client, int route) {
		return call(client, route, "{}").get("node").asString();
	}

	static JsonNode json(Packet packet) {
		return JSON.readTree(new String(packet.payload(), StandardCharsets.UTF_8));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
