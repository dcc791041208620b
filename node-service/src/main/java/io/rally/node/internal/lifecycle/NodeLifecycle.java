package io.rally.node.internal.lifecycle;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rally.cluster.EndpointExporter;
import io.rally.node.api.RouteInterceptor;
import io.rally.node.api.SessionListener;
import io.rally.node.api.UnknownRouteHandler;
import io.rally.node.internal.dispatch.NodeDispatcher;
import io.rally.node.internal.handler.RouteTable;
import io.rally.node.internal.handler.RouteTableBuilder;
import io.rally.node.internal.messaging.GateDirectory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the node. Start: build the route table from the controllers, start the
 * dispatcher, follow the gates, export the endpoint, register. Stop, the other way round:
 * deregister so gates send nothing new, drain the workers (bounded by the drain timeout),
 * unexport.
 *
 * <p>Runs in phase {@link #PHASE}, just before the default phase, so that a gate in the same
 * application (standalone mode) starts after its nodes and stops before them.
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

	private final Duration drainTimeout;

	private volatile boolean running;

	public NodeLifecycle(ListableBeanFactory beanFactory, NodeDispatcher dispatcher, NodeRegistration registration,
			GateDirectory gates, EndpointExporter exporter, ObjectProvider<RouteInterceptor> interceptors,
			ObjectProvider<SessionListener> listeners, ObjectProvider<UnknownRouteHandler> unknownRouteHandler,
			Duration drainTimeout) {
		this.beanFactory = beanFactory;
		this.dispatcher = dispatcher;
		this.registration = registration;
		this.gates = gates;
		this.exporter = exporter;
		this.interceptors = interceptors;
		this.listeners = listeners;
		this.unknownRouteHandler = unknownRouteHandler;
		this.drainTimeout = drainTimeout;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		RouteTable table = RouteTableBuilder.build(this.beanFactory);
		this.dispatcher.start(table, this.interceptors.orderedStream().toList(), this.listeners.orderedStream().toList(),
				this.unknownRouteHandler.getIfUnique());
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
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.registration.deregister();
		boolean drained = this.dispatcher.drain(this.drainTimeout);
		this.exporter.unexport(this.registration.nodeId());
		this.gates.close();
		logger.info("Node '" + this.registration.nodeId() + "' stopped" + (drained ? "" : " without draining"));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
