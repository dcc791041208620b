package io.rally.cluster.grpc.mesh;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.LinkTls;
import io.rally.cluster.grpc.LinkTlsAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link MeshChannels} for any application with an {@link InstanceRegistry}: in cluster mode
 * the discovery registry, in standalone mode the in-memory one. Ordered after the
 * auto-configurations that contribute a registry; the channels shut down with the context.
 * With {@code rally.cluster.grpc.ssl.bundle} set they use mutual TLS with that bundle.
 */
@AutoConfiguration(after = LinkTlsAutoConfiguration.class, afterName = { "io.rally.cluster.discovery.DiscoveryRegistryAutoConfiguration",
		"io.rally.standalone.autoconfigure.StandaloneClusterAutoConfiguration",
		"io.rally.mesh.autoconfigure.MeshAutoConfiguration" })
@ConditionalOnBean(InstanceRegistry.class)
@EnableConfigurationProperties(MeshClientProperties.class)
public class MeshClientAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	MeshChannels rallyMeshChannels(InstanceRegistry registry, MeshClientProperties properties,
			ObjectProvider<LinkTls> tls) {
		return new MeshChannels(registry, properties, tls.getIfAvailable());
	}

}
