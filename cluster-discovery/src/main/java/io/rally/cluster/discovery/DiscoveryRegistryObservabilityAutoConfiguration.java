package io.rally.cluster.discovery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rally.cluster.InstanceRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry's health ({@code rallyRegistry}, which {@link DiscoveryEnvironmentPostProcessor}
 * puts in the readiness group) and its error counter, in cluster mode, for applications that
 * have actuator and Micrometer.
 */
@AutoConfiguration(after = DiscoveryRegistryAutoConfiguration.class)
@ConditionalOnProperty(prefix = "rally", name = "mode", havingValue = "cluster")
public final class DiscoveryRegistryObservabilityAutoConfiguration {

	/** The counter of failed registry calls, tagged {@code operation}. */
	public static final String ERRORS = "rally.registry.errors";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class Health {

		// Always there in cluster mode, so that the readiness group it is named in is valid.
		@Bean
		@ConditionalOnMissingBean(name = "rallyRegistryHealthIndicator")
		@ConditionalOnBean(InstanceRegistry.class)
		RegistryHealthIndicator rallyRegistryHealthIndicator(InstanceRegistry registry) {
			return new RegistryHealthIndicator(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	@ConditionalOnBean(DiscoveryInstanceRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean(name = "rallyRegistryMetrics")
		MeterBinder rallyRegistryMetrics(DiscoveryInstanceRegistry registry) {
			return (meters) -> bind(registry, meters);
		}

		private static void bind(DiscoveryInstanceRegistry registry, MeterRegistry meters) {
			for (DiscoveryInstanceRegistry.Operation operation : DiscoveryInstanceRegistry.Operation.values()) {
				FunctionCounter.builder(ERRORS, registry, (r) -> r.errors(operation))
					.description("Calls to the service registry (Consul, ZooKeeper) that failed")
					.tag("operation", operation.tag())
					.register(meters);
			}
		}

	}

}
