package io.rally.examples.wallet;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the example wallet service, under {@code rally.examples.wallet}.
 */
@ConfigurationProperties("rally.examples.wallet")
public class WalletProperties {

	/** Whether a mesh hosts the wallet service. */
	private boolean enabled = true;

	/** How long an idempotency key and the result of its change are kept; a repeat within it answers that result. */
	private Duration idempotencyTtl = Duration.ofHours(24);

	/** Prefix of the wallet's Redis keys in cluster mode. */
	private String keyPrefix = "rally";

	/** How long a Redis command may take before the call fails with UNAVAILABLE. */
	private Duration commandTimeout = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getIdempotencyTtl() {
		return this.idempotencyTtl;
	}

	public void setIdempotencyTtl(Duration idempotencyTtl) {
		this.idempotencyTtl = idempotencyTtl;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

}
