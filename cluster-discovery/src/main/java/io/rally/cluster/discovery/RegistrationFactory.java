package io.rally.cluster.discovery;

import java.util.Map;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

/**
 * The per-backend part of {@link DiscoveryInstanceRegistry}: builds the backend's own
 * {@link Registration} for a Rally instance, and says how the backend replaces one in place.
 * Everything else (reading, watching, encoding) is written against Spring Cloud's abstraction.
 *
 * @param <R> the backend's registration type
 */
public interface RegistrationFactory<R extends Registration> {

	/** The registration of one instance; {@code metadata} is already within the backend's limits. */
	R create(Spec spec);

	/**
	 * Replaces the registered instance {@code registration.getInstanceId()} with
	 * {@code registration}, keeping the instance visible throughout. Registering again does
	 * that for most backends.
	 */
	default void update(ServiceRegistry<R> registry, R registration) {
		registry.register(registration);
	}

	/**
	 * What a registration holds.
	 *
	 * @param serviceId the service the instance belongs to, e.g. {@code rally-node}
	 * @param instanceId the Rally instance id
	 * @param host where the instance is reached
	 * @param port the instance's gRPC port
	 * @param metadata the encoded {@link io.rally.cluster.InstanceInfo}
	 */
	record Spec(String serviceId, String instanceId, String host, int port, Map<String, String> metadata) {

		public Spec {
			metadata = Map.copyOf(metadata);
		}

	}

}
