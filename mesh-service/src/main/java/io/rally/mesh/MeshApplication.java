package io.rally.mesh;

import java.util.Map;

import io.rally.cluster.grpc.GrpcClusterAutoConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The mesh server: hosts the application's gRPC services (every {@code BindableService} bean,
 * and the example wallet) on Spring gRPC's server ({@code spring.grpc.server.*}) and registers
 * itself as a {@code MESH} instance listing them. Defaults to cluster mode; command-line
 * arguments and configuration files override the defaults.
 *
 * <p>A mesh carries no gate or node links, so the cluster's gate/node gRPC server is left out.
 * Its actuator (health probes, {@code /actuator/prometheus}) is served on port 8081.
 */
@SpringBootApplication(exclude = GrpcClusterAutoConfiguration.class)
public class MeshApplication {

	/** What a mesh server assumes unless told otherwise. */
	public static final Map<String, Object> DEFAULTS = Map.of("rally.mode", "cluster", "rally.mesh.enabled", "true",
			"spring.application.name", "rally-mesh", "spring.main.keep-alive", "true", "server.port", "8081",
			"server.shutdown", "immediate", "management.endpoints.web.exposure.include", "health,prometheus",
			"management.endpoint.health.probes.enabled", "true");

	public static void main(String[] args) {
		application().run(args);
	}

	/** The mesh application with its defaults, not yet run (tests run it with their own arguments). */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(MeshApplication.class);
		application.setDefaultProperties(DEFAULTS);
		return application;
	}

}
