package io.rally.node.autoconfigure;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeControl;
import io.rally.node.api.PayloadCodec;
import io.rally.node.api.RouteInterceptor;
import io.rally.node.api.SessionListener;
import io.rally.node.api.UnknownRouteHandler;
import io.rally.node.internal.codec.DefaultPayloadCodec;
import io.rally.node.internal.dispatch.NodeDispatcher;
import io.rally.node.internal.lifecycle.DefaultNodeControl;
import io.rally.node.internal.lifecycle.NodeGauges;
import io.rally.node.internal.lifecycle.NodeLifecycle;
import io.rally.node.internal.lifecycle.NodeRegistration;
import io.rally.node.internal.messaging.BoundUsers;
import io.rally.node.internal.messaging.DefaultMessenger;
import io.rally.node.internal.messaging.GateDirectory;
import io.rally.node.internal.messaging.RebindWatch;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of a Rally node: the route dispatcher behind the node's
 * {@link io.rally.cluster.NodeEndpoint}, the {@link Messenger}, {@link NodeControl} and the
 * lifecycle that registers the node. Needs an {@link InstanceRegistry}, a {@link Locator}, a
 * {@link ClusterTransport} and an {@link EndpointExporter} bean from the deployment mode
 * (standalone or cluster). Every bean backs off when the application defines its own.
 */
@ConditionalOnProperty(name = "rally.node.enabled", havingValue = "true", matchIfMissing = true)
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(NodeProperties.class)
public final class NodeAutoConfiguration {

	/** Spring Boot's default of {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	PayloadCodec rallyPayloadCodec(ObjectProvider<JsonMapper> jsonMapper) {
		return new DefaultPayloadCodec(jsonMapper.getIfUnique(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	NodeRegistration rallyNodeRegistration(InstanceRegistry registry, EndpointExporter exporter,
			NodeProperties properties) {
		String configured = properties.getAdvertisedEndpoint();
		return new NodeRegistration(registry, properties.getId(), properties.getGroup(), properties.getWeight(),
				() -> (configured != null) ? configured : exporter.advertisedEndpoint(), properties.getRelayEndpoint());
	}

	@Bean
	@ConditionalOnMissingBean
	NodeControl rallyNodeControl(NodeRegistration registration) {
		return new DefaultNodeControl(registration);
	}

	@Bean
	@ConditionalOnMissingBean
	GateDirectory rallyGateDirectory(InstanceRegistry registry, ClusterTransport transport) {
		return new GateDirectory(registry, transport);
	}

	@Bean
	@ConditionalOnMissingBean
	BoundUsers rallyBoundUsers() {
		return new BoundUsers();
	}

	/** Without an event bus a node keeps counting moved users until they disconnect. */
	@Bean
	@ConditionalOnMissingBean
	RebindWatch rallyRebindWatch(ObjectProvider<ClusterEventBus> events, NodeRegistration registration,
			BoundUsers boundUsers) {
		return new RebindWatch(events.getIfAvailable(), registration.nodeId(), registration.group(), boundUsers);
	}

	@Bean
	@ConditionalOnMissingBean
	Messenger rallyMessenger(GateDirectory gates, InstanceRegistry registry, ClusterTransport transport,
			Locator locator, PayloadCodec codec, NodeRegistration registration, BoundUsers boundUsers) {
		return new DefaultMessenger(gates, registry, transport, locator, codec, registration.nodeId(),
				registration.group(), boundUsers);
	}

	@Bean
	@ConditionalOnMissingBean
	NodeDispatcher rallyNodeDispatcher(PayloadCodec codec, Messenger messenger, GateDirectory gates,
			BoundUsers boundUsers, NodeProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
		NodeDispatcher.Settings settings = new NodeDispatcher.Settings(properties.getWorkerThreads(),
				properties.getMaxQueuedMessages(), properties.isErrorResponses(), properties.getWorkerIdleYields());
		return new NodeDispatcher(codec, messenger, gates, boundUsers, settings, meterRegistry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	NodeLifecycle rallyNodeLifecycle(ListableBeanFactory beanFactory, NodeDispatcher dispatcher,
			NodeRegistration registration, GateDirectory gates, EndpointExporter exporter,
			ObjectProvider<RouteInterceptor> interceptors, ObjectProvider<SessionListener> listeners,
			ObjectProvider<UnknownRouteHandler> unknownRouteHandler, BoundUsers boundUsers,
			NodeProperties properties, Environment environment, ObjectProvider<MeterRegistry> meterRegistry) {
		NodeGauges.register(meterRegistry.getIfUnique(), registration, boundUsers);
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_PHASE_TIMEOUT);
		NodeLifecycle.Drain drain = new NodeLifecycle.Drain(boundUsers, properties.getDrainTimeout(), phaseTimeout);
		return new NodeLifecycle(beanFactory, dispatcher, registration, gates, exporter, interceptors, listeners,
				unknownRouteHandler, drain);
	}

}
