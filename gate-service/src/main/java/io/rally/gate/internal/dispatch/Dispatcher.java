package io.rally.gate.internal.dispatch;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
import io.rally.cluster.ReturnPath;
import io.rally.gate.api.dispatch.NodeSelector;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.Session;
import io.rally.gate.internal.session.SessionManager;
import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends each client data packet to the node that should handle it, or answers it with an
 * error packet (to clients that opted in) and counts the drop.
 *
 * <p>The route table follows the registry's node list through a watch and is swapped in
 * whole, so {@link #dispatch} reads one volatile field, searches an array, and allocates only
 * the {@link ClientMessage}. Stateful routes ask the {@link Locator} for the user's node;
 * when that answer is not ready at once, {@code dispatch} hands the lookup back so that the
 * caller can hold the connection's later packets until {@link #resume} has run, which keeps
 * each connection's packets in order. Thread-safe; call both methods for one connection from
 * one thread.
 *
 * <p>When the chosen node's endpoint refuses a stateless packet (its stream is full or the
 * node unreachable), the packet goes to another node of the route, once, before the client
 * is answered with an error; these retries are counted as {@value #FAILOVERS}. A stateful
 * packet never moves: its user is bound to its node.
 *
 * <p>Every message carries this gate's {@link ReturnPath}: a node in this JVM replies through
 * it straight to the connection, and a link that took a message but lost it before the node
 * did hands it back through it, to be answered and counted like any other refused packet.
 */
public final class Dispatcher implements AutoCloseable {

	/** Counter of stateless packets sent to a second node after the first refused them. */
	public static final String FAILOVERS = "rally.gate.dispatch.failovers";

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final String gateId;

	private final InstanceRegistry registry;

	private final Locator locator;

	private final ClusterTransport transport;

	private final NodeSelector selector;

	private final GateMetrics metrics;

	private final SessionManager sessions;

	private final ReturnPath returnPath = new GateReturnPath();

	private final Counter failovers;

	private volatile RouteTable routes = RouteTable.empty();

	private AutoCloseable watch;

	private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

	/** @param sessions this gate's connections, which the replies and refusals of its messages go to */
	public Dispatcher(String gateId, InstanceRegistry registry, Locator locator, ClusterTransport transport,
			NodeSelector selector, GateMetrics metrics, SessionManager sessions) {
		this.gateId = gateId;
		this.registry = registry;
		this.locator = locator;
		this.transport = transport;
		this.selector = selector;
		this.metrics = metrics;
		this.sessions = sessions;
		this.failovers = Counter.builder(FAILOVERS)
			.description("Stateless packets sent to another node after the chosen one refused them")
			.register(metrics.registry());
	}

	/**
	 * An outage fails every message; the drop counters count each one, the log says it once in
	 * a while instead of once per message.
	 */
	private void warnAtMostEvery10s(String message) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARNING_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
			logger.warn(message + " (further failures within 10s are only counted)");
		}
	}

	/** Starts following the registry's nodes. */
	public synchronized void start() {
		if (this.watch == null) {
			this.watch = this.registry.watch(InstanceKind.NODE, (nodes) -> this.routes = RouteTable.of(nodes));
		}
	}

	@Override
	public synchronized void close() {
		if (this.watch != null) {
			try {
				this.watch.close();
			}
			catch (Exception ex) {
				logger.warn("Could not close the registry watch: " + ex);
			}
			this.watch = null;
		}
	}

	/** The current route table. */
	public RouteTable routes() {
		return this.routes;
	}

	/**
	 * Dispatches one packet of {@code session}.
	 * @return {@code null} if the packet has been delivered or rejected; otherwise the pending
	 * lookup of the user's node, whose outcome must be passed to {@link #resume}
	 */
	public CompletableFuture<Optional<String>> dispatch(Session session, Packet packet) {
		this.metrics.received(packet.payload().length);
		if (packet.extcode() == Packet.EXT_ERROR) {
			session.wantErrors();
		}
		RouteTable table = this.routes;
		Route route = table.find(packet.route());
		if (route == null || route.internal()) {
			reject(session, packet, ErrorPacket.ROUTE_NOT_FOUND, GateMetrics.DROP_UNKNOWN_ROUTE);
			return null;
		}
		long userId = session.userId();
		if (userId == 0 && (route.authorized() || route.stateful())) {
			reject(session, packet, ErrorPacket.NOT_AUTHORIZED, GateMetrics.DROP_UNAUTHORIZED);
			return null;
		}
		if (!route.stateful()) {
			dispatchStateless(session, packet, route);
			return null;
		}
		CompletableFuture<Optional<String>> lookup = this.locator.nodeOf(userId, route.group());
		if (!lookup.isDone()) {
			return lookup;
		}
		Optional<String> nodeId;
		try {
			nodeId = lookup.getNow(Optional.empty());
		}
		catch (RuntimeException ex) {
			resume(session, packet, null, ex);
			return null;
		}
		resume(session, packet, nodeId, null);
		return null;
	}

	/** Finishes a stateful dispatch with the outcome of the node lookup. */
	public void resume(Session session, Packet packet, Optional<String> nodeId, Throwable failure) {
		if (failure != null) {
			warnAtMostEvery10s("Could not look up the node of a user: " + failure);
		}
		InstanceInfo node = (nodeId != null && nodeId.isPresent()) ? this.routes.node(nodeId.get()) : null;
		deliver(session, packet, (node != null && node.state() != InstanceState.SHUT) ? node : null);
	}

	private void dispatchStateless(Session session, Packet packet, Route route) {
		InstanceInfo node = route.choose(this.selector);
		if (node == null) {
			reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_NO_NODE);
			return;
		}
		RuntimeException refusal = send(session, packet, node);
		if (refusal == null) {
			return;
		}
		InstanceInfo other = route.another(node);
		if (other != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Node '" + node.id() + "' refused a packet, trying node '" + other.id() + "': " + refusal);
			}
			this.failovers.increment();
			node = other;
			refusal = send(session, packet, node);
			if (refusal == null) {
				return;
			}
		}
		warnAtMostEvery10s("Could not deliver to node '" + node.id() + "': " + refusal);
		reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_DELIVERY_FAILED);
	}

	private void deliver(Session session, Packet packet, InstanceInfo node) {
		if (node == null) {
			reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_NO_NODE);
			return;
		}
		RuntimeException refusal = send(session, packet, node);
		if (refusal != null) {
			warnAtMostEvery10s("Could not deliver to node '" + node.id() + "': " + refusal);
			reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_DELIVERY_FAILED);
		}
	}

	/** Hands the packet to the node; what the node's endpoint threw, or {@code null} if it took it. */
	private RuntimeException send(Session session, Packet packet, InstanceInfo node) {
		// Started before the hand-over: a node in this JVM may answer before deliver returns.
		session.dispatchClock().dispatched(packet.seq());
		try {
			this.transport.node(node)
				.deliver(new ClientMessage(this.gateId, session.id(), session.userId(), session.clientIp(),
						packet.route(), packet.seq(), packet.payload(), this.returnPath));
			return null;
		}
		catch (RuntimeException ex) {
			session.dispatchClock().abandoned(packet.seq());
			return ex;
		}
	}

	private void reject(Session session, Packet packet, int code, String reason) {
		reject(session, packet.route(), packet.seq(), code, reason);
	}

	/** Counts the drop and answers a client that opted in to error packets; {@code session} may be gone. */
	private void reject(Session session, int route, int seq, int code, String reason) {
		this.metrics.dropped(reason);
		if (session != null && session.errorsWanted()) {
			session.send(ErrorPackets.of(route, seq, code));
		}
	}

	/** The way back to this gate's connections; thread-safe, as nodes and links call it from theirs. */
	private final class GateReturnPath implements ReturnPath {

		@Override
		public CompletableFuture<Boolean> reply(long connectionId, Packet packet) {
			return Dispatcher.this.sessions.pushToConnection(connectionId, packet);
		}

		@Override
		public void undelivered(ClientMessage message) {
			warnAtMostEvery10s("A link to a node failed with messages of this gate on it (route " + message.route()
					+ " of connection " + message.connectionId() + " among them)");
			Session session = Dispatcher.this.sessions.find(message.connectionId()).orElse(null);
			reject(session, message.route(), message.seq(), ErrorPacket.UNAVAILABLE, GateMetrics.DROP_LINK_FAILED);
		}

	}

}
