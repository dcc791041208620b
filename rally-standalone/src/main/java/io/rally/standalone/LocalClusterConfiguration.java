package io.rally.standalone;

import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster of one JVM: the registry, locator and transport that the gate and the node
 * share in standalone mode. Cluster mode replaces these three beans with service discovery,
 * Redis and gRPC; controllers do not notice.
 */
@Configuration(proxyBeanMethods = false)
public class LocalClusterConfiguration {

	@Bean
	InMemoryRegistry instanceRegistry() {
		return new InMemoryRegistry();
	}

	@Bean
	InMemoryLocator locator() {
		return new InMemoryLocator();
	}

	@Bean
	LocalTransport localTransport() {
		return new LocalTransport();
	}

}
