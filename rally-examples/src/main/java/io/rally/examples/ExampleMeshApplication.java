package io.rally.examples;

import java.util.Map;

import io.rally.cluster.grpc.GrpcClusterAutoConfiguration;
import io.rally.cluster.redis.autoconfigure.RedisEventBusAutoConfiguration;
import io.rally.cluster.redis.autoconfigure.RedisLocatorAutoConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A mesh server that serves the example wallet ({@code io.rally.examples.wallet}) in cluster
 * mode: mesh-service hosts it on Spring gRPC's server ({@code spring.grpc.server.*}) and
 * registers the JVM as a {@code MESH} instance listing it; the wallet keeps its balances in
 * Redis. Defaults to cluster mode; command-line arguments and configuration files override the
 * defaults. A team's own mesh is the same class with its {@code BindableService} beans instead.
 *
 * <p>It is built as {@code rally-example-mesh-exec.jar}, from the module that also builds the
 * example node, so the node's classes are on its class path and are kept out: node-service
 * stays off ({@code rally.node.enabled=false}), nothing is scanned (the wallet comes by
 * auto-configuration, the controllers are the node's), and a mesh carries no gate or node
 * links and binds no users, so the cluster's gate/node gRPC server, the Redis locator and the
 * Redis event bus are left out. Its actuator (health probes, {@code /actuator/prometheus}) is
 * served on port 8081.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = { GrpcClusterAutoConfiguration.class, RedisLocatorAutoConfiguration.class,
		RedisEventBusAutoConfiguration.class })
public class ExampleMeshApplication {

	/** What the example mesh server assumes unless told otherwise. */
	public static final Map<String, Object> DEFAULTS = Map.of("rally.mode", "cluster", "rally.mesh.enabled", "true",
			"rally.node.enabled", "false", "spring.application.name", "rally-mesh", "spring.main.keep-alive", "true",
			"server.port", "8081", "server.shutdown", "immediate", "management.endpoints.web.exposure.include",
			"health,prometheus", "management.endpoint.health.probes.enabled", "true");

	public static void main(String[] args) {
		application().run(args);
	}

	/** The mesh application with its defaults, not yet run (tests run it with their own arguments). */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(ExampleMeshApplication.class);
		application.setDefaultProperties(DEFAULTS);
		return application;
	}

}
