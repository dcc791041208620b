package io.rally.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.examples.wallet.InMemoryWalletStore;
import io.rally.examples.wallet.WalletStore;
import io.rally.examples.wallet.proto.BalanceRequest;
import io.rally.examples.wallet.proto.ChangeRequest;
import io.rally.examples.wallet.proto.WalletGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mesh application in standalone mode: in-memory registry and wallet, server on loopback. */
class ExampleMeshStandaloneTest {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Test
	void registersOnLoopbackAndIsCalledThroughMeshChannelsInTheSameJvm() throws Exception {
		ConfigurableApplicationContext context = ExampleMeshApplication.application()
			.run("--rally.mode=standalone", "--rally.mesh.id=mesh-local", "--spring.grpc.server.port=0",
					"--spring.grpc.server.host=127.0.0.1", "--spring.main.keep-alive=false",
					"--spring.grpc.server.shutdown-grace-period=1s", "--server.port=0");
		InstanceRegistry registry = context.getBean(InstanceRegistry.class);
		try {
			assertThat(registry).isInstanceOf(InMemoryRegistry.class);
			assertThat(context.getBean(WalletStore.class)).isInstanceOf(InMemoryWalletStore.class);
			assertThat(registry.instances(InstanceKind.MESH)).singleElement().satisfies((mesh) -> {
				assertThat(mesh.id()).isEqualTo("mesh-local");
				assertThat(mesh.services()).containsExactly(WalletGrpc.SERVICE_NAME);
				assertThat(mesh.endpoint()).matches("127\\.0\\.0\\.1:\\d+");
			});
			WalletGrpc.WalletBlockingStub wallet = WalletGrpc
				.newBlockingStub(context.getBean(MeshChannels.class).channel(WalletGrpc.SERVICE_NAME));
			assertThat(wallet.credit(ChangeRequest.newBuilder()
				.setUserId(1)
				.setCurrency("GOLD")
				.setAmount(40)
				.setIdempotencyKey("k1")
				.build()).getBalance()).isEqualTo(40);
			assertThat(wallet.balance(BalanceRequest.newBuilder().setUserId(1).setCurrency("GOLD").build())
				.getBalance()).isEqualTo(40);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
			HttpResponse<String> metrics = get(port, "/actuator/prometheus");
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds",
					"grpc_server_");
		}
		finally {
			context.close();
		}
		assertThat(registry.instances(InstanceKind.MESH)).extracting(InstanceInfo::id).doesNotContain("mesh-local");
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
