package io.rally.gate.internal;

import java.time.Duration;
import java.util.List;

import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.gate.dispatch.Dispatcher;
import io.rally.gate.session.SessionManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops a gate. Start: follow the registry's nodes, bind the servers, export the
 * gate's endpoint, then register, so that nodes never see a gate they cannot reach. Stop, in
 * the reverse order: deregister, unexport, stop accepting, close the connections (nodes get
 * their DISCONNECT events), shut the event loops down.
 */
public final class GateLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GateLifecycle.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final String gateId;

	private final String advertisedEndpoint;

	private final int workerThreads;

	private final List<NettyGateServer> servers;

	private final SessionManager sessions;

	private final Dispatcher dispatcher;

	private final InstanceRegistry registry;

	private final EndpointExporter exporter;

	private GateEventLoops loops;

	private volatile boolean running;

	public GateLifecycle(String gateId, String advertisedEndpoint, int workerThreads, List<NettyGateServer> servers,
			SessionManager sessions, Dispatcher dispatcher, InstanceRegistry registry, EndpointExporter exporter) {
		this.gateId = gateId;
		this.advertisedEndpoint = advertisedEndpoint;
		this.workerThreads = workerThreads;
		this.servers = List.copyOf(servers);
		this.sessions = sessions;
		this.dispatcher = dispatcher;
		this.registry = registry;
		this.exporter = exporter;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.loops = GateEventLoops.create(this.workerThreads);
		try {
			this.dispatcher.start();
			for (NettyGateServer server : this.servers) {
				server.start(this.loops);
			}
			this.exporter.exportGate(this.gateId, this.sessions);
			this.registry.register(new InstanceInfo(this.gateId, InstanceKind.GATE, "gate", InstanceState.WORK, 1,
					(this.advertisedEndpoint != null) ? this.advertisedEndpoint : this.exporter.advertisedEndpoint(),
					List.of()));
		}
		catch (RuntimeException ex) {
			shutdown();
			throw ex;
		}
		this.running = true;
		logger.info("Gate '" + this.gateId + "' started: " + this.servers + (this.loops.isNative() ? " (epoll)" : " (nio)"));
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		shutdown();
		logger.info("Gate '" + this.gateId + "' stopped");
	}

	private void shutdown() {
		this.registry.deregister(this.gateId);
		this.exporter.unexport(this.gateId);
		for (NettyGateServer server : this.servers) {
			try {
				server.stop(STOP_TIMEOUT);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop " + server + ": " + ex);
			}
		}
		this.dispatcher.close();
		this.loops.shutdownGracefully(STOP_TIMEOUT);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
