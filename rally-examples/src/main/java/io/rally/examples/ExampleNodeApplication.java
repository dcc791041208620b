package io.rally.examples;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A node that serves the example controllers in cluster mode: it joins through service
 * discovery, binds users in Redis and serves gates over gRPC, like any game node built on
 * node-service. Standalone mode serves the same controllers from {@code rally-standalone}.
 *
 * <p>The same jar runs either part of the example game: {@code --rally.node.group=lobby
 * --rally.examples.game.role=lobby} for a lobby node, {@code --rally.node.group=battle
 * --rally.examples.game.role=battle} for a battle node; the game's wallet is the example mesh
 * server's ({@link ExampleMeshApplication}, {@code rally-example-mesh-exec.jar}). It scans the
 * example controllers' packages only, not the mesh application beside it, and keeps Spring
 * gRPC's server, on the class path for the mesh, off: a node hosts no mesh services.
 *
 * <p>Its only HTTP is the actuator (health probes, {@code /actuator/prometheus}) on port 8081,
 * shut down immediately on stop, after the node has drained rather than during it.
 */
@SpringBootApplication(scanBasePackages = { "io.rally.examples.basics", "io.rally.examples.game" })
public class ExampleNodeApplication {

	public static void main(String[] args) {
		new SpringApplicationBuilder(ExampleNodeApplication.class)
			.properties("rally.mode=cluster", "spring.application.name=rally-node", "server.port=8081",
					"server.shutdown=immediate", "management.endpoints.web.exposure.include=health,prometheus",
					"management.endpoint.health.probes.enabled=true", "spring.grpc.server.enabled=false",
					// nothing else in a node holds a non-daemon thread that would keep the JVM up
					"spring.main.keep-alive=true")
			.run(args);
	}

}
