package io.rally.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rally.deploy.RepositoryFiles.BootJar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The root {@code docker-compose.yml}, its Dockerfiles and the Prometheus and Grafana files it
 * mounts: valid for docker-compose itself, built from the jars the Maven build produces, and
 * wired for cluster mode, metrics and graceful stops.
 */
class DockerComposeTest {

	/** Compose services built from Rally's jars, and the module whose jar each must be built from. */
	private static final Map<String, String> RALLY_SERVICES = Map.of("gate", "gate-service", "node-a", "rally-examples",
			"node-b", "rally-examples", "mesh", "rally-examples");

	/** The main class the runnable jar of each service must launch. */
	private static final Map<String, String> MAIN_CLASSES = Map.of("gate", "io.rally.gate.GateApplication", "node-a",
			"io.rally.examples.ExampleNodeApplication", "node-b", "io.rally.examples.ExampleNodeApplication", "mesh",
			"io.rally.examples.ExampleMeshApplication");

	/** rally.node.drain-timeout's default: a node must be given longer than that to stop. */
	private static final Duration NODE_DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern COPY_JAR = Pattern.compile("(?m)^COPY\\s+(\\S+\\.jar)\\s+app\\.jar\\s*$");

	private static Path root;

	private static Map<String, Map<String, Object>> services;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void load() throws IOException {
		root = RepositoryFiles.root();
		services = (Map<String, Map<String, Object>>) RepositoryFiles.yaml(root.resolve("docker-compose.yml"))
			.get("services");
	}

	@Test
	void dockerComposeAcceptsTheFile() throws Exception {
		String binary = findOnPath("docker-compose");
		assumeTrue(binary != null, "docker-compose is not installed (.ci/run installs it)");
		Process process = new ProcessBuilder(binary, "-f", root.resolve("docker-compose.yml").toString(), "config", "-q")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
		assertThat(process.exitValue()).as("docker-compose config -q: %s", output).isZero();
	}

	@Test
	void rallyServicesAreBuiltFromTheJarsOfTheBuild() throws Exception {
		List<String> built = new ArrayList<>();
		services.forEach((name, service) -> {
			if (service.containsKey("build")) {
				built.add(name);
			}
		});
		assertThat(built).containsExactlyInAnyOrderElementsOf(RALLY_SERVICES.keySet());
		List<String> modules = RepositoryFiles.modules();
		for (Map.Entry<String, String> entry : RALLY_SERVICES.entrySet()) {
			Map<String, Object> build = map(services.get(entry.getKey()).get("build"));
			assertThat(build.get("context")).as("%s build context", entry.getKey()).isEqualTo(".");
			Path dockerfile = root.resolve((String) build.get("dockerfile"));
			assertThat(dockerfile).as("%s Dockerfile", entry.getKey()).isRegularFile();
			assertThat(modules).contains(entry.getValue());
			Matcher copy = COPY_JAR.matcher(Files.readString(dockerfile));
			assertThat(copy.find()).as("%s copies a jar", dockerfile).isTrue();
			List<BootJar> jars = RepositoryFiles.bootJars(entry.getValue());
			assertThat(jars).as("jars of %s", entry.getValue()).extracting(BootJar::path).contains(copy.group(1));
			BootJar jar = jars.stream().filter((candidate) -> candidate.path().equals(copy.group(1))).findFirst().get();
			assertThat(jar.mainClass()).as("main class of %s", jar.path()).isEqualTo(MAIN_CLASSES.get(entry.getKey()));
			Path target = root.resolve(jar.path()).getParent();
			if (Files.isDirectory(target) && hasJars(target)) {
				assertThat(root.resolve(jar.path())).as("built jar").isRegularFile();
			}
		}
	}

	@Test
	void dockerfilesRunLayeredJarsAsANonRootUserSizedByTheContainer() throws IOException {
		for (String name : List.of("gate", "node-a", "mesh")) {
			String dockerfile = Files.readString(root.resolve((String) map(services.get(name).get("build")).get("dockerfile")));
			assertThat(dockerfile).as(name)
				.contains("FROM eclipse-temurin:17-jre AS builder")
				.contains("-Djarmode=tools -jar app.jar extract --layers --launcher")
				.contains("JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError\"")
				.contains("STOPSIGNAL SIGTERM")
				.contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]")
				.containsPattern("(?m)^USER [1-9][0-9]*")
				.containsPattern("(?m)^EXPOSE .*\\b8081\\b");
			// dependencies first, the application last, so that code changes reuse the other layers
			assertThat(dockerfile.indexOf("extracted/dependencies/")).isPositive()
				.isLessThan(dockerfile.indexOf("extracted/spring-boot-loader/"));
			assertThat(dockerfile.indexOf("extracted/spring-boot-loader/"))
				.isLessThan(dockerfile.indexOf("extracted/snapshot-dependencies/"));
			assertThat(dockerfile.indexOf("extracted/snapshot-dependencies/"))
				.isLessThan(dockerfile.indexOf("extracted/application/"));
		}
		assertThat(Files.readString(root.resolve("docker/gate.Dockerfile"))).containsPattern("(?m)^EXPOSE 3553 3554\\b");
	}

	@Test
	void gatePublishesTcpAndWebSocketPorts() {
		assertThat(list(services.get("gate").get("ports"))).map(String::valueOf).contains("3553:3553", "3554:3554");
		Map<String, String> env = environment("gate");
		assertThat(env).containsEntry("RALLY_GATE_TCP_PORT", "3553").containsEntry("RALLY_GATE_WS_PORT", "3554");
	}

	@Test
	void everyRallyServiceRunsInClusterModeAgainstTheComposeRegistryAndRedis() {
		for (String name : RALLY_SERVICES.keySet()) {
			Map<String, String> env = environment(name);
			assertThat(env).as(name)
				.containsEntry("RALLY_MODE", "cluster")
				.containsEntry("RALLY_CLUSTER_REGISTRY", "consul")
				.containsEntry("SPRING_CLOUD_CONSUL_PORT", "8500")
				.containsEntry("SPRING_DATA_REDIS_PORT", "6379")
				.containsEntry("MANAGEMENT_SERVER_PORT", "8081")
				.containsEntry("RALLY_CLUSTER_GRPC_PORT", "7000")
				// advertised under the name the other containers resolve
				.containsEntry("RALLY_CLUSTER_GRPC_ADVERTISED_HOST", name);
			assertThat(services).as(name).containsKey(env.get("SPRING_CLOUD_CONSUL_HOST"))
				.containsKey(env.get("SPRING_DATA_REDIS_HOST"));
			assertThat(services.get(name)).as(name).containsEntry("hostname", name);
		}
		assertThat(environment("mesh")).containsEntry("SPRING_GRPC_SERVER_PORT", "9090")
			.containsEntry("RALLY_MESH_ADVERTISED_HOST", "mesh");
		assertThat(environment("node-a")).containsEntry("RALLY_NODE_GROUP", "lobby");
		assertThat(environment("node-b")).containsEntry("RALLY_NODE_GROUP", "battle");
	}

	@Test
	void rallyServicesWaitForHealthyConsulAndRedisAndReportTheirReadiness() {
		for (String name : List.of("consul", "redis")) {
			assertThat(map(services.get(name).get("healthcheck"))).as(name).containsKey("test");
		}
		for (String name : RALLY_SERVICES.keySet()) {
			Map<String, Object> dependsOn = map(services.get(name).get("depends_on"));
			assertThat(map(dependsOn.get("consul"))).as(name).containsEntry("condition", "service_healthy");
			assertThat(map(dependsOn.get("redis"))).as(name).containsEntry("condition", "service_healthy");
			assertThat(String.join(" ", stringList(map(services.get(name).get("healthcheck")).get("test"))))
				.as(name)
				.contains("http://localhost:8081/actuator/health/readiness");
		}
	}

	@Test
	void stopGracePeriodsLeaveTimeToDrain() {
		for (String name : RALLY_SERVICES.keySet()) {
			Object value = services.get(name).get("stop_grace_period");
			assertThat(value).as("%s stop_grace_period", name).isNotNull();
			assertThat(duration(value.toString())).as(name).isGreaterThanOrEqualTo(NODE_DRAIN_TIMEOUT);
		}
		for (String name : List.of("node-a", "node-b")) {
			Duration drain = duration(environment(name).getOrDefault("RALLY_NODE_DRAIN_TIMEOUT", "30s"));
			assertThat(duration(services.get(name).get("stop_grace_period").toString())).as(name).isGreaterThan(drain);
		}
	}

	@Test
	void prometheusScrapesTheActuatorOfEveryRallyService() throws IOException {
		List<String> volumes = stringList(services.get("prometheus").get("volumes"));
		assertThat(volumes).contains("./docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
		Map<String, Object> config = RepositoryFiles.yaml(root.resolve("docker/prometheus/prometheus.yml"));
		List<String> targets = new ArrayList<>();
		for (Object job : list(config.get("scrape_configs"))) {
			Map<String, Object> scrape = map(job);
			if ("/actuator/prometheus".equals(scrape.get("metrics_path"))) {
				for (Object staticConfig : list(scrape.get("static_configs"))) {
					targets.addAll(stringList(map(staticConfig).get("targets")));
				}
			}
		}
		for (String name : RALLY_SERVICES.keySet()) {
			assertThat(targets).as("scrape targets").contains(name + ":8081");
		}
	}

	@Test
	void grafanaIsProvisionedWithPrometheusAndTheRallyDashboard() throws IOException {
		List<String> volumes = stringList(services.get("grafana").get("volumes"));
		assertThat(volumes).contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro",
				"./docker/grafana/dashboards:/var/lib/grafana/dashboards:ro");
		Map<String, Object> datasource = map(
				list(RepositoryFiles.yaml(root.resolve("docker/grafana/provisioning/datasources/prometheus.yml"))
					.get("datasources")).get(0));
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
		Map<String, Object> provider = map(
				list(RepositoryFiles.yaml(root.resolve("docker/grafana/provisioning/dashboards/rally.yml")).get("providers"))
					.get(0));
		assertThat(map(provider.get("options"))).containsEntry("path", "/var/lib/grafana/dashboards");

		// JSON is YAML, so SnakeYAML reads the dashboard too
		Map<String, Object> dashboard = RepositoryFiles.yaml(root.resolve("docker/grafana/dashboards/rally.json"));
		List<String> expressions = new ArrayList<>();
		for (Object panel : list(dashboard.get("panels"))) {
			for (Object target : list(map(panel).getOrDefault("targets", List.of()))) {
				Map<String, Object> query = map(target);
				assertThat(map(query.get("datasource"))).containsEntry("uid", datasource.get("uid"));
				expressions.add((String) query.get("expr"));
			}
		}
		assertThat(String.join("\n", expressions)).contains("rally_gate_connections)",
				"rally_gate_connections_opened_total", "rally_gate_connections_closed_total",
				"rally_gate_messages_received_total", "rally_gate_messages_sent_total",
				"rally_gate_messages_dropped_total", "rally_gate_decode_errors_total",
				"rally_gate_dispatch_seconds_bucket", "rally_node_handler_duration_seconds", "rally_node_state",
				"rally_node_bound_users");
	}

	@Test
	void linksUseMutualTlsWithCertificatesFromAOneShotInitService() throws IOException {
		Map<String, Object> certs = services.get("certs");
		assertThat(String.valueOf(certs.get("image"))).startsWith("alpine/openssl:");
		assertThat(stringList(certs.get("volumes"))).contains("./docker/certs/generate.sh:/generate.sh:ro",
				"rally-ca:/rally-ca", "rally-tls:/rally-tls");
		String script = Files.readString(root.resolve("docker/certs/generate.sh"));
		for (String name : RALLY_SERVICES.keySet()) {
			assertThat(map(map(services.get(name).get("depends_on")).get("certs"))).as(name)
				.containsEntry("condition", "service_completed_successfully");
			assertThat(stringList(services.get(name).get("volumes"))).as(name)
				.contains("rally-tls:/etc/rally/tls:ro")
				.noneMatch((volume) -> volume.startsWith("rally-ca:"));
			assertThat(environment(name)).as(name)
				.containsEntry("RALLY_CLUSTER_GRPC_SSL_BUNDLE", "links")
				.containsEntry("SPRING_SSL_BUNDLE_PEM_LINKS_KEYSTORE_CERTIFICATE", "/etc/rally/tls/" + name + ".crt")
				.containsEntry("SPRING_SSL_BUNDLE_PEM_LINKS_KEYSTORE_PRIVATE_KEY", "/etc/rally/tls/" + name + ".key")
				.containsEntry("SPRING_SSL_BUNDLE_PEM_LINKS_TRUSTSTORE_CERTIFICATE", "/etc/rally/tls/ca.crt")
				.containsEntry("SPRING_SSL_BUNDLE_PEM_LINKS_RELOAD_ON_UPDATE", "true");
			assertThat(script).containsPattern("(?m)^SERVICES=\".*\\b" + name + "\\b.*\"$");
		}
	}

	@Test
	void certsScriptIssuesEveryServiceACertificateOfOneCa(@org.junit.jupiter.api.io.TempDir Path directory)
			throws Exception {
		String openssl = findOnPath("openssl");
		assumeTrue(openssl != null, "openssl is not installed");
		Path ca = Files.createDirectory(directory.resolve("ca"));
		Path out = Files.createDirectory(directory.resolve("tls"));
		ProcessBuilder builder = new ProcessBuilder("sh", root.resolve("docker/certs/generate.sh").toString())
			.redirectErrorStream(true);
		builder.environment().put("CA_DIR", ca.toString());
		builder.environment().put("OUT", out.toString());
		builder.environment().put("OWNER", "");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		X509Certificate authority = certificate(factory, out.resolve("ca.crt"));
		assertThat(authority.getBasicConstraints()).isNotNegative();
		for (String name : RALLY_SERVICES.keySet()) {
			X509Certificate certificate = certificate(factory, out.resolve(name + ".crt"));
			certificate.verify(authority.getPublicKey());
			assertThat(certificate.getExtendedKeyUsage()).as(name).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
			assertThat(certificate.getSubjectAlternativeNames()).as(name).contains(List.of(2, name));
			String key = Files.readString(out.resolve(name + ".key"));
			assertThat(key).as(name).startsWith("-----BEGIN PRIVATE KEY-----");
			byte[] der = Base64.getMimeDecoder()
				.decode(key.replaceAll("-----[A-Z ]+-----", ""));
			assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der))).isNotNull();
		}
		assertThat(out.resolve("ca.key")).doesNotExist();
		assertThat(ca.resolve("ca.key")).isRegularFile();
	}

	private static X509Certificate certificate(CertificateFactory factory, Path file) throws Exception {
		try (var in = Files.newInputStream(file)) {
			return (X509Certificate) factory.generateCertificate(in);
		}
	}

	/** A service's environment, from either of compose's forms (a map, or a list of NAME=value). */
	private static Map<String, String> environment(String service) {
		Object environment = services.get(service).get("environment");
		Map<String, String> env = new TreeMap<>();
		if (environment instanceof Map<?, ?> entries) {
			entries.forEach((key, value) -> env.put(String.valueOf(key), String.valueOf(value)));
		}
		else if (environment instanceof List<?> lines) {
			for (Object line : lines) {
				String[] parts = String.valueOf(line).split("=", 2);
				env.put(parts[0], (parts.length > 1) ? parts[1] : "");
			}
		}
		return env;
	}

	/** A compose duration such as {@code 45s}, {@code 1m30s} or {@code 500ms}. */
	static Duration duration(String text) {
		Matcher part = Pattern.compile("(\\d+)(ms|us|h|m|s)").matcher(text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (part.find()) {
			assertThat(part.start()).as("duration %s", text).isEqualTo(end);
			long amount = Long.parseLong(part.group(1));
			total = total.plus(switch (part.group(2)) {
				case "h" -> Duration.ofHours(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "ms" -> Duration.ofMillis(amount);
				default -> Duration.ofNanos(amount * 1000);
			});
			end = part.end();
		}
		assertThat(end).as("duration %s", text).isEqualTo(text.length()).isPositive();
		return total;
	}

	private static boolean hasJars(Path dir) {
		File[] jars = dir.toFile().listFiles((file) -> file.getName().endsWith(".jar"));
		return jars != null && jars.length > 0;
	}

	private static String findOnPath(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, command);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return new LinkedHashMap<>((Map<String, Object>) value);
	}

	private static List<?> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<?>) value;
	}

	private static List<String> stringList(Object value) {
		return list(value).stream().map(String::valueOf).toList();
	}

}
