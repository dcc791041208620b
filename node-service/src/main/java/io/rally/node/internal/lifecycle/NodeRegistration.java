package io.rally.node.internal.lifecycle;

import java.util.List;
import java.util.function.Supplier;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;

/**
 * This node's entry in the {@link InstanceRegistry}: what it is and in which state. The state
 * may change before the node registers; it is then registered in that state. Thread-safe.
 *
 * <p>A registered node that turns {@link InstanceState#HANG} or {@link InstanceState#SHUT}
 * (it drains) turns the application's readiness to {@link ReadinessState#REFUSING_TRAFFIC}, and
 * back to {@link ReadinessState#ACCEPTING_TRAFFIC} when it serves again; liveness is left alone.
 * Registering does not change readiness: Spring Boot reports ready once the application has
 * started, which is after the node registered.
 */
public final class NodeRegistration implements ApplicationEventPublisherAware {

	private static final Log logger = LogFactory.getLog(NodeRegistration.class);

	private final InstanceRegistry registry;

	private final String nodeId;

	private final String group;

	private final int weight;

	private final Supplier<String> endpoint;

	private final String relayEndpoint;

	// volatile, read without the lock: a metrics scrape must not wait behind a registry round trip
	private volatile InstanceState state = InstanceState.WORK;

	private InstanceInfo registered;

	private ApplicationEventPublisher events;

	public NodeRegistration(InstanceRegistry registry, String nodeId, String group, int weight,
			Supplier<String> endpoint) {
		this(registry, nodeId, group, weight, endpoint, null);
	}

	/**
	 * A registration that also advertises where transparent gates may relay connections to
	 * the node ({@code relayEndpoint}, {@code null} for nowhere).
	 */
	public NodeRegistration(InstanceRegistry registry, String nodeId, String group, int weight,
			Supplier<String> endpoint, String relayEndpoint) {
		this.relayEndpoint = (relayEndpoint != null && !relayEndpoint.isBlank()) ? relayEndpoint.trim() : null;
		this.registry = registry;
		this.nodeId = nodeId;
		this.group = group;
		this.weight = weight;
		this.endpoint = endpoint;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	public String nodeId() {
		return this.nodeId;
	}

	public String group() {
		return this.group;
	}

	public InstanceState state() {
		return this.state;
	}

	/** Changes the state, registering again if registered. */
	public synchronized void setState(InstanceState state) {
		boolean servedBefore = serves(this.state);
		this.state = state;
		if (this.registered != null) {
			// before the registry, which may be unreachable: a drain must still fail the probe
			if (servedBefore != serves(state)) {
				publishReadiness(serves(state) ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
			}
			this.registered = this.registered.withState(state);
			this.registry.register(this.registered);
		}
	}

	private static boolean serves(InstanceState state) {
		return state == InstanceState.WORK || state == InstanceState.BUSY;
	}

	private void publishReadiness(ReadinessState readiness) {
		if (this.events == null) {
			return;
		}
		try {
			AvailabilityChangeEvent.publish(this.events, this, readiness);
		}
		catch (RuntimeException ex) {
			// the context may be closing; readiness is a courtesy to load balancers, the drain goes on
			logger.debug("Could not publish readiness " + readiness, ex);
		}
	}

	/** Registers the node with the routes it serves. */
	public synchronized void register(List<RouteInfo> routes) {
		this.registered = new InstanceInfo(this.nodeId, InstanceKind.NODE, this.group, this.state, this.weight,
				this.endpoint.get(), routes).withRelayEndpoint(this.relayEndpoint);
		this.registry.register(this.registered);
	}

	/** Removes the node from the registry, if registered. */
	public synchronized void deregister() {
		if (this.registered != null) {
			this.registry.deregister(this.nodeId);
			this.registered = null;
		}
	}

}
