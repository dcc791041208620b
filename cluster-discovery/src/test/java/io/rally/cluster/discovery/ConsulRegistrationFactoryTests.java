package io.rally.cluster.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.discovery.HeartbeatProperties;
import org.springframework.cloud.consul.model.http.agent.NewService;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistration;

import static org.assertj.core.api.Assertions.assertThat;

/** What Rally hands a Consul agent; no agent runs here, so this checks the request. */
class ConsulRegistrationFactoryTests {

	private final InstanceInfo node = new InstanceInfo("node-7", InstanceKind.NODE, "battle", InstanceState.BUSY, 2,
			"10.0.0.9:9443", List.of(new RouteInfo(5, true, true, false)));

	private final ConsulDiscoveryProperties properties = new ConsulDiscoveryProperties(
			new InetUtils(new InetUtilsProperties()));

	@Test
	void registersTheInstanceWithItsMetadataAndATcpCheckOnItsPort() {
		this.properties.setHealthCheckCriticalTimeout("1m");
		ConsulRegistration registration = new ConsulRegistrationFactory(this.properties, null).create(spec());
		NewService service = registration.getService();
		assertThat(service.getId()).isEqualTo("node-7");
		assertThat(service.getName()).isEqualTo("rally-node");
		assertThat(service.getAddress()).isEqualTo("10.0.0.9");
		assertThat(service.getPort()).isEqualTo(9443);
		assertThat(service.getTags()).containsExactly("rally", "node");
		assertThat(service.getMeta()).isEqualTo(InstanceMetadataCodec.encode(this.node));
		assertThat(service.getCheck().getTcp()).isEqualTo("10.0.0.9:9443");
		assertThat(service.getCheck().getInterval()).isEqualTo(this.properties.getHealthCheckInterval());
		assertThat(service.getCheck().getTtl()).isNull();
		assertThat(service.getCheck().getDeregisterCriticalServiceAfter()).isEqualTo("1m");
		assertThat(registration.getInstanceId()).isEqualTo("node-7");
		assertThat(registration.getServiceId()).isEqualTo("rally-node");
		assertThat(InstanceMetadataCodec.decode(registration.getInstanceId(), registration.getHost(),
				registration.getPort(), registration.getMetadata()))
			.isEqualTo(this.node);
	}

	@Test
	void usesATtlCheckWhenSpringCloudConsulSendsHeartbeats() {
		HeartbeatProperties heartbeat = new HeartbeatProperties();
		heartbeat.setEnabled(true);
		heartbeat.setTtl(Duration.ofSeconds(20));
		NewService service = new ConsulRegistrationFactory(this.properties, heartbeat).create(spec()).getService();
		assertThat(service.getCheck().getTtl()).isEqualTo("20s");
		assertThat(service.getCheck().getTcp()).isNull();
	}

	@Test
	void registersNoCheckWhenHealthChecksAreOff() {
		this.properties.setRegisterHealthCheck(false);
		NewService service = new ConsulRegistrationFactory(this.properties, null).create(spec()).getService();
		assertThat(service.getCheck()).isNull();
	}

	private RegistrationFactory.Spec spec() {
		Map<String, String> metadata = InstanceMetadataCodec.encode(this.node);
		return new RegistrationFactory.Spec("rally-node", "node-7", "10.0.0.9", 9443, metadata);
	}

}
