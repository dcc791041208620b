package io.rally.mesh.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Secures a mesh's Spring gRPC server with the cluster links' SSL bundle: when
 * {@code rally.mesh.enabled=true} and {@code rally.cluster.grpc.ssl.bundle} names a bundle,
 * {@code spring.grpc.server.ssl.bundle} defaults to it and
 * {@code spring.grpc.server.ssl.client-auth} to {@code require}, so that only callers with a
 * certificate of the cluster's CA reach the mesh services. Both are defaults: set them to
 * serve the mesh otherwise. Spring gRPC reads the bundle when the server starts; a renewed
 * certificate reaches the mesh's server on its next start (its channels to other meshes
 * follow reloads at once).
 */
public final class MeshTlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "rallyMeshTlsDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String bundle = environment.getProperty("rally.cluster.grpc.ssl.bundle");
		if (!environment.getProperty("rally.mesh.enabled", Boolean.class, false) || !StringUtils.hasText(bundle)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.grpc.server.ssl.bundle", bundle);
		defaults.put("spring.grpc.server.ssl.client-auth", "require");
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	// after config data, so that settings from application.yml count
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
