package io.rally.cluster.grpc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gRPC links between gates and nodes in cluster mode.
 */
@ConfigurationProperties("rally.cluster.grpc")
public class GrpcClusterProperties {

	/** Port of this JVM's gRPC server for gate and node links; 0 picks a free port. */
	private int port = 0;

	/** Address the gRPC server binds to; empty binds every interface. */
	private String host;

	/** Host other instances use to reach this one; empty means the bind host if it is a specific address, else this machine's address, else 127.0.0.1. */
	private String advertisedHost;

	/** Deadline of a unary call to a gate. */
	private Duration deadline = Duration.ofSeconds(3);

	/** Most messages waiting to be written on one stream; beyond it a message fails at once. */
	private int maxQueuedMessages = 10_000;

	/** Queued messages on one stream from which its callers pause (a gate stops reading from the connections that feed it) until half as many remain; 0 means half of max-queued-messages. */
	private int highWaterMessages = 0;

	/** Most messages carried by one stream frame. */
	private int maxBatchSize = 512;

	/** Event loop threads that carry this JVM's gRPC links and build their frames. */
	private int eventLoopThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

	/** Wait before the first attempt to re-open a broken stream; doubles with every failed attempt. */
	private Duration reconnectInitialBackoff = Duration.ofMillis(100);

	/** Longest wait between two attempts to re-open a broken stream. */
	private Duration reconnectMaxBackoff = Duration.ofSeconds(5);

	/** How long a broken stream holds messages to send after reconnecting; after it they fail, and new ones fail at once until the stream is back. */
	private Duration reconnectGrace = Duration.ofSeconds(2);

	/** How long a broken stream that nobody sends on keeps reconnecting before it is closed (the next message re-opens it). */
	private Duration idleLinkTimeout = Duration.ofMinutes(1);

	/** Interval of the HTTP/2 pings that detect a dead peer (gRPC enforces at least 10s on clients). */
	private Duration keepaliveTime = Duration.ofSeconds(20);

	/** How long a ping may go unanswered before the connection counts as dead. */
	private Duration keepaliveTimeout = Duration.ofSeconds(5);

	/** Largest gRPC message accepted from a peer; a stream frame is kept well below it. */
	private DataSize maxInboundMessageSize = DataSize.ofMegabytes(4);

	/** How long stopping the server waits for calls in progress before it cancels them. */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public String getAdvertisedHost() {
		return this.advertisedHost;
	}

	public void setAdvertisedHost(String advertisedHost) {
		this.advertisedHost = advertisedHost;
	}

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public int getMaxQueuedMessages() {
		return this.maxQueuedMessages;
	}

	public void setMaxQueuedMessages(int maxQueuedMessages) {
		this.maxQueuedMessages = maxQueuedMessages;
	}

	public int getHighWaterMessages() {
		return this.highWaterMessages;
	}

	public void setHighWaterMessages(int highWaterMessages) {
		this.highWaterMessages = highWaterMessages;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public int getEventLoopThreads() {
		return this.eventLoopThreads;
	}

	public void setEventLoopThreads(int eventLoopThreads) {
		this.eventLoopThreads = eventLoopThreads;
	}

	public Duration getReconnectInitialBackoff() {
		return this.reconnectInitialBackoff;
	}

	public void setReconnectInitialBackoff(Duration reconnectInitialBackoff) {
		this.reconnectInitialBackoff = reconnectInitialBackoff;
	}

	public Duration getReconnectMaxBackoff() {
		return this.reconnectMaxBackoff;
	}

	public void setReconnectMaxBackoff(Duration reconnectMaxBackoff) {
		this.reconnectMaxBackoff = reconnectMaxBackoff;
	}

	public Duration getReconnectGrace() {
		return this.reconnectGrace;
	}

	public void setReconnectGrace(Duration reconnectGrace) {
		this.reconnectGrace = reconnectGrace;
	}

	public Duration getIdleLinkTimeout() {
		return this.idleLinkTimeout;
	}

	public void setIdleLinkTimeout(Duration idleLinkTimeout) {
		this.idleLinkTimeout = idleLinkTimeout;
	}

	public Duration getKeepaliveTime() {
		return this.keepaliveTime;
	}

	public void setKeepaliveTime(Duration keepaliveTime) {
		this.keepaliveTime = keepaliveTime;
	}

	public Duration getKeepaliveTimeout() {
		return this.keepaliveTimeout;
	}

	public void setKeepaliveTimeout(Duration keepaliveTimeout) {
		this.keepaliveTimeout = keepaliveTimeout;
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
