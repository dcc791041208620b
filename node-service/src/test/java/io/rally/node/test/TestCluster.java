package io.rally.node.test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster a node under test lives in: standalone-mode registry, locator and transport, one
 * {@link TestGate} and a meter registry.
 */
@Configuration(proxyBeanMethods = false)
public class TestCluster {

	@Bean
	InMemoryRegistry registry() {
		return new InMemoryRegistry();
	}

	@Bean
	InMemoryLocator locator() {
		return new InMemoryLocator();
	}

	@Bean
	LocalTransport transport() {
		return new LocalTransport();
	}

	@Bean
	TestGate testGate(InMemoryRegistry registry, LocalTransport transport, InMemoryLocator locator) {
		return new TestGate(registry, transport, locator);
	}

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
