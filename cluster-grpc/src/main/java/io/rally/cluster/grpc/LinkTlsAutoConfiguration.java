package io.rally.cluster.grpc;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * The {@link LinkTls} of the SSL bundle named by {@code rally.cluster.grpc.ssl.bundle}, for
 * the link server and channels of cluster mode and for the channels to mesh services. A
 * bundle that is missing or lacks a key or trusted certificates fails the start.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnProperty("rally.cluster.grpc.ssl.bundle")
@EnableConfigurationProperties(GrpcClusterProperties.class)
public class LinkTlsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LinkTls rallyLinkTls(GrpcClusterProperties properties, SslBundles bundles) {
		return LinkTls.of(bundles, properties.getSsl().getBundle());
	}

}
