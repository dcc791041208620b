package io.rally.cluster.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.discovery.HeartbeatProperties;
import org.springframework.cloud.consul.model.http.agent.NewService;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistration;

/**
 * Registrations for Spring Cloud Consul. Registering an id again replaces the agent's service,
 * so the default {@link #update} serves. Health: with
 * {@code spring.cloud.consul.discovery.heartbeat.enabled} a TTL check that Spring Cloud's
 * {@code TtlScheduler} passes, otherwise a TCP check on the instance's gRPC port; either way the
 * interval, timeout and critical deregistration come from
 * {@code spring.cloud.consul.discovery.health-check-*}.
 */
public final class ConsulRegistrationFactory implements RegistrationFactory<ConsulRegistration> {

	/** The tag every Rally instance carries, for filtering in Consul's UI and DNS. */
	public static final String TAG = "rally";

	private final ConsulDiscoveryProperties properties;

	private final HeartbeatProperties heartbeat;

	/**
	 * @param properties Spring Cloud Consul's discovery settings (ACL token, health-check timing)
	 * @param heartbeat its heartbeat settings, or {@code null} for TCP checks
	 */
	public ConsulRegistrationFactory(ConsulDiscoveryProperties properties, HeartbeatProperties heartbeat) {
		this.properties = properties;
		this.heartbeat = heartbeat;
	}

	@Override
	public ConsulRegistration create(Spec spec) {
		NewService service = new NewService();
		service.setId(spec.instanceId());
		service.setName(spec.serviceId());
		service.setAddress(spec.host());
		service.setPort(spec.port());
		String kind = spec.metadata().getOrDefault(InstanceMetadataCodec.KIND, "");
		service.setTags(List.of(TAG, kind.toLowerCase(Locale.ROOT)));
		service.setMeta(new LinkedHashMap<>(spec.metadata()));
		if (this.properties.isRegisterHealthCheck()) {
			service.setCheck(check(spec));
		}
		return new ConsulRegistration(service, this.properties);
	}

	private NewService.Check check(Spec spec) {
		NewService.Check check = new NewService.Check();
		if (this.heartbeat != null && this.heartbeat.isEnabled()) {
			check.setTtl(this.heartbeat.getTtl().toSeconds() + "s");
		}
		else {
			check.setTcp(Endpoint.format(spec.host(), spec.port()));
			check.setInterval(this.properties.getHealthCheckInterval());
			check.setTimeout(this.properties.getHealthCheckTimeout());
		}
		check.setDeregisterCriticalServiceAfter(this.properties.getHealthCheckCriticalTimeout());
		return check;
	}

}
