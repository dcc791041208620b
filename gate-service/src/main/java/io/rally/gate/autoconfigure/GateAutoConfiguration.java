package io.rally.gate.autoconfigure;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.gate.api.dispatch.NodeSelector;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.internal.ConnectionLimit;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.GateLifecycle;
import io.rally.gate.internal.NettyGateServer;
import io.rally.gate.internal.admission.PerIpLimits;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.kcp.KcpGateServer;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.metrics.NettyBufferMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.internal.tls.CertificateReloader;
import io.rally.gate.internal.tls.ReloadableSslContext;
import io.rally.gate.internal.ws.WsGateServer;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs a gate: the TCP and WebSocket servers (and KCP when enabled), the session manager nodes call, and the
 * dispatcher that forwards client packets to nodes.
 *
 * <p>The gate does not choose how instances find and reach each other: it needs an
 * {@link InstanceRegistry}, a {@link Locator}, a {@link ClusterTransport} and an
 * {@link EndpointExporter} from the application (standalone mode provides the in-memory
 * ones). Meters go to the application's {@link MeterRegistry}, or to a private simple
 * registry if there is none.
 */
@ConditionalOnProperty(name = "rally.gate.enabled", havingValue = "true", matchIfMissing = true)
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@EnableConfigurationProperties(GateProperties.class)
@Import({ GateRelayConfiguration.class, GateLatencyConfiguration.class })
public class GateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GateMetrics gateMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
		return new GateMetrics(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	NodeSelector gateNodeSelector(GateProperties properties, GateLatencyProperties latency,
			LatencyTracker latencyTracker) {
		return properties.getDispatch().getStrategy().selector(latencyTracker, latency.getTieTolerance());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionManager gateSessionManager(GateProperties properties, ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<Locator> locator, ObjectProvider<ClusterTransport> transport, GateMetrics metrics) {
		SessionManager sessions = new SessionManager(properties.getId(), required(registry, InstanceRegistry.class),
				required(locator, Locator.class), required(transport, ClusterTransport.class), metrics,
				properties.getProtocol().toSettings().maxPayloadBytes(), properties.getChannels().toLimits(),
				properties.getLimits().toRequestLimits());
		metrics.outboundGauges(sessions, SessionManager::outboundQueuedPackets, SessionManager::outboundPendingBytes);
		return sessions;
	}

	/** Bound to the application's registry by Boot's metrics auto-configuration, when it runs. */
	@Bean
	@ConditionalOnMissingBean(NettyBufferMetrics.class)
	NettyBufferMetrics gateNettyBufferMetrics() {
		return new NettyBufferMetrics();
	}

	@Bean
	@ConditionalOnMissingBean
	Dispatcher gateDispatcher(GateProperties properties, ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<Locator> locator, ObjectProvider<ClusterTransport> transport, NodeSelector selector,
			GateMetrics metrics, SessionManager sessions) {
		return new Dispatcher(properties.getId(), required(registry, InstanceRegistry.class),
				required(locator, Locator.class), required(transport, ClusterTransport.class), selector, metrics,
				sessions);
	}

	@Bean
	@ConditionalOnMissingBean
	GateChannelSettings gateChannelSettings(GateProperties properties, SessionManager sessions, Dispatcher dispatcher,
			GateMetrics metrics) {
		GateProperties.Heartbeat heartbeat = properties.getHeartbeat();
		ProtocolSettings protocol = properties.getProtocol().toSettings();
		PerIpLimits perIp = properties.getPerIp().toLimits();
		metrics.perIpGauge(perIp, PerIpLimits::tracked);
		return new GateChannelSettings(new PacketCodec(protocol), heartbeat.getInterval(), heartbeat.getMechanism(),
				heartbeat.isWithTime(), heartbeat.getTimeUnit(), properties.getAuthorizeTimeout(),
				Math.toIntExact(properties.getOutbound().getMaxPending().toBytes()), sessions, dispatcher, metrics,
				new ConnectionLimit(properties.getMaxConnections()), perIp,
				properties.getProxyProtocol().toTrustedProxies(), properties.getLimits().getRate().toRateLimits());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.tcp.enabled", matchIfMissing = true)
	@ConditionalOnProperty(name = "rally.gate.mode", havingValue = "packet", matchIfMissing = true)
	TcpGateServer gateTcpServer(GateProperties properties, GateChannelSettings settings,
			ObjectProvider<ReloadableSslContext> tls) {
		GateProperties.Tcp tcp = properties.getTcp();
		return GateTlsSupport.applyTo(new TcpGateServer(tcp.getHost(), tcp.getPort(), settings), properties.getTls(),
				tls);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.ws.enabled", matchIfMissing = true)
	@ConditionalOnProperty(name = "rally.gate.mode", havingValue = "packet", matchIfMissing = true)
	WsGateServer gateWsServer(GateProperties properties, GateChannelSettings settings,
			ObjectProvider<ReloadableSslContext> tls) {
		GateProperties.Ws ws = properties.getWs();
		return GateTlsSupport.applyTo(new WsGateServer(ws.getHost(), ws.getPort(), ws.getPath(),
				ws.getAllowedOrigins(), ws.maxFrameBytes(settings.codec().settings()), settings), properties.getTls(), tls);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.tls.enabled")
	ReloadableSslContext gateSslContext(GateProperties properties) {
		return GateTlsSupport.sslContext(properties.getTls());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.tls.enabled")
	CertificateReloader gateCertificateReloader(GateProperties properties, ReloadableSslContext sslContext) {
		return new CertificateReloader(sslContext, properties.getTls().getReloadInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.kcp.enabled")
	@ConditionalOnProperty(name = "rally.gate.mode", havingValue = "packet", matchIfMissing = true)
	KcpGateServer gateKcpServer(GateProperties properties, GateChannelSettings settings) {
		GateProperties.Kcp kcp = properties.getKcp();
		return new KcpGateServer(kcp.getHost(), kcp.getPort(), kcp.toOptions(), settings);
	}

	@Bean
	@ConditionalOnMissingBean
	GateLifecycle gateLifecycle(GateProperties properties, ObjectProvider<NettyGateServer> servers,
			SessionManager sessions, Dispatcher dispatcher, ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<EndpointExporter> exporter) {
		List<NettyGateServer> all = servers.orderedStream().toList();
		return new GateLifecycle(properties.getId(), properties.getAdvertisedEndpoint(), properties.getWorkerThreads(),
				all, sessions, dispatcher, required(registry, InstanceRegistry.class),
				required(exporter, EndpointExporter.class), properties.getShutdownTimeout());
	}

	static <T> T required(ObjectProvider<T> provider, Class<T> type) {
		T bean = provider.getIfAvailable();
		if (bean == null) {
			throw new IllegalStateException("The Rally gate needs a bean of type " + type.getName()
					+ ": standalone mode provides the in-memory one (io.rally.cluster.local), cluster mode the"
					+ " networked one; define one, or leave the gate out of this application");
		}
		return bean;
	}

}
