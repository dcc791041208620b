package io.rally.gate.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.group.ChannelGroupFuture;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.session.SessionManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops a gate. Start: follow the registry's nodes, bind the servers, export the
 * gate's endpoint, then register, so that nodes never see a gate they cannot reach. Stop:
 * <ol>
 * <li>stop accepting connections;</li>
 * <li>tell the clients (an error packet 503 to those that opted in, a WebSocket close frame
 * 1001) and close every connection, waiting at most the shutdown timeout for those writes;</li>
 * <li>deregister and unexport;</li>
 * <li>shut the event loops down, which runs what the closes left queued: the DISCONNECT
 * events to the nodes.</li>
 * </ol>
 * Runs in the default phase, the last to stop, so that nodes in the same application (phase
 * {@code DEFAULT_PHASE - 1024}) are still registered to take those DISCONNECT events.
 *
 * <p>Stopping first turns the application's readiness to {@link ReadinessState#REFUSING_TRAFFIC}
 * (the readiness probe fails, liveness stays up), so that load balancers stop sending clients
 * before the servers stop accepting them.
 */
public final class GateLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

	private static final Log logger = LogFactory.getLog(GateLifecycle.class);

	private final String gateId;

	private final String advertisedEndpoint;

	private final int workerThreads;

	private final List<NettyGateServer> servers;

	private final SessionManager sessions;

	private final Dispatcher dispatcher;

	private final InstanceRegistry registry;

	private final EndpointExporter exporter;

	private final Duration shutdownTimeout;

	private GateEventLoops loops;

	private ApplicationEventPublisher events;

	private volatile boolean running;

	public GateLifecycle(String gateId, String advertisedEndpoint, int workerThreads, List<NettyGateServer> servers,
			SessionManager sessions, Dispatcher dispatcher, InstanceRegistry registry, EndpointExporter exporter,
			Duration shutdownTimeout) {
		this.gateId = gateId;
		this.advertisedEndpoint = advertisedEndpoint;
		this.workerThreads = workerThreads;
		this.servers = List.copyOf(servers);
		this.sessions = sessions;
		this.dispatcher = dispatcher;
		this.registry = registry;
		this.exporter = exporter;
		this.shutdownTimeout = shutdownTimeout;
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
	public void setApplicationEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		refuseTraffic();
		shutdown();
		logger.info("Gate '" + this.gateId + "' stopped");
	}

	private void shutdown() {
		for (NettyGateServer server : this.servers) {
			try {
				server.stopAccepting(this.shutdownTimeout);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop " + server + ": " + ex);
			}
		}
		closeConnections();
		this.registry.deregister(this.gateId);
		this.exporter.unexport(this.gateId);
		this.dispatcher.close();
		if (this.loops != null) {
			this.loops.shutdownGracefully(this.shutdownTimeout);
		}
	}

	private void refuseTraffic() {
		if (this.events != null) {
			try {
				AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not publish the gate's readiness change", ex);
			}
		}
	}

	private void closeConnections() {
		int open = this.servers.stream().mapToInt(NettyGateServer::connectionCount).sum();
		if (open == 0) {
			return;
		}
		logger.info("Gate '" + this.gateId + "' stopped accepting; closing " + open
				+ " connections, waiting up to " + this.shutdownTimeout);
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		List<ChannelGroupFuture> closing = this.servers.stream().map(NettyGateServer::closeConnections).toList();
		for (ChannelGroupFuture closed : closing) {
			closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		int left = this.servers.stream().mapToInt(NettyGateServer::connectionCount).sum();
		if (left > 0) {
			logger.warn("Gate '" + this.gateId + "': " + left + " connections did not take their goodbye within "
					+ this.shutdownTimeout + "; closing them now");
			this.servers.forEach(NettyGateServer::forceCloseConnections);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
