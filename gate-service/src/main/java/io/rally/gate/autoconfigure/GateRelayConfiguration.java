package io.rally.gate.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;

import io.rally.cluster.InstanceRegistry;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.relay.BackendLatencyListener;
import io.rally.gate.api.relay.BackendRedirects;
import io.rally.gate.api.relay.BackendResolver;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.relay.BackendAllowList;
import io.rally.gate.internal.relay.DefaultBackendResolver;
import io.rally.gate.internal.relay.OpenRelays;
import io.rally.gate.internal.relay.RelayKcpServer;
import io.rally.gate.internal.relay.RelayRefusals;
import io.rally.gate.internal.relay.RelaySettings;
import io.rally.gate.internal.relay.RelayTcpServer;
import io.rally.gate.internal.relay.RelayTokenVerifier;
import io.rally.gate.internal.relay.RelayWsServer;
import io.rally.gate.internal.relay.TrackingLatencyListener;
import io.rally.gate.internal.tls.ReloadableSslContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The transparent gateway ({@code rally.gate.mode=transparent}): relay servers on the TCP,
 * WebSocket and (if enabled) KCP addresses in place of the packet servers. The rest of the
 * gate (lifecycle, connection limit, metrics, TLS for the transports {@code rally.gate.tls}
 * lists) is shared with packet mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rally.gate.mode", havingValue = "transparent")
@EnableConfigurationProperties(RelayProperties.class)
class GateRelayConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BackendLatencyListener gateBackendLatencyListener(LatencyTracker tracker, GateLatencyProperties latency) {
		return new TrackingLatencyListener(tracker, latency.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	BackendResolver gateBackendResolver(RelayProperties properties, ObjectProvider<InstanceRegistry> registry) {
		RelayProperties.Token token = properties.getToken();
		byte[] secret = (token.getSecret() != null) ? token.getSecret().getBytes(StandardCharsets.UTF_8) : null;
		PublicKey publicKey = (token.getPublicKey() != null) ? RelayTokenVerifier.rsaPublicKey(token.getPublicKey())
				: null;
		RelayTokenVerifier verifier = new RelayTokenVerifier(secret, publicKey, token.getBackendClaim(),
				token.getClockSkew(), Clock.systemUTC());
		RelayProperties.Discovery discovery = properties.getDiscovery();
		return new DefaultBackendResolver(BackendAllowList.of(properties.getAllowedBackends()), verifier,
				properties.isTokenRequired(), discovery.getKinds().isEmpty() ? null : registry.getIfAvailable(),
				discovery.getKinds(), discovery.getGroups());
	}

	@Bean
	@ConditionalOnMissingBean
	OpenRelays gateOpenRelays(GateMetrics metrics) {
		return new OpenRelays(metrics);
	}

	@Bean
	@ConditionalOnMissingBean
	BackendRedirects gateBackendRedirects(OpenRelays openRelays) {
		return new BackendRedirects(openRelays::drain);
	}

	@Bean
	@ConditionalOnMissingBean
	RelaySettings gateRelaySettings(RelayProperties properties, BackendResolver resolver,
			BackendLatencyListener latency, GateMetrics metrics, BackendRedirects redirects, OpenRelays openRelays) {
		RelayProperties.Dial dial = properties.getDial();
		return new RelaySettings(resolver, properties.successMessageBytes(), properties.getHandshakeTimeout(),
				Math.toIntExact(properties.getMaxFirstPacket().toBytes()), dial.getTimeout(), dial.getRetries(),
				dial.getBackoff(), properties.isSplice(), latency,
				new RelayRefusals(metrics, properties.getRefusalLogInterval()), metrics, redirects, openRelays);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.tcp.enabled", matchIfMissing = true)
	RelayTcpServer gateRelayTcpServer(GateProperties properties, GateChannelSettings settings, RelaySettings relay,
			ObjectProvider<ReloadableSslContext> tls) {
		GateProperties.Tcp tcp = properties.getTcp();
		return GateTlsSupport.applyTo(new RelayTcpServer(tcp.getHost(), tcp.getPort(), settings, relay),
				properties.getTls(), tls);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.kcp.enabled")
	RelayKcpServer gateRelayKcpServer(GateProperties properties, GateChannelSettings settings, RelaySettings relay) {
		GateProperties.Kcp kcp = properties.getKcp();
		return new RelayKcpServer(kcp.getHost(), kcp.getPort(), kcp.toOptions(), settings, relay);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "rally.gate.ws.enabled", matchIfMissing = true)
	RelayWsServer gateRelayWsServer(GateProperties properties, RelayProperties relayProperties,
			GateChannelSettings settings, RelaySettings relay, ObjectProvider<ReloadableSslContext> tls) {
		GateProperties.Ws ws = properties.getWs();
		return GateTlsSupport.applyTo(new RelayWsServer(ws.getHost(), ws.getPort(), ws.getPath(),
				relayProperties.getWs().getBackendHeader(),
				Math.toIntExact(relayProperties.getWs().getMaxFrameSize().toBytes()), settings, relay),
				properties.getTls(), tls);
	}

}
