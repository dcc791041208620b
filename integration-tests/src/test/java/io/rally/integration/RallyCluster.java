package io.rally.integration;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.rally.client.RallyClient;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.grpc.GrpcEndpointExporter;
import io.rally.examples.ExampleMeshApplication;
import io.rally.examples.basics.LoginController;
import io.rally.gate.GateApplication;
import io.rally.gate.api.GateServer;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.internal.dispatch.Dispatcher;
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
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

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

	private final Map<String, ConfigurableApplicationContext> meshes = new LinkedHashMap<>();

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
				"--rally.cluster.discovery.poll-interval=1s",
				"--rally.cluster.grpc.port=0", "--rally.cluster.grpc.host=127.0.0.1",
				"--rally.cluster.grpc.advertised-host=127.0.0.1", "--spring.application.name=" + applicationName,
				"--spring.main.banner-mode=off", "--spring.lifecycle.timeout-per-shutdown-phase=20s"));
	}

	/** Gates and nodes host no mesh services; Spring gRPC's server (on the class path for meshes) stays off. */
	private List<String> gateOrNode(String applicationName) {
		List<String> args = common(applicationName);
		args.add("--spring.grpc.server.enabled=false");
		return args;
	}

	/** Starts a gate (TCP only) with this cluster's dispatch strategy. */
	ConfigurableApplicationContext startGate(String id, String... extra) {
		return startGate(WebApplicationType.NONE, id, extra);
	}

	/**
	 * Starts a gate that serves its actuator over HTTP on a free port, as a deployed gate does
	 * on 8081.
	 */
	ConfigurableApplicationContext startWebGate(String id, String... extra) {
		return startGate(WebApplicationType.REACTIVE, id, webArgs(extra));
	}

	private ConfigurableApplicationContext startGate(WebApplicationType web, String id, String... extra) {
		List<String> args = gateOrNode("rally-gate");
		args.addAll(List.of("--rally.node.enabled=false", "--rally.gate.id=" + id, "--rally.gate.tcp.port=0",
				"--rally.gate.tcp.host=127.0.0.1", "--rally.gate.ws.enabled=false", "--rally.gate.worker-threads=2",
				"--rally.gate.shutdown-timeout=2s", "--rally.gate.dispatch.strategy=" + this.strategy));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext gate = withOwnHttpResources(new SpringApplicationBuilder(GateApplication.class), web)
			.run(args.toArray(String[]::new));
		synchronized (this) {
			this.gates.put(id, gate);
		}
		return gate;
	}

	/** Starts a node serving the example controllers and the probes of the test node. */
	ConfigurableApplicationContext startNode(String id, String... extra) {
		return startNode(TestNodeApplication.class, id, extra);
	}

	/** Starts a node of {@code application}, for example {@code ExampleNodeApplication}. */
	ConfigurableApplicationContext startNode(Class<?> application, String id, String... extra) {
		return startNode(application, WebApplicationType.NONE, id, extra);
	}

	/**
	 * Starts a test node that serves its actuator over HTTP on a free port, as a deployed node
	 * does on 8081: health with details, Prometheus, and the HTTP server stopped after the drain.
	 */
	ConfigurableApplicationContext startWebNode(String id, String... extra) {
		return startNode(TestNodeApplication.class, WebApplicationType.REACTIVE, id, webArgs(extra));
	}

	/**
	 * Sets the web application type; a web application gets Reactor Netty event loops of its own.
	 * By default every Reactor Netty server of a JVM shares global ones, and the first of this
	 * JVM's applications to stop would dispose of them under the others' HTTP servers, which a
	 * deployed service (one application per JVM) never sees.
	 */
	private static SpringApplicationBuilder withOwnHttpResources(SpringApplicationBuilder builder,
			WebApplicationType web) {
		builder.web(web);
		if (web == WebApplicationType.REACTIVE) {
			builder.initializers((context) -> ((GenericApplicationContext) context).registerBean(
					"rallyTestReactorResourceFactory", ReactorResourceFactory.class, () -> {
						ReactorResourceFactory resources = new ReactorResourceFactory();
						resources.setUseGlobalResources(false);
						return resources;
					}));
		}
		return builder;
	}

	/** The actuator settings of a deployed service, on a free port, then {@code extra}. */
	private static String[] webArgs(String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.shutdown=immediate",
				"--management.endpoints.web.exposure.include=health,prometheus",
				"--management.endpoint.health.show-details=always"));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	private ConfigurableApplicationContext startNode(Class<?> application, WebApplicationType web, String id,
			String... extra) {
		List<String> args = gateOrNode("rally-node");
		args.addAll(List.of("--rally.gate.enabled=false", "--rally.node.id=" + id, "--rally.node.worker-threads=4"));
		if (Arrays.stream(extra).noneMatch((arg) -> arg.startsWith("--rally.node.drain-timeout="))) {
			args.add("--rally.node.drain-timeout=5s");
		}
		args.addAll(List.of(extra));
		ConfigurableApplicationContext node = withOwnHttpResources(new SpringApplicationBuilder(application), web)
			.run(args.toArray(String[]::new));
		synchronized (this) {
			this.nodes.put(id, node);
		}
		return node;
	}

	/**
	 * Starts the mesh application (its example wallet kept in Redis under this cluster's
	 * prefix), registered in this cluster's ZooKeeper registry with its gRPC server on loopback.
	 */
	ConfigurableApplicationContext startMesh(String id, String... extra) {
		List<String> args = common("rally-mesh");
		// the gate is on this test class path, not on a real mesh's (whose node classes stay off by default)
		args.addAll(List.of("--rally.gate.enabled=false", "--rally.mesh.id=" + id, "--spring.grpc.server.port=0", "--server.port=0",
				"--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.shutdown-grace-period=1s",
				"--spring.main.keep-alive=false", "--rally.examples.wallet.key-prefix=" + this.name));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext mesh = ExampleMeshApplication.application().run(args.toArray(String[]::new));
		synchronized (this) {
			this.meshes.put(id, mesh);
		}
		return mesh;
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

	/**
	 * Waits until every gate sees every node in WORK and every other gate (a second login
	 * closes the first on another gate only if it knows that gate), and every node sees every
	 * gate.
	 */
	void awaitFormed() {
		for (String nodeId : nodeIds()) {
			awaitSeen(nodeId, InstanceState.WORK);
		}
		List<String> gateIds = gateIds();
		for (String gateId : gateIds) {
			InstanceRegistry registry = gate(gateId).getBean(InstanceRegistry.class);
			await("gate " + gateId + " sees every gate").atMost(CONVERGENCE)
				.until(() -> registry.instances(InstanceKind.GATE)
					.stream()
					.map(InstanceInfo::id)
					.toList()
					.containsAll(gateIds));
		}
		int gateCount = gateIds.size();
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

	/** Closes the clients, then the gates (whose goodbyes reach the nodes), then the nodes and meshes. */
	@Override
	public void close() {
		closeClients();
		List<ConfigurableApplicationContext> all;
		synchronized (this) {
			all = new ArrayList<>(this.gates.values());
			all.addAll(this.nodes.values());
			all.addAll(this.meshes.values());
			this.gates.clear();
			this.nodes.clear();
			this.meshes.clear();
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
