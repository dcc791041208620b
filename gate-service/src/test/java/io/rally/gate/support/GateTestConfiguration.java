package io.rally.gate.support;

import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.autoconfigure.GateAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The standalone-mode contracts, in memory, and one {@link TestNode} registered in them.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(GateAutoConfiguration.class)
public class GateTestConfiguration {

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
	TestNode testNode(InMemoryRegistry registry, LocalTransport transport, InMemoryLocator locator) {
		TestNode node = new TestNode(registry, transport, locator);
		transport.exportNode(TestNode.ID, node);
		registry.register(TestNode.info());
		return node;
	}

}
