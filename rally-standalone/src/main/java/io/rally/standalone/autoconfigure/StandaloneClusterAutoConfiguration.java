package io.rally.standalone.autoconfigure;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.event.EventDispatcher;
import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.autoconfigure.GateAutoConfiguration;
import io.rally.node.autoconfigure.NodeAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The cluster of one JVM: the registry, locator, transport and event bus that gate and node
 * share in standalone mode, all in memory. The event bus reports the changes of the registry,
 * and of the locator if it is an {@link InMemoryLocator}. Active unless {@code rally.mode=cluster}, where service
 * discovery, Redis and gRPC take their places; controllers do not notice the difference.
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration(before = { GateAutoConfiguration.class, NodeAutoConfiguration.class })
@ConditionalOnProperty(name = "rally.mode", havingValue = "standalone", matchIfMissing = true)
public final class StandaloneClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(InstanceRegistry.class)
	InMemoryRegistry rallyInstanceRegistry() {
		return new InMemoryRegistry();
	}

	@Bean
	@ConditionalOnMissingBean(Locator.class)
	InMemoryLocator rallyLocator() {
		return new InMemoryLocator();
	}

	@Bean
	@ConditionalOnMissingBean({ ClusterTransport.class, EndpointExporter.class })
	LocalTransport rallyLocalTransport() {
		return new LocalTransport();
	}

	@Bean
	@ConditionalOnMissingBean(ClusterEventBus.class)
	InMemoryClusterEventBus rallyClusterEventBus(ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<Locator> locator) {
		InMemoryLocator inMemoryLocator = (locator.getIfUnique() instanceof InMemoryLocator local) ? local : null;
		return new InMemoryClusterEventBus(registry.getIfUnique(), inMemoryLocator,
				EventDispatcher.DEFAULT_MAX_QUEUED_EVENTS);
	}

}
