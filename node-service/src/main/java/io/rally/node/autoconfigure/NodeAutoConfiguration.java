package io.rally.node.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeControl;
import io.rally.node.api.PayloadCodec;
import io.rally.node.api.RouteInterceptor;
import io.rally.node.api.SessionListener;
import io.rally.node.api.UnknownRouteHandler;
import io.rally.node.internal.codec.DefaultPayloadCodec;
import io.rally.node.internal.dispatch.NodeDispatcher;
import io.rally.node.internal.lifecycle.DefaultNodeControl;
import io.rally.node.internal.lifecycle.NodeLifecycle;
import io.rally.node.internal.lifecycle.NodeRegistration;
import io.rally.node.internal.messaging.DefaultMessenger;
import io.rally.node.internal.messaging.GateDirectory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a Rally node: the route dispatcher behind the node's
 * {@link io.rally.cluster.NodeEndpoint}, the {@link Messenger}, {@link NodeControl} and the
 * lifecycle that registers the node. Needs an {@link InstanceRegistry}, a {@link Locator}, a
 * {@link ClusterTransport} and an {@link EndpointExporter} bean from the deployment mode
 * (standalone or cluster). Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(NodeProperties.class)
public final class NodeAutoConfiguration {

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
				() -> (configured != null) ? configured : exporter.advertisedEndpoint());
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
	Messenger rallyMessenger(GateDirectory gates, Locator locator, PayloadCodec codec,
			NodeRegistration registration) {
		return new DefaultMessenger(gates, locator, codec, registration.nodeId(), registration.group());
	}

	@Bean
	@ConditionalOnMissingBean
	NodeDispatcher rallyNodeDispatcher(PayloadCodec codec, Messenger messenger, GateDirectory gates,
			NodeProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
		NodeDispatcher.Settings settings = new NodeDispatcher.Settings(properties.getWorkerThreads(),
				properties.getMaxQueuedMessages(), properties.isErrorResponses());
		return new NodeDispatcher(codec, messenger, gates, settings, meterRegistry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	NodeLifecycle rallyNodeLifecycle(ListableBeanFactory beanFactory, NodeDispatcher dispatcher,
			NodeRegistration registration, GateDirectory gates, EndpointExporter exporter,
			ObjectProvider<RouteInterceptor> interceptors, ObjectProvider<SessionListener> listeners,
			ObjectProvider<UnknownRouteHandler> unknownRouteHandler, NodeProperties properties) {
		return new NodeLifecycle(beanFactory, dispatcher, registration, gates, exporter, interceptors, listeners,
				unknownRouteHandler, properties.getDrainTimeout());
	}

}
