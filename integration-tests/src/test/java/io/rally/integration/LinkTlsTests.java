package io.rally.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.rally.client.RallyClient;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.GrpcEndpointExporter;
import io.rally.cluster.grpc.LinkTls;
import io.rally.cluster.proto.GateLinkGrpc;
import io.rally.cluster.proto.UserRequest;
import io.rally.examples.ExampleNodeApplication;
import io.rally.examples.basics.AnnouncementController;
import io.rally.examples.game.WalletClient;
import io.rally.examples.wallet.proto.BalanceRequest;
import io.rally.examples.wallet.proto.WalletGrpc;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static io.rally.integration.RallyCluster.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A gate, a node and a mesh, each its own Spring application, configured only with an SSL
 * bundle of one CA and {@code rally.cluster.grpc.ssl.bundle}: players are served across the
 * links and the node reaches the mesh's wallet, while a process with a certificate of another
 * CA, or none, can neither call the gate, nor open a stream to the node, nor call the mesh.
 */
class LinkTlsTests {

	static final TestCertificates CLUSTER = TestCertificates.create("rally-links");

	static RallyCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("tls", DispatchStrategy.ROUND_ROBIN);
		cluster.startMesh("mesh-tls", bundle());
		cluster.startNode(ExampleNodeApplication.class, "node-tls",
				concat(bundle(), "--rally.node.group=lobby", "--rally.examples.game.role=lobby"));
		cluster.startGate("gate-tls", bundle());
		cluster.awaitFormed();
		InstanceRegistry registry = cluster.node("node-tls").getBean(InstanceRegistry.class);
		await().atMost(RallyCluster.CONVERGENCE)
			.until(() -> registry.instances(InstanceKind.MESH).stream().anyMatch((m) -> m.provides(WalletGrpc.SERVICE_NAME)));
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void playersAreServedAndTheNodeReachesTheMeshOverMutualTls() {
		long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
		RallyClient alice = cluster.login("gate-tls", user);
		JsonNode whispered = call(alice, AnnouncementController.WHISPER, "{\"to\":" + user + ",\"text\":\"hi\"}");
		assertThat(whispered.get("users").asInt()).isEqualTo(1);

		long balance = cluster.node("node-tls")
			.getBean(WalletClient.class)
			.credit(user, 7, "tls:" + user, 1, Duration.ofMillis(1))
			.orTimeout(15, TimeUnit.SECONDS)
			.join();
		assertThat(balance).isEqualTo(7);
	}

	@Test
	void strangersCannotReachTheGateTheNodeOrTheMesh() throws InterruptedException {
		LinkTls stranger = tls(TestCertificates.create("stranger"));
		for (ChannelCredentials credentials : List.of(stranger.channelCredentials(), InsecureChannelCredentials.create())) {
			assertUnavailable(linkPort("gate-tls", true), credentials, false);
			assertUnavailable(linkPort("node-tls", false), credentials, false);
			assertUnavailable(meshEndpoint(), credentials, true);
		}
	}

	private static String linkPort(String id, boolean gate) {
		return "127.0.0.1:" + (gate ? cluster.gate(id) : cluster.node(id)).getBean(GrpcEndpointExporter.class).getPort();
	}

	private static String meshEndpoint() {
		return cluster.node("node-tls")
			.getBean(InstanceRegistry.class)
			.instances(InstanceKind.MESH)
			.stream()
			.filter((mesh) -> mesh.provides(WalletGrpc.SERVICE_NAME))
			.map(InstanceInfo::endpoint)
			.findFirst()
			.orElseThrow();
	}

	private static void assertUnavailable(String target, ChannelCredentials credentials, boolean mesh)
			throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forTarget(target, credentials).build();
		try {
			assertThatExceptionOfType(StatusRuntimeException.class).as(target).isThrownBy(() -> {
				if (mesh) {
					WalletGrpc.newBlockingStub(channel)
						.withDeadlineAfter(15, TimeUnit.SECONDS)
						.balance(BalanceRequest.newBuilder().setUserId(1).build());
				}
				else {
					GateLinkGrpc.newBlockingStub(channel)
						.withDeadlineAfter(15, TimeUnit.SECONDS)
						.disconnectUser(io.rally.cluster.proto.DisconnectUserRequest.getDefaultInstance());
				}
			}).satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static String[] bundle() {
		String pem = "--spring.ssl.bundle.pem.links";
		return new String[] { "--rally.cluster.grpc.ssl.bundle=links", pem + ".keystore.certificate=" + CLUSTER.chainPem(),
				pem + ".keystore.private-key=" + CLUSTER.privateKeyPem(),
				pem + ".truststore.certificate=" + CLUSTER.authorityPem() };
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

	private static LinkTls tls(TestCertificates certificates) {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificate(certificates.chainPem())
			.withPrivateKey(certificates.privateKeyPem());
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(certificates.authorityPem());
		return LinkTls.of("stranger", SslBundle.of(new PemSslStoreBundle(key, trust)));
	}

}
