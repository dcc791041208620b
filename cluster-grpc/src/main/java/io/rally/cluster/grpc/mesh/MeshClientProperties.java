package io.rally.cluster.grpc.mesh;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the channels to mesh services, under {@code rally.cluster.mesh}.
 */
@ConfigurationProperties("rally.cluster.mesh")
public class MeshClientProperties {

	/** Deadline of every call on a mesh channel that does not set one itself. */
	private Duration deadline = Duration.ofSeconds(3);

	/** Largest message accepted from a mesh service. */
	private DataSize maxInboundMessageSize = DataSize.ofMegabytes(4);

	/** How long closing the channels waits for calls in progress before it cancels them. */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public DataSize getMaxInboundMessageSize() {
		return this.maxInboundMessageSize;
	}

	public void setMaxInboundMessageSize(DataSize maxInboundMessageSize) {
		this.maxInboundMessageSize = maxInboundMessageSize;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

}
