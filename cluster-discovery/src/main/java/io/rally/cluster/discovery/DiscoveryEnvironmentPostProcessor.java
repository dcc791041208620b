package io.rally.cluster.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Rally's defaults for Spring Cloud discovery, below every other property source so that users
 * can override them.
 * <ul>
 * <li>Outside cluster mode no discovery client runs: standalone mode has its registry in
 * memory, and must not try to reach a ZooKeeper or Consul that is not there.</li>
 * <li>In cluster mode, {@code rally.cluster.registry} ({@code consul}, the default, or
 * {@code zookeeper}) picks the one backend that runs. Rally registers its gates, nodes and
 * meshes itself, so Spring Cloud must not register the application as well; and instances whose
 * health check fails should drop out of Consul's answers, and off it after a while. The
 * actuator's readiness group also holds {@code rallyRegistry}: an instance is not ready before
 * the registry has taken it.</li>
 * </ul>
 */
public final class DiscoveryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "rallyDiscoveryDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		boolean cluster = "cluster".equals(environment.getProperty("rally.mode"));
		String registry = environment.getProperty("rally.cluster.registry", "consul");
		defaults.put("spring.cloud.zookeeper.enabled", Boolean.toString(cluster && "zookeeper".equals(registry)));
		defaults.put("spring.cloud.consul.enabled", Boolean.toString(cluster && "consul".equals(registry)));
		if (!cluster) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
			return;
		}
		defaults.put("spring.cloud.service-registry.auto-registration.enabled", "false");
		defaults.put("spring.cloud.zookeeper.discovery.register", "false");
		defaults.put("spring.cloud.consul.discovery.register", "false");
		defaults.put("spring.cloud.consul.discovery.query-passing", "true");
		defaults.put("spring.cloud.consul.discovery.health-check-critical-timeout", "1m");
		// readiness waits for the registry to have taken this instance (RegistryHealthIndicator)
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.endpoint.health.group.readiness.include", "readinessState,rallyRegistry");
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	// after config data, so that rally.mode from application.yml counts
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
