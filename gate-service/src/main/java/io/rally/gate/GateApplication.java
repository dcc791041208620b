package io.rally.gate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A gate on its own, for cluster mode: it needs no code of the game's, only settings. It finds
 * nodes through service discovery ({@code rally.cluster.registry}: consul or zookeeper), users
 * through the Redis locator ({@code spring.data.redis.*}), and talks to nodes over gRPC
 * ({@code rally.cluster.grpc.*}).
 *
 * <p>Its actuator (health probes, {@code /actuator/prometheus}) is the only HTTP it serves, on
 * port 8081 ({@code server.port}; {@code management.server.port} set to the same port changes
 * nothing). The HTTP server stops after the gate has drained, not before: see
 * {@code docs/metrics.md}.
 */
@SpringBootApplication
public class GateApplication {

	public static void main(String[] args) {
		new SpringApplicationBuilder(GateApplication.class)
			.properties("rally.mode=cluster", "rally.node.enabled=false", "spring.application.name=rally-gate",
					"server.port=8081", "server.shutdown=immediate",
					"management.endpoints.web.exposure.include=health,prometheus",
					"management.endpoint.health.probes.enabled=true")
			.run(args);
	}

}
