package io.rally.cluster.grpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Cluster mode's transport and exporter over gRPC, active when {@code rally.mode=cluster}.
 * Both are built from one {@link GrpcLinks}, so that the transport calls this JVM's own
 * instances directly and a node's pushes find the streams gates opened to this JVM. Meters go
 * to the application's {@link MeterRegistry}; without one they go nowhere.
 *
 * <p>The links use plain grpc-java with a server of their own rather than Spring gRPC's
 * server: they need the port actually bound when the configured port is 0 (it is advertised
 * in the registry), a lifecycle phase before gates and nodes, and must not share a server
 * (and its interceptors) with the application's mesh services.
 *
 * <p>With a {@link LinkTls} (from {@code rally.cluster.grpc.ssl.bundle}) the server and the
 * channels use mutual TLS; without one they are plaintext, and starting says so in a warning.
 */
@AutoConfiguration(after = LinkTlsAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnProperty(name = "rally.mode", havingValue = "cluster")
@EnableConfigurationProperties(GrpcClusterProperties.class)
public class GrpcClusterAutoConfiguration {

	private static final Log logger = LogFactory.getLog(GrpcClusterAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	GrpcLinks grpcClusterLinks(GrpcClusterProperties properties, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<LinkTls> tls) {
		LinkTls linkTls = tls.getIfAvailable();
		if (linkTls == null) {
			logger.warn("The gRPC links between gates, nodes and meshes are NOT authenticated: "
					+ "rally.cluster.grpc.ssl.bundle is not set, so links are plaintext and anyone who reaches "
					+ "the link port can act as a gate or a node. Name an SSL bundle with the cluster's CA in "
					+ "rally.cluster.grpc.ssl.bundle (see docs/security.md)");
		}
		// A composite without registries hands out no-op meters.
		return new GrpcLinks(properties, meterRegistry.getIfAvailable(CompositeMeterRegistry::new), linkTls);
	}

	@Bean
	@ConditionalOnMissingBean(ClusterTransport.class)
	GrpcClusterTransport grpcClusterTransport(GrpcLinks links) {
		return new GrpcClusterTransport(links);
	}

	@Bean
	@ConditionalOnMissingBean(EndpointExporter.class)
	GrpcEndpointExporter grpcEndpointExporter(GrpcLinks links,
			ObjectProvider<GrpcLinkServerCustomizer> customizers) {
		return new GrpcEndpointExporter(links, customizers.orderedStream().toList());
	}

}
