package io.rally.node.internal.lifecycle;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceState;
import io.rally.node.api.RouteInterceptor;
import io.rally.node.api.SessionListener;
import io.rally.node.api.UnknownRouteHandler;
import io.rally.node.internal.dispatch.NodeDispatcher;
import io.rally.node.internal.handler.RouteTable;
import io.rally.node.internal.handler.RouteTableBuilder;
import io.rally.node.internal.messaging.BoundUsers;
import io.rally.node.internal.messaging.GateDirectory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the node. Start: build the route table from the controllers, start the
 * dispatcher, follow the gates, export the endpoint, register. Stop drains in three steps:
 * <ol>
 * <li>register in {@link InstanceState#HANG}, so gates send no new stateless traffic while the
 * users bound to this node keep being served;</li>
 * <li>wait until those {@link BoundUsers users} have left, at most the drain timeout;</li>
 * <li>register in {@link InstanceState#SHUT} and deregister, let the workers finish every
 * queued and running message (their replies still go out through the gates), unexport.</li>
 * </ol>
 * The waiting happens on a thread of its own, so that Spring can stop other beans of the
 * same phase meanwhile.
 *
 * <p>Runs in phase {@link #PHASE}, just before the default phase, so that a gate in the same
 * application (standalone mode) starts after its nodes and stops before them: the gate's
 * DISCONNECT events then still reach the node and end its wait.
 */
public final class NodeLifecycle implements SmartLifecycle {

	/** The lifecycle phase of a node. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(NodeLifecycle.class);

	private final ListableBeanFactory beanFactory;

	private final NodeDispatcher dispatcher;

	private final NodeRegistration registration;

	private final GateDirectory gates;

	private final EndpointExporter exporter;

	private final ObjectProvider<RouteInterceptor> interceptors;

	private final ObjectProvider<SessionListener> listeners;

	private final ObjectProvider<UnknownRouteHandler> unknownRouteHandler;

	private final Drain drain;

	private volatile boolean running;

	public NodeLifecycle(ListableBeanFactory beanFactory, NodeDispatcher dispatcher, NodeRegistration registration,
			GateDirectory gates, EndpointExporter exporter, ObjectProvider<RouteInterceptor> interceptors,
			ObjectProvider<SessionListener> listeners, ObjectProvider<UnknownRouteHandler> unknownRouteHandler,
			Drain drain) {
		this.beanFactory = beanFactory;
		this.dispatcher = dispatcher;
		this.registration = registration;
		this.gates = gates;
		this.exporter = exporter;
		this.interceptors = interceptors;
		this.listeners = listeners;
		this.unknownRouteHandler = unknownRouteHandler;
		this.drain = drain;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		RouteTable table = RouteTableBuilder.build(this.beanFactory);
		this.dispatcher.start(table, this.interceptors.orderedStream().toList(), this.listeners.orderedStream().toList(),
				this.unknownRouteHandler.getIfUnique());
		if (this.registration.state() == InstanceState.SHUT) {
			// Left over from an earlier stop; a restarted node takes traffic again.
			this.registration.setState(InstanceState.WORK);
		}
		try {
			this.gates.start();
			this.exporter.exportNode(this.registration.nodeId(), this.dispatcher);
			this.registration.register(table.routes());
		}
		catch (RuntimeException ex) {
			this.dispatcher.drain(Duration.ZERO);
			this.exporter.unexport(this.registration.nodeId());
			this.gates.close();
			throw ex;
		}
		this.running = true;
		logger.info("Node '" + this.registration.nodeId() + "' of group '" + this.registration.group() + "' serves "
				+ table.routes().size() + " routes");
		if (this.drain.phaseTimeout().compareTo(this.drain.timeout()) < 0) {
			logger.warn("spring.lifecycle.timeout-per-shutdown-phase (" + this.drain.phaseTimeout()
					+ ") is shorter than rally.node.drain-timeout (" + this.drain.timeout()
					+ "): Spring may stop waiting before node '" + this.registration.nodeId()
					+ "' has drained and lose in-flight replies; raise it above the drain timeout");
		}
	}

	@Override
	public void stop() {
		if (beginDrain()) {
			finishDrain();
		}
	}

	@Override
	public void stop(Runnable callback) {
		if (!beginDrain()) {
			callback.run();
			return;
		}
		Thread drainer = new Thread(() -> {
			try {
				finishDrain();
			}
			catch (RuntimeException ex) {
				logger.error("Node '" + this.registration.nodeId() + "' failed to stop cleanly", ex);
			}
			finally {
				callback.run();
			}
		}, "rally-node-drain");
		drainer.start();
	}

	/** Step 1, on the caller's thread so that gates see HANG before Spring moves on. */
	private synchronized boolean beginDrain() {
		if (!this.running) {
			return false;
		}
		this.running = false;
		registryStep("turn HANG", () -> this.registration.setState(InstanceState.HANG));
		logger.info("Node '" + this.registration.nodeId() + "' draining: " + this.drain.users().count()
				+ " users bound, waiting up to " + this.drain.timeout());
		return true;
	}

	private synchronized void finishDrain() {
		String nodeId = this.registration.nodeId();
		if (this.drain.users().awaitNone(this.drain.timeout())) {
			logger.info("Node '" + nodeId + "': no users bound any more");
		}
		else {
			logger.info("Node '" + nodeId + "': " + this.drain.users().count() + " users still bound after "
					+ this.drain.timeout() + ", stopping anyway");
		}
		registryStep("turn SHUT", () -> this.registration.setState(InstanceState.SHUT));
		registryStep("deregister", this.registration::deregister);
		logger.info("Node '" + nodeId + "' deregistered; finishing " + this.dispatcher.queued()
				+ " queued or running messages");
		boolean drained = this.dispatcher.drain(this.drain.timeout());
		this.exporter.unexport(nodeId);
		this.gates.close();
		logger.info("Node '" + nodeId + "' stopped" + (drained ? "" : " without finishing every message"));
	}

	/**
	 * A registry that cannot be reached must not stop the drain: the queued work still runs and
	 * the endpoint is still unexported; the registry forgets the node when its session ends.
	 */
	private void registryStep(String step, Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Node '" + this.registration.nodeId() + "' could not " + step
					+ " in the registry, draining anyway: " + ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * How the node drains when it stops.
	 * @param users the users it waits for
	 * @param timeout the longest wait for those users, and again for the workers
	 * @param phaseTimeout how long Spring waits for one lifecycle phase to stop
	 */
	public record Drain(BoundUsers users, Duration timeout, Duration phaseTimeout) {
	}

}
