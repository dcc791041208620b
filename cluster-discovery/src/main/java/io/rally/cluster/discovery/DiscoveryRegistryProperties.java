package io.rally.cluster.discovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the instance registry on Spring Cloud service discovery, under
 * {@code rally.cluster.discovery}.
 */
@ConfigurationProperties("rally.cluster.discovery")
public class DiscoveryRegistryProperties {

	/** How often watches re-read the registry even without a change event from the backend. */
	private Duration pollInterval = Duration.ofSeconds(5);

	/** Prefix of the service ids; instances register as {prefix}-gate, {prefix}-node and {prefix}-mesh. */
	private String serviceIdPrefix = "rally";

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public String getServiceIdPrefix() {
		return this.serviceIdPrefix;
	}

	public void setServiceIdPrefix(String serviceIdPrefix) {
		this.serviceIdPrefix = serviceIdPrefix;
	}

}
