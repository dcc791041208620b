package io.rally.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Helm chart in {@code helm/rally}: linted and rendered by Helm 3 itself (embedded through
 * helm-java, offline), the manifests read back into Kubernetes objects with fabric8.
 */
class HelmChartTest {

	private static final String RELEASE = "demo";

	private static final String PREFIX = "demo-rally-";

	private static final String MANAGEMENT = "management";

	@TempDir
	static Path valuesDir;

	private static Helm chart;

	@BeforeAll
	static void chart() {
		chart = new Helm(RepositoryFiles.root().resolve("helm/rally"));
	}

	@Test
	void lintsCleanInStrictMode() {
		LintResult result = chart.lint().strict().call();
		assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[ERROR]") || message.contains("[WARNING]"));
	}

	@Test
	void defaultsRenderAGateServiceWithTcpAndWebSocketPorts() {
		Manifests manifests = render("{}");
		Service gate = manifests.get(Service.class, PREFIX + "gate");
		assertThat(gate.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(gate.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getTargetPort)
			.containsExactly(tuple("tcp", 3553, new IntOrString("tcp")),
					tuple("ws", 3554, new IntOrString("ws")));
		Deployment deployment = manifests.get(Deployment.class, PREFIX + "gate");
		assertThat(gate.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(gate.getSpec().getSelector());
		Container container = container(deployment);
		assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
			.contains(tuple("tcp", 3553), tuple("ws", 3554),
					tuple("grpc", 7000),
					tuple(MANAGEMENT, 8081));
		assertThat(container.getImage()).isEqualTo("rally/gate:0.1.0-SNAPSHOT");
	}

	@Test
	void everyRallyDeploymentProbesTheActuatorOnTheManagementPort() {
		Manifests manifests = render("{}");
		List<Deployment> rally = manifests.rallyDeployments();
		assertThat(rally).extracting((deployment) -> deployment.getMetadata().getName())
			.containsExactlyInAnyOrder(PREFIX + "gate", PREFIX + "node-default", PREFIX + "mesh");
		for (Deployment deployment : rally) {
			Container container = container(deployment);
			String name = deployment.getMetadata().getName();
			assertThat(container.getPorts()).as(name)
				.anySatisfy((port) -> assertThat(port).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
					.containsExactly(MANAGEMENT, 8081));
			assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", name);
			assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", name);
			assertProbe(container.getStartupProbe(), "/actuator/health/liveness", name);
			assertThat(env(container, "RALLY_CLUSTER_GRPC_ADVERTISED_HOST").getValueFrom().getFieldRef().getFieldPath())
				.as(name)
				.isEqualTo("status.podIP");
			assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
			Properties properties = manifests.applicationProperties(deployment);
			assertThat(properties).as(name)
				.containsEntry("rally.mode", "cluster")
				.containsEntry("management.server.port", "8081")
				// the same port: the actuator then stays up through the drain
				.containsEntry("server.port", "8081")
				.containsEntry("rally.cluster.grpc.port", "7000")
				.containsEntry("spring.cloud.consul.host", "consul")
				.containsEntry("spring.data.redis.host", "redis");
		}
		Container mesh = container(manifests.get(Deployment.class, PREFIX + "mesh"));
		assertThat(env(mesh, "RALLY_MESH_ADVERTISED_HOST").getValueFrom().getFieldRef().getFieldPath())
			.isEqualTo("status.podIP");
		assertThat(manifests.applicationProperties(manifests.get(Deployment.class, PREFIX + "mesh")))
			.containsEntry("spring.grpc.server.port", "9090");
		assertThat(manifests.get(Service.class, PREFIX + "mesh").getSpec().getPorts())
			.extracting(ServicePort::getPort)
			.containsExactly(9090);
	}

	@Test
	void gatesAndNodesGetTimeToDrainAndGatesADisruptionBudget() {
		Manifests manifests = render("{}");
		Deployment gate = manifests.get(Deployment.class, PREFIX + "gate");
		assertThat(gate.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60);
		assertThat(container(gate).getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
		Deployment node = manifests.get(Deployment.class, PREFIX + "node-default");
		long drainSeconds = Duration
			.parse("PT" + manifests.applicationProperties(node).getProperty("rally.node.drain-timeout"))
			.toSeconds();
		assertThat(node.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(drainSeconds);

		PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, PREFIX + "gate");
		assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
		assertThat(gate.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

		Deployment longer = render("gate:\n  terminationGracePeriodSeconds: 120\n").get(Deployment.class, PREFIX + "gate");
		assertThat(longer.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(120);
		assertThat(render("gate:\n  pdb:\n    enabled: false\n").all(PodDisruptionBudget.class))
			.extracting((pdb) -> pdb.getMetadata().getName())
			.doesNotContain(PREFIX + "gate");
	}

	@Test
	void rendersOneDeploymentPerNodeGroup() {
		Manifests manifests = render("""
				node:
				  groups:
				    - name: lobby
				      replicas: 3
				      env:
				        RALLY_EXAMPLES_GAME_ROLE: lobby
				    - name: battle
				      replicas: 2
				      env:
				        RALLY_EXAMPLES_GAME_ROLE: battle
				      properties:
				        rally.node.worker-threads: 8
				      resources:
				        limits:
				          memory: 2Gi
				""");
		List<Deployment> nodes = manifests.all(Deployment.class)
			.stream()
			.filter((deployment) -> "node".equals(deployment.getMetadata().getLabels().get("app.kubernetes.io/component")))
			.toList();
		assertThat(nodes).extracting((deployment) -> deployment.getMetadata().getName())
			.containsExactlyInAnyOrder(PREFIX + "node-lobby", PREFIX + "node-battle");
		for (String group : List.of("lobby", "battle")) {
			Deployment deployment = manifests.get(Deployment.class, PREFIX + "node-" + group);
			Container container = container(deployment);
			assertThat(env(container, "RALLY_NODE_GROUP").getValue()).isEqualTo(group);
			assertThat(env(container, "RALLY_EXAMPLES_GAME_ROLE").getValue()).isEqualTo(group);
			assertThat(env(container, "RALLY_NODE_ID").getValueFrom().getFieldRef().getFieldPath())
				.isEqualTo("metadata.name");
			assertThat(manifests.applicationProperties(deployment)).containsEntry("rally.node.group", group)
				.containsEntry("rally.node.drain-timeout", "30s");
			// the two groups' pods must not be mistaken for each other
			assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsEntry("rally.io/node-group", group);
			assertThat(manifests.get(PodDisruptionBudget.class, PREFIX + "node-" + group)).isNotNull();
		}
		assertThat(manifests.get(Deployment.class, PREFIX + "node-lobby").getSpec().getReplicas()).isEqualTo(3);
		Deployment battle = manifests.get(Deployment.class, PREFIX + "node-battle");
		assertThat(battle.getSpec().getReplicas()).isEqualTo(2);
		assertThat(container(battle).getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
		assertThat(manifests.applicationProperties(battle)).containsEntry("rally.node.worker-threads", "8");
		assertThat(manifests.applicationProperties(manifests.get(Deployment.class, PREFIX + "node-lobby")))
			.doesNotContainKey("rally.node.worker-threads");
	}

	@Test
	void rallyPodsCarryPrometheusScrapeAnnotations() {
		for (Deployment deployment : render("{}").rallyDeployments()) {
			assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
				.as(deployment.getMetadata().getName())
				.containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/port", "8081")
				.containsEntry("prometheus.io/path", "/actuator/prometheus");
		}
		for (Deployment deployment : render("metrics:\n  podAnnotations: false\n").rallyDeployments()) {
			assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
				.doesNotContainKey("prometheus.io/scrape");
		}
	}

	@Test
	void serviceMonitorOnlyWhenEnabled() {
		assertThat(render("{}").all(GenericKubernetesResource.class)).noneMatch((r) -> "ServiceMonitor".equals(r.getKind()));

		Manifests manifests = render("metrics:\n  serviceMonitor:\n    enabled: true\n    labels:\n      release: prom\n");
		GenericKubernetesResource monitor = manifests.all(GenericKubernetesResource.class)
			.stream()
			.filter((r) -> "ServiceMonitor".equals(r.getKind()))
			.findFirst()
			.orElseThrow();
		assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
		Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
		assertThat(endpoint).containsEntry("port", MANAGEMENT).containsEntry("path", "/actuator/prometheus");

		// the monitor follows a Service over the management port of every Rally pod, and of nothing else
		Service metrics = manifests.get(Service.class, PREFIX + "metrics");
		assertThat(metrics.getMetadata().getLabels())
			.containsAllEntriesOf(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"));
		assertThat(metrics.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly(MANAGEMENT);
		for (Deployment deployment : manifests.rallyDeployments()) {
			assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
				.containsAllEntriesOf(metrics.getSpec().getSelector());
		}
	}

	@Test
	void consulAndRedisAreDeployedOnlyWhenAsked() {
		Manifests external = render("consul:\n  host: consul.infra\nredis:\n  host: redis.infra\n  port: 6380\n");
		assertThat(external.names()).noneMatch((name) -> name.contains("consul") || name.contains("redis"));
		assertThat(external.applicationProperties(external.get(Deployment.class, PREFIX + "gate")))
			.containsEntry("spring.cloud.consul.host", "consul.infra")
			.containsEntry("spring.data.redis.host", "redis.infra")
			.containsEntry("spring.data.redis.port", "6380");

		Manifests deployed = render("consul:\n  deploy: true\nredis:\n  deploy: true\n");
		for (String name : List.of("consul", "redis")) {
			assertThat(deployed.get(Deployment.class, PREFIX + name)).isNotNull();
			assertThat(deployed.get(Service.class, PREFIX + name)).isNotNull();
		}
		assertThat(deployed.get(Service.class, PREFIX + "consul").getSpec().getPorts()).extracting(ServicePort::getPort)
			.containsExactly(8500);
		assertThat(deployed.get(Service.class, PREFIX + "redis").getSpec().getPorts()).extracting(ServicePort::getPort)
			.containsExactly(6379);
		for (Deployment deployment : deployed.rallyDeployments()) {
			assertThat(deployed.applicationProperties(deployment))
				.containsEntry("spring.cloud.consul.host", PREFIX + "consul")
				.containsEntry("spring.data.redis.host", PREFIX + "redis");
		}
	}

	@Test
	void gateServiceCanBeALoadBalancer() {
		Service gate = render("""
				gate:
				  service:
				    type: LoadBalancer
				    externalTrafficPolicy: Local
				    loadBalancerSourceRanges: ["10.0.0.0/8"]
				    annotations:
				      service.beta.kubernetes.io/aws-load-balancer-type: nlb
				""").get(Service.class, PREFIX + "gate");
		assertThat(gate.getSpec().getType()).isEqualTo("LoadBalancer");
		assertThat(gate.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
		assertThat(gate.getSpec().getLoadBalancerSourceRanges()).containsExactly("10.0.0.0/8");
		assertThat(gate.getMetadata().getAnnotations())
			.containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
		assertThat(gate.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(3553, 3554);
	}

	@Test
	void linksUseMutualTlsWithACaTheChartGeneratesByDefault() throws Exception {
		Manifests manifests = render("{}");
		// made by a pre-install hook, which helm template leaves out; rendered as an ordinary Secret to be read
		assertThat(manifests.all(Secret.class)).isEmpty();
		assertThat(Files.readString(RepositoryFiles.root().resolve("helm/rally/templates/links-tls.yaml")))
			.contains("helm.sh/hook: pre-install");
		Secret secret = render("cluster:\n  tls:\n    generatedOnInstallOnly: false\n").get(Secret.class,
				PREFIX + "links-tls");
		assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");

		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		X509Certificate ca = (X509Certificate) factory
			.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(secret.getData().get("ca.crt"))));
		X509Certificate certificate = (X509Certificate) factory
			.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(secret.getData().get("tls.crt"))));
		certificate.verify(ca.getPublicKey());
		assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
		assertThat(secret.getData()).containsKey("tls.key");
		assertThat(manifests.all(GenericKubernetesResource.class)).noneMatch((r) -> "Certificate".equals(r.getKind()));
		assertEveryRallyPodMountsTheLinkCertificate(manifests);
	}

	@Test
	void certManagerIssuesTheLinkCertificateWhenPresent() {
		// helm template cannot be told which APIs a cluster serves: "true" stands for a cluster with cert-manager
		Manifests manifests = render("cluster:\n  tls:\n    certManager: \"true\"\n");
		assertThat(manifests.all(Secret.class)).extracting((secret) -> secret.getMetadata().getName())
			.doesNotContain(PREFIX + "links-tls");
		GenericKubernetesResource certificate = manifests.all(GenericKubernetesResource.class)
			.stream()
			.filter((r) -> "Certificate".equals(r.getKind()) && (PREFIX + "links").equals(r.getMetadata().getName()))
			.findFirst()
			.orElseThrow();
		assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
		assertThat(certificate.<String>get("spec", "secretName")).isEqualTo(PREFIX + "links-tls");
		assertThat(certificate.<List<String>>get("spec", "usages")).contains("server auth", "client auth");
		assertThat(certificate.<String>get("spec", "issuerRef", "name")).isEqualTo(PREFIX + "links-ca");
		assertThat(manifests.all(GenericKubernetesResource.class))
			.filteredOn((r) -> "Certificate".equals(r.getKind()) && (PREFIX + "links-ca").equals(r.getMetadata().getName()))
			.singleElement()
			.satisfies((ca) -> assertThat(ca.<Boolean>get("spec", "isCA")).isTrue());
		assertEveryRallyPodMountsTheLinkCertificate(manifests);

		Manifests ownIssuer = render("cluster:\n  tls:\n    certManager: \"true\"\n    issuerRef:\n      name: corp-ca\n      kind: ClusterIssuer\n");
		assertThat(ownIssuer.all(GenericKubernetesResource.class)).filteredOn((r) -> "Certificate".equals(r.getKind()))
			.singleElement()
			.satisfies((r) -> assertThat(r.<String>get("spec", "issuerRef", "kind")).isEqualTo("ClusterIssuer"));
	}

	@Test
	void linksArePlaintextOnlyWhenTlsIsTurnedOff() {
		Manifests manifests = render("cluster:\n  tls:\n    enabled: false\n");
		assertThat(manifests.all(Secret.class)).isEmpty();
		for (Deployment deployment : manifests.rallyDeployments()) {
			assertThat(manifests.applicationProperties(deployment)).doesNotContainKey("rally.cluster.grpc.ssl.bundle");
			assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).noneMatch((v) -> v.getSecret() != null);
		}
	}

	private static void assertEveryRallyPodMountsTheLinkCertificate(Manifests manifests) {
		for (Deployment deployment : manifests.rallyDeployments()) {
			String name = deployment.getMetadata().getName();
			assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).as(name)
				.anySatisfy((volume) -> assertThat(volume.getSecret()).isNotNull()
					.extracting((source) -> source.getSecretName())
					.isEqualTo(PREFIX + "links-tls"));
			assertThat(container(deployment).getVolumeMounts()).as(name)
				.anySatisfy((mount) -> assertThat(mount.getMountPath()).isEqualTo("/etc/rally/tls"));
			assertThat(manifests.applicationProperties(deployment)).as(name)
				.containsEntry("rally.cluster.grpc.ssl.bundle", "links")
				.containsEntry("spring.ssl.bundle.pem.links.keystore.certificate", "/etc/rally/tls/tls.crt")
				.containsEntry("spring.ssl.bundle.pem.links.keystore.private-key", "/etc/rally/tls/tls.key")
				.containsEntry("spring.ssl.bundle.pem.links.truststore.certificate", "/etc/rally/tls/ca.crt")
				.containsEntry("spring.ssl.bundle.pem.links.reload-on-update", "true");
		}
	}

	private static void assertProbe(Probe probe, String path, String deployment) {
		assertThat(probe).as("%s probe on %s", deployment, path).isNotNull();
		assertThat(probe.getHttpGet().getPath()).as(deployment).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort()).as(deployment).isEqualTo(new IntOrString(MANAGEMENT));
	}

	private static Container container(Deployment deployment) {
		List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((env) -> name.equals(env.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
	}

	/** helm template of the chart with the given values (YAML), as Kubernetes objects. */
	private static Manifests render(String values) {
		try {
			Path file = Files.createTempFile(valuesDir, "values", ".yaml");
			Files.writeString(file, values);
			String yaml = chart.template().withName(RELEASE).withNamespace("games").withValuesFile(file).call();
			return new Manifests(parse(yaml));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<HasMetadata> parse(String yaml) {
		Object parsed = Serialization.unmarshal(yaml);
		List<HasMetadata> objects = new ArrayList<>();
		if (parsed instanceof List<?> list) {
			list.forEach((item) -> objects.add((HasMetadata) item));
		}
		else if (parsed instanceof KubernetesList list) {
			objects.addAll(list.getItems());
		}
		else {
			objects.add((HasMetadata) parsed);
		}
		return objects;
	}

	/** Rendered objects, looked up by kind and name. */
	private record Manifests(List<HasMetadata> objects) {

		<T extends HasMetadata> List<T> all(Class<T> type) {
			return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
		}

		<T extends HasMetadata> T get(Class<T> type, String name) {
			return all(type).stream()
				.filter((object) -> name.equals(object.getMetadata().getName()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
		}

		List<String> names() {
			return this.objects.stream().map((object) -> object.getKind() + "/" + object.getMetadata().getName()).toList();
		}

		/** Deployments of Rally's own services (not the Consul or Redis tried out alongside). */
		List<Deployment> rallyDeployments() {
			return all(Deployment.class).stream()
				.filter((deployment) -> List.of("gate", "node", "mesh")
					.contains(deployment.getMetadata().getLabels().get("app.kubernetes.io/component")))
				.toList();
		}

		/** The application.properties of the ConfigMap a Deployment mounts. */
		Properties applicationProperties(Deployment deployment) {
			String configMap = deployment.getSpec()
				.getTemplate()
				.getSpec()
				.getVolumes()
				.stream()
				.filter((volume) -> volume.getConfigMap() != null)
				.findFirst()
				.orElseThrow()
				.getConfigMap()
				.getName();
			Properties properties = new Properties();
			try {
				properties.load(new StringReader(get(ConfigMap.class, configMap).getData().get("application.properties")));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			return properties;
		}

	}

}
