package io.rally.node.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of a Rally node.
 *
 * <p>A stopping node waits for its bound users for up to {@link #getDrainTimeout() the drain
 * timeout}, then for its workers. Spring waits for that only as long as
 * {@code spring.lifecycle.timeout-per-shutdown-phase} allows, and then goes on stopping the
 * application while the node still drains; that setting must therefore exceed the drain
 * timeout (the node logs a warning at startup when it does not).
 */
@ConfigurationProperties("rally.node")
public class NodeProperties {

	/** Whether this application runs a node: off in an application that only runs gates. */
	private boolean enabled = true;

	/**
	 * Instance id of this node, unique in the cluster; a random one if not set.
	 */
	private String id = "node-" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * Node group this node belongs to; users are bound to one node per group.
	 */
	private String group = "default";

	/**
	 * Relative share of stateless traffic gates send to this node, at least 1.
	 */
	private int weight = 1;

	/**
	 * Where other instances reach this node (host:port); unset, the cluster transport's own
	 * address is used ("local" in standalone mode).
	 */
	private String advertisedEndpoint;

	/** Where transparent gates may relay players' raw connections to this node (host:port of a port the game serves itself, never the link port); unset, the node is never offered as a relay backend. */
	private String relayEndpoint;

	/**
	 * Number of worker threads (lanes) that run handlers, by default one per core and at least
	 * 2; one connection's messages always use the same one. Raise it for handlers that block.
	 */
	private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

	/**
	 * How many times an idle worker yields its core and looks for work again before it parks;
	 * under load this saves a park and an unpark per message. 0 parks at once.
	 */
	private int workerIdleYields = 20;

	/**
	 * Maximum number of client messages queued or running on the workers; more are refused with error 503.
	 */
	private int maxQueuedMessages = 10000;

	/**
	 * Whether failed requests are answered with an error packet (gates pass them only to clients that opted in).
	 */
	private boolean errorResponses = true;

	/**
	 * Maximum time a stopping node waits for the users bound to it to leave (unbind or disconnect), and again for its workers to finish the queued messages.
	 */
	private Duration drainTimeout = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getId() {
		return this.id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public String getGroup() {
		return this.group;
	}

	public void setGroup(String group) {
		this.group = group;
	}

	public int getWeight() {
		return this.weight;
	}

	public void setWeight(int weight) {
		this.weight = weight;
	}

	public String getAdvertisedEndpoint() {
		return this.advertisedEndpoint;
	}

	public void setAdvertisedEndpoint(String advertisedEndpoint) {
		this.advertisedEndpoint = advertisedEndpoint;
	}

	public String getRelayEndpoint() {
		return this.relayEndpoint;
	}

	public void setRelayEndpoint(String relayEndpoint) {
		this.relayEndpoint = relayEndpoint;
	}

	public int getWorkerThreads() {
		return this.workerThreads;
	}

	public void setWorkerThreads(int workerThreads) {
		this.workerThreads = workerThreads;
	}

	public int getWorkerIdleYields() {
		return this.workerIdleYields;
	}

	public void setWorkerIdleYields(int workerIdleYields) {
		this.workerIdleYields = workerIdleYields;
	}

	public int getMaxQueuedMessages() {
		return this.maxQueuedMessages;
	}

	public void setMaxQueuedMessages(int maxQueuedMessages) {
		this.maxQueuedMessages = maxQueuedMessages;
	}

	public boolean isErrorResponses() {
		return this.errorResponses;
	}

	public void setErrorResponses(boolean errorResponses) {
		this.errorResponses = errorResponses;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

}
