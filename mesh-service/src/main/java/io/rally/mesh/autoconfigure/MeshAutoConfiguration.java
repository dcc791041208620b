package io.rally.mesh.autoconfigure;

import java.util.List;

import io.grpc.BindableService;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.mesh.registration.MeshRegistration;
import io.rally.mesh.registration.MeshRegistrationListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * Makes this JVM a mesh instance when {@code rally.mesh.enabled=true}: the services Spring gRPC
 * serves ({@code BindableService} beans, on {@code spring.grpc.server.*}) are registered in the
 * {@link InstanceRegistry} as a {@code MESH} instance once the server listens, and deregistered
 * when the context closes. Works in any mode: in cluster mode with the discovery registry, in
 * standalone mode with the application's in-memory registry (rally-standalone's), or, when
 * there is none, one of its own. Standalone servers should bind
 * {@code spring.grpc.server.host=127.0.0.1} (and may use port 0); they are advertised on
 * loopback.
 */
@AutoConfiguration(afterName = { "io.rally.cluster.discovery.DiscoveryRegistryAutoConfiguration",
		"io.rally.standalone.autoconfigure.StandaloneClusterAutoConfiguration",
		"org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration" })
@ConditionalOnClass(GrpcServerStartedEvent.class)
@ConditionalOnBooleanProperty("rally.mesh.enabled")
@EnableConfigurationProperties(MeshProperties.class)
public class MeshAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(InstanceRegistry.class)
	@ConditionalOnProperty(name = "rally.mode", havingValue = "standalone", matchIfMissing = true)
	InMemoryRegistry rallyMeshInstanceRegistry() {
		return new InMemoryRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	MeshRegistration rallyMeshRegistration(MeshProperties properties, ObjectProvider<InstanceRegistry> registry,
			ObjectProvider<GrpcServiceDiscoverer> discoverer, ObjectProvider<BindableService> services,
			Environment environment) {
		InstanceRegistry instanceRegistry = registry.getIfAvailable();
		if (instanceRegistry == null) {
			throw new IllegalStateException("rally.mesh.enabled=true needs an InstanceRegistry: in cluster mode add "
					+ "cluster-discovery and a ZooKeeper or Consul backend");
		}
		MeshRegistration.Spec spec = new MeshRegistration.Spec(properties.getId(), properties.getGroup(),
				properties.getWeight(), properties.getAdvertisedHost(),
				"cluster".equals(environment.getProperty("rally.mode")));
		List<String> excluded = List.copyOf(properties.getExcludedServicePrefixes());
		return new MeshRegistration(instanceRegistry, spec, () -> serviceNames(discoverer, services).stream()
			.filter((name) -> excluded.stream().noneMatch(name::startsWith))
			.distinct()
			.sorted()
			.toList());
	}

	@Bean
	MeshRegistrationListener rallyMeshRegistrationListener(MeshRegistration registration,
			ApplicationContext context) {
		return new MeshRegistrationListener(registration, context);
	}

	// What the server really hosts, when Spring gRPC's discoverer is there; else the beans.
	private static List<String> serviceNames(ObjectProvider<GrpcServiceDiscoverer> discoverer,
			ObjectProvider<BindableService> services) {
		GrpcServiceDiscoverer found = discoverer.getIfAvailable();
		if (found != null) {
			return found.listServiceNames();
		}
		return services.orderedStream().map((service) -> service.bindService().getServiceDescriptor().getName()).toList();
	}

}
