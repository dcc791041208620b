package io.rally.cluster.discovery;

import java.util.List;

import io.rally.cluster.InstanceRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this application's Rally instances are in the cluster's registry: DOWN until the
 * registry has taken the first of them, UP with their ids after that. Part of the readiness
 * group in cluster mode, so that a gate or node takes no traffic before others can find it.
 *
 * <p>A registry that stops answering later only shows in the details ({@code listing}): the
 * instances stay registered and keep serving with what they last saw, and failing every
 * instance's readiness at once in a registry outage would take the whole cluster out of service.
 */
public final class RegistryHealthIndicator implements HealthIndicator {

	private final InstanceRegistry registry;

	public RegistryHealthIndicator(InstanceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		if (!(this.registry instanceof DiscoveryInstanceRegistry discovery)) {
			// another registry keeps its own account of registration; nothing to wait for here
			return Health.up().withDetail("registry", this.registry.getClass().getSimpleName()).build();
		}
		List<String> registered = discovery.registeredIds();
		Health.Builder health = registered.isEmpty() ? Health.down() : Health.up();
		return health.withDetail("registered", registered)
			.withDetail("listing", discovery.isBackendFailing() ? "failing" : "ok")
			.build();
	}

}
