package io.rally.mesh;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.mesh.wallet.InMemoryWalletStore;
import io.rally.mesh.wallet.proto.BalanceRequest;
import io.rally.mesh.wallet.proto.ChangeRequest;
import io.rally.mesh.wallet.proto.WalletGrpc;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mesh application in standalone mode: in-memory registry and wallet, server on loopback. */
class MeshStandaloneTest {

	@Test
	void registersOnLoopbackAndIsCalledThroughMeshChannelsInTheSameJvm() {
		ConfigurableApplicationContext context = MeshApplication.application()
			.run("--rally.mode=standalone", "--rally.mesh.id=mesh-local", "--spring.grpc.server.port=0",
					"--spring.grpc.server.host=127.0.0.1", "--spring.main.keep-alive=false",
					"--spring.grpc.server.shutdown-grace-period=1s");
		InstanceRegistry registry = context.getBean(InstanceRegistry.class);
		try {
			assertThat(registry).isInstanceOf(InMemoryRegistry.class);
			assertThat(context.getBean(io.rally.mesh.wallet.WalletStore.class)).isInstanceOf(InMemoryWalletStore.class);
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
		}
		finally {
			context.close();
		}
		assertThat(registry.instances(InstanceKind.MESH)).extracting(InstanceInfo::id).doesNotContain("mesh-local");
	}

}
