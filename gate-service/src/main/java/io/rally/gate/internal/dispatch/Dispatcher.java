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
import io.rally.cluster.NodeEndpoint;
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
 * <p>Back-pressure: a node whose queue for this gate is past its high-water mark is not
 * handed packets of connections that still have requests of their own in flight (the ones
 * that feed it the most); {@code dispatch} hands back a {@link Wait.NodeBusy} instead, and the
 * caller stops reading from the connection until the node is ready. A packet the node refused
 * while it was not ready waits the same way: a full queue delays a packet, it never drops it.
 * Only a packet no node can take (none serves the route, the node is gone) is refused.
 *
 * <p>Every message carries this gate's {@link ReturnPath}: a node in this JVM replies through
 * it straight to the connection, and a link that took a message but lost it before the node
 * did hands it back through it, to be answered and counted like any other refused packet.
 */
public final class Dispatcher implements AutoCloseable {

	/** Counter of stateless packets sent to a second node after the first refused them. */
	public static final String FAILOVERS = "rally.gate.dispatch.failovers";

	private static final Object SENT = new Object();

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
	 * Counts a packet that arrived from {@code session}'s client and notes whether the client
	 * wants error packets; once per packet, before its first {@link #dispatch}.
	 */
	public void received(Session session, Packet packet) {
		this.metrics.received(packet.payload().length);
		if (packet.extcode() == Packet.EXT_ERROR) {
			session.wantErrors();
		}
	}

	/**
	 * Dispatches one packet of {@code session}; again, for a packet that had to {@link Wait}.
	 * @return {@code null} if the packet has been delivered or rejected; otherwise what the
	 * connection must wait for before this packet (and those behind it) can go
	 */
	public Wait dispatch(Session session, Packet packet) {
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
			return dispatchStateless(session, packet, route);
		}
		CompletableFuture<Optional<String>> lookup = this.locator.nodeOf(userId, route.group());
		if (!lookup.isDone()) {
			return new Wait.Lookup(lookup);
		}
		Optional<String> nodeId;
		try {
			nodeId = lookup.getNow(Optional.empty());
		}
		catch (RuntimeException ex) {
			return resume(session, packet, null, ex);
		}
		return resume(session, packet, nodeId, null);
	}

	/**
	 * Finishes a stateful dispatch with the outcome of the node lookup.
	 * @return {@code null}, or the node to wait for, as for {@link #dispatch}
	 */
	public Wait resume(Session session, Packet packet, Optional<String> nodeId, Throwable failure) {
		if (failure != null) {
			warnAtMostEvery10s("Could not look up the node of a user: " + failure);
		}
		InstanceInfo node = (nodeId != null && nodeId.isPresent()) ? this.routes.node(nodeId.get()) : null;
		return deliver(session, packet, (node != null && node.state() != InstanceState.SHUT) ? node : null);
	}

	private Wait dispatchStateless(Session session, Packet packet, Route route) {
		InstanceInfo node = route.choose(this.selector);
		if (node == null) {
			reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_NO_NODE);
			return null;
		}
		Object outcome = send(session, packet, node);
		if (outcome == SENT) {
			return null;
		}
		InstanceInfo other = route.another(node);
		if (other != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Node '" + node.id() + "' did not take a packet, trying node '" + other.id() + "': "
						+ outcome);
			}
			this.failovers.increment();
			Object second = send(session, packet, other);
			if (second == SENT) {
				return null;
			}
			if (outcome instanceof RuntimeException) {
				node = other;
				outcome = second;
			}
		}
		return waitOrReject(session, packet, node, outcome);
	}

	private Wait deliver(Session session, Packet packet, InstanceInfo node) {
		if (node == null) {
			reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_NO_NODE);
			return null;
		}
		Object outcome = send(session, packet, node);
		return (outcome == SENT) ? null : waitOrReject(session, packet, node, outcome);
	}

	private Wait waitOrReject(Session session, Packet packet, InstanceInfo node, Object outcome) {
		if (outcome instanceof Wait.NodeBusy busy) {
			return busy;
		}
		warnAtMostEvery10s("Could not deliver to node '" + node.id() + "': " + outcome);
		reject(session, packet, ErrorPacket.UNAVAILABLE, GateMetrics.DROP_DELIVERY_FAILED);
		return null;
	}

	/**
	 * Hands the packet to the node.
	 * @return {@link #SENT}; a {@link Wait.NodeBusy} if the node is not ready for it; or what the
	 * node's endpoint threw
	 */
	private Object send(Session session, Packet packet, InstanceInfo node) {
		NodeEndpoint endpoint;
		try {
			endpoint = this.transport.node(node);
		}
		catch (RuntimeException ex) {
			return ex;
		}
		// A connection with nothing else in flight is let through up to the queue's capacity,
		// so that a client that waits for each reply is not held up by those that do not.
		if (session.inFlight().count() > 0 && !endpoint.isReady(this.gateId)) {
			return new Wait.NodeBusy(endpoint, this.gateId);
		}
		// Started before the hand-over: a node in this JVM may answer before deliver returns.
		session.requestSent(packet.seq());
		try {
			endpoint.deliver(new ClientMessage(this.gateId, session.id(), session.userId(), session.clientIp(),
					packet.route(), packet.seq(), packet.payload(), this.returnPath));
			return SENT;
		}
		catch (RuntimeException ex) {
			session.requestAbandoned(packet.seq());
			// Refused because its queue is full: the packet waits for it, like any other.
			return endpoint.isReady(this.gateId) ? ex : new Wait.NodeBusy(endpoint, this.gateId);
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

	/** What a connection waits for before its next packet can be dispatched. */
	public sealed interface Wait {

		/** Runs {@code task} once the wait is over, on some thread; the task must hop to the event loop. */
		void whenDone(Runnable task);

		/** The locator's answer for a stateful packet's node, to be passed to {@link Dispatcher#resume}. */
		record Lookup(CompletableFuture<Optional<String>> nodeId) implements Wait {

			@Override
			public void whenDone(Runnable task) {
				this.nodeId.whenComplete((id, failure) -> task.run());
			}

		}

		/** The node's queue for this gate is past its high-water mark: dispatch the packet again when it is ready. */
		record NodeBusy(NodeEndpoint node, String gateId) implements Wait {

			@Override
			public void whenDone(Runnable task) {
				this.node.whenReady(this.gateId, task);
			}

		}

	}

}
