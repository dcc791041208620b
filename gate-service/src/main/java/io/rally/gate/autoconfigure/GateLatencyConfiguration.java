package io.rally.gate.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.gate.api.health.HealthScore;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.ops.GateOperations;
import io.rally.gate.internal.health.EwmaLatencyTracker;
import io.rally.gate.internal.health.NodeLatencyProbe;
import io.rally.gate.internal.metrics.LatencyGauges;
import io.rally.gate.internal.ops.DefaultGateOperations;
import io.rally.gate.internal.session.SessionManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gate's view of backend health (latency probe, tracker, score) and its operator
 * operations; part of {@link GateAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GateLatencyProperties.class)
class GateLatencyConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HealthScore gateHealthScore() {
		return HealthScore.DEFAULT;
	}

	@Bean
	@ConditionalOnMissingBean
	LatencyTracker gateLatencyTracker(GateLatencyProperties properties, HealthScore healthScore) {
		return new EwmaLatencyTracker(properties.getEwmaWeight(), healthScore, properties.getMaxBackends());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.latency.enabled", matchIfMissing = true)
	NodeLatencyProbe gateNodeLatencyProbe(GateLatencyProperties properties, ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<ClusterTransport> transport, LatencyTracker tracker) {
		return new NodeLatencyProbe(GateAutoConfiguration.required(registry, InstanceRegistry.class),
				GateAutoConfiguration.required(transport, ClusterTransport.class), tracker, properties.getInterval(),
				properties.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	LatencyGauges gateLatencyGauges(ObjectProvider<MeterRegistry> meterRegistry, LatencyTracker tracker,
			GateLatencyProperties properties) {
		return new LatencyGauges(meterRegistry.getIfAvailable(SimpleMeterRegistry::new), tracker,
				properties.getInterval(), properties.getMaxBackends());
	}

	@Bean
	@ConditionalOnMissingBean
	GateOperations gateOperations(SessionManager sessions, ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<Locator> locator, ObjectProvider<ClusterEventBus> events) {
		return new DefaultGateOperations(sessions, GateAutoConfiguration.required(registry, InstanceRegistry.class),
				GateAutoConfiguration.required(locator, Locator.class), events.getIfAvailable());
	}

}
