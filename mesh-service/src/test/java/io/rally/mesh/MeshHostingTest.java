package io.rally.mesh;

import io.grpc.Channel;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.GrpcClusterAutoConfiguration;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.cluster.local.InMemoryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that hosts a gRPC service of its own becomes a {@code MESH} instance: registered, on
 * loopback, once Spring gRPC's real server listens; called through {@link MeshChannels} like a
 * node would; deregistered when it stops. Standalone mode, with the in-memory registry.
 */
class MeshHostingTest {

	@Test
	void theJvmsServicesAreRegisteredAsAMeshAndReachedThroughMeshChannels() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Mesh.class)
			.web(WebApplicationType.NONE)
			.run("--rally.mesh.enabled=true", "--rally.mesh.id=mesh-echo", "--spring.grpc.server.port=0",
					"--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.shutdown-grace-period=1s",
					"--spring.main.banner-mode=off");
		InstanceRegistry registry = context.getBean(InstanceRegistry.class);
		try {
			assertThat(registry).isInstanceOf(InMemoryRegistry.class);
			assertThat(registry.instances(InstanceKind.MESH)).singleElement().satisfies((mesh) -> {
				assertThat(mesh.id()).isEqualTo("mesh-echo");
				// gRPC's own health service is served too, and left out
				assertThat(mesh.services()).containsExactly(EchoService.SERVICE_NAME);
				assertThat(mesh.endpoint()).matches("127\\.0\\.0\\.1:\\d+");
			});
			Channel echo = context.getBean(MeshChannels.class).channel(EchoService.SERVICE_NAME);
			assertThat(EchoService.call(echo, "Grüße, 玩家")).isEqualTo("Grüße, 玩家");
		}
		finally {
			context.close();
		}
		assertThat(registry.instances(InstanceKind.MESH)).extracting(InstanceInfo::id).doesNotContain("mesh-echo");
	}

	/** A mesh application that hosts {@link EchoService}; no gate or node links. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = GrpcClusterAutoConfiguration.class)
	static class Mesh {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

}
