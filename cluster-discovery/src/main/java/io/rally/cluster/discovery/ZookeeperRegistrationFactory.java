package io.rally.cluster.discovery;

import java.util.LinkedHashMap;

import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceType;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;

/**
 * Registrations for Spring Cloud Zookeeper: an ephemeral node per instance, so that an instance
 * whose ZooKeeper session ends disappears without deregistering.
 * <p>
 * Replacing a registration goes through Curator's {@link ServiceDiscovery#updateService}: its
 * {@code registerService} rewrites the node but keeps the first instance it saw for the id, and
 * writes that stale one back when it re-registers after a lost session.
 */
public final class ZookeeperRegistrationFactory implements RegistrationFactory<ZookeeperRegistration> {

	private final ServiceDiscovery<ZookeeperInstance> serviceDiscovery;

	/**
	 * @param serviceDiscovery the Curator discovery that Spring Cloud's
	 * {@code ZookeeperServiceRegistry} writes through
	 */
	public ZookeeperRegistrationFactory(ServiceDiscovery<ZookeeperInstance> serviceDiscovery) {
		this.serviceDiscovery = serviceDiscovery;
	}

	@Override
	public ZookeeperRegistration create(Spec spec) {
		// a mutable map: Spring Cloud's setStatus writes its status into it
		ZookeeperInstance payload = new ZookeeperInstance(spec.instanceId(), spec.serviceId(),
				new LinkedHashMap<>(spec.metadata()));
		ServiceInstanceRegistration registration = ServiceInstanceRegistration.builder()
			.id(spec.instanceId())
			.name(spec.serviceId())
			.address(spec.host())
			.port(spec.port())
			.serviceType(ServiceType.DYNAMIC)
			.payload(payload)
			.build();
		// built now: until then its getters (service id, host, port) answer null or 0
		registration.getServiceInstance();
		return registration;
	}

	@Override
	public void update(ServiceRegistry<ZookeeperRegistration> registry, ZookeeperRegistration registration) {
		try {
			this.serviceDiscovery.updateService(registration.getServiceInstance());
		}
		catch (Exception ex) {
			// the node is gone (session lost meanwhile) or Curator forgot the id: create it again
			registry.register(registration);
		}
	}

}
