package io.rally.gate.internal.session;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.SessionEvent;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The connections of one gate and the users bound to them; what nodes call as this gate's
 * {@link GateEndpoint}. One user has at most one connection: binding a user closes the
 * connection it had before, on this gate or, through the {@link Locator}, on another.
 *
 * <p>Nodes can also put a user's connection in {@linkplain #subscribe channels} and
 * {@linkplain #publish publish} to a channel's connections on this gate. A connection's
 * subscriptions belong to the user bound to it: they end when the connection closes or the user
 * is unbound from it (also when another user is bound to it), and a user who reconnects starts
 * without any. Bad channel names and subscriptions beyond the {@link ChannelLimits} fail the
 * returned future.
 *
 * <p>Every operation completes before it returns; the futures are there for the contract.
 * Session events go to every registered node. Thread-safe.
 */
public final class SessionManager implements GateEndpoint {

	private static final int ELSEWHERE_ATTEMPTS = 20;

	private static final Duration ELSEWHERE_RETRY = Duration.ofMillis(250);


	private static final Log logger = LogFactory.getLog(SessionManager.class);

	/** The reason a gate gives another when it takes over a user's connection. */
	public static final String LOGGED_IN_ELSEWHERE = "logged in elsewhere";

	private static final CompletableFuture<Boolean> TRUE = CompletableFuture.completedFuture(true);

	private static final CompletableFuture<Boolean> FALSE = CompletableFuture.completedFuture(false);

	private final String gateId;

	private final InstanceRegistry registry;

	private final Locator locator;

	private final ClusterTransport transport;

	private final GateMetrics metrics;

	private final int maxPayloadBytes;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Session> byConnection = new ConcurrentHashMap<>();

	private final Map<Long, Session> byUser = new ConcurrentHashMap<>();

	private final Channels channels;

	/** A session manager with the {@linkplain ChannelLimits#DEFAULTS default channel limits}. */
	public SessionManager(String gateId, InstanceRegistry registry, Locator locator, ClusterTransport transport,
			GateMetrics metrics, int maxPayloadBytes) {
		this(gateId, registry, locator, transport, metrics, maxPayloadBytes, ChannelLimits.DEFAULTS);
	}

	public SessionManager(String gateId, InstanceRegistry registry, Locator locator, ClusterTransport transport,
			GateMetrics metrics, int maxPayloadBytes, ChannelLimits channelLimits) {
		this.gateId = gateId;
		this.registry = registry;
		this.locator = locator;
		this.transport = transport;
		this.metrics = metrics;
		this.maxPayloadBytes = maxPayloadBytes;
		this.channels = new Channels(channelLimits);
	}

	public String gateId() {
		return this.gateId;
	}

	/** Registers a newly established connection and tells the nodes about it. */
	public Session open(Channel channel, String transportName) {
		Session session = new Session(this.ids.incrementAndGet(), channel, ipOf(channel.remoteAddress()),
				transportName, this.metrics, this.maxPayloadBytes);
		this.byConnection.put(session.id(), session);
		announce(SessionEvent.Type.CONNECT, session, 0);
		return session;
	}

	/** Forgets a closed connection, unbinds its user and tells the nodes. Idempotent. */
	public void closed(Session session) {
		if (this.byConnection.remove(session.id(), session)) {
			long userId = session.markClosed();
			this.channels.leaveAll(session);
			if (userId != 0 && this.byUser.remove(userId, session)) {
				this.locator.unbindGate(userId, this.gateId);
			}
			announce(SessionEvent.Type.DISCONNECT, session, userId);
		}
	}

	/** Packets for clients that other threads queued for the event loops, over all connections. */
	public long outboundQueuedPackets() {
		long sum = 0;
		for (Session session : this.byConnection.values()) {
			sum += session.queuedPackets();
		}
		return sum;
	}

	/** Bytes written to client connections that their sockets have not taken yet, over all connections. */
	public long outboundPendingBytes() {
		long sum = 0;
		for (Session session : this.byConnection.values()) {
			sum += session.pendingBytes();
		}
		return sum;
	}

	/** The connection with this id, if open. */
	public Optional<Session> find(long connectionId) {
		return Optional.ofNullable(this.byConnection.get(connectionId));
	}

	/** The users bound on this gate now: a live view, which changes as users come and go. */
	public Set<Long> boundUserIds() {
		return Collections.unmodifiableSet(this.byUser.keySet());
	}

	/** How many connections have completed their handshake and not closed. */
	public int connectionCount() {
		return this.byConnection.size();
	}

	@Override
	public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
		if (userId == 0) {
			throw new IllegalArgumentException("userId: 0 (expected: not 0, which means no user)");
		}
		Session session = this.byConnection.get(connectionId);
		if (session == null) {
			return FALSE;
		}
		long before = session.userId();
		if (!session.bind(userId)) {
			return FALSE;
		}
		if (before != 0 && before != userId) {
			this.channels.leaveAll(session);
			if (this.byUser.remove(before, session)) {
				this.locator.unbindGate(before, this.gateId);
			}
		}
		Session previous = this.byUser.put(userId, session);
		boolean replaced = previous != null && previous != session;
		if (replaced && previous.unbind(userId)) {
			previous.close(CloseReason.DUPLICATE_LOGIN);
		}
		if (session.isClosed()) {
			// The connection closed while we bound it; its close could not see this binding.
			this.byUser.remove(userId, session);
			return FALSE;
		}
		if (before == userId) {
			return TRUE;
		}
		return this.locator.bindGate(userId, this.gateId).handle((otherGate, failure) -> {
			if (failure != null) {
				// A binding the locator does not know is invisible to the rest of the cluster:
				// pushes would find the user offline and a second login elsewhere would not
				// close this one. Undo it and let the login fail with the reason.
				logger.warn("Could not record the gate of user " + userId + " in the locator: " + failure);
				if (session.unbind(userId)) {
					this.byUser.remove(userId, session);
				}
				throw new IllegalStateException("User " + userId + " could not be bound: the locator is unavailable",
						failure);
			}
			otherGate.ifPresent((gate) -> disconnectElsewhere(gate, userId));
			if (replaced || otherGate.isPresent()) {
				announce(SessionEvent.Type.RECONNECT, session, userId);
			}
			return true;
		});
	}

	@Override
	public CompletableFuture<Boolean> unbindUser(long userId) {
		Session session = this.byUser.remove(userId);
		if (session == null) {
			return FALSE;
		}
		session.unbind(userId);
		this.channels.leaveAll(session);
		this.locator.unbindGate(userId, this.gateId);
		return TRUE;
	}

	@Override
	public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
		Session session = this.byConnection.get(connectionId);
		return (session != null && session.send(packet)) ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
		Session session = this.byUser.get(userId);
		return (session != null && session.send(packet)) ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet) {
		int sent = 0;
		for (Long userId : userIds) {
			Session session = this.byUser.get(userId);
			if (session != null && session.send(packet)) {
				sent++;
			}
		}
		return CompletableFuture.completedFuture(sent);
	}

	@Override
	public CompletableFuture<Integer> broadcast(Packet packet) {
		int sent = 0;
		for (Session session : this.byUser.values()) {
			if (session.send(packet)) {
				sent++;
			}
		}
		return CompletableFuture.completedFuture(sent);
	}

	@Override
	public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
		return disconnect(this.byConnection.get(connectionId), reason);
	}

	@Override
	public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
		return disconnect(this.byUser.get(userId), reason);
	}

	@Override
	public CompletableFuture<Boolean> isOnline(long userId) {
		// A closing connection leaves byUser only when its channel reports inactive, a task after
		// the close itself (and after everything listening for the close); until then its
		// session is here but can no longer send, and the user is not reachable.
		Session session = this.byUser.get(userId);
		return (session != null && session.isOpen()) ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Long> onlineCount() {
		return CompletableFuture.completedFuture((long) this.byUser.size());
	}

	@Override
	public CompletableFuture<Boolean> subscribe(String channel, long userId) {
		try {
			this.channels.checkName(channel);
			Session session = this.byUser.get(userId);
			if (session == null) {
				return FALSE;
			}
			this.channels.join(channel, session);
			if (session.userId() != userId) {
				// Unbound meanwhile: the subscription was the user's, and the user has gone.
				this.channels.leave(channel, session);
				return FALSE;
			}
			return TRUE;
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
		try {
			this.channels.checkName(channel);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		Session session = this.byUser.get(userId);
		return (session != null && this.channels.leave(channel, session)) ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Integer> publish(String channel, Packet packet) {
		try {
			this.channels.checkName(channel);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		int sent = 0;
		for (Session session : this.channels.members(channel)) {
			if (session.send(packet)) {
				sent++;
			}
		}
		return CompletableFuture.completedFuture(sent);
	}

	/** The channels the connection {@code connectionId} is in now. */
	public List<String> channelsOf(long connectionId) {
		Session session = this.byConnection.get(connectionId);
		return (session != null) ? this.channels.channelsOf(session) : List.of();
	}

	/** How many channels have at least one connection of this gate. */
	public int channelCount() {
		return this.channels.channelCount();
	}

	private CompletableFuture<Boolean> disconnect(Session session, String reason) {
		if (session == null) {
			return FALSE;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Disconnecting " + session + ": " + reason);
		}
		session.close(LOGGED_IN_ELSEWHERE.equals(reason) ? CloseReason.DUPLICATE_LOGIN : CloseReason.KICKED);
		return TRUE;
	}

	private void disconnectElsewhere(String otherGateId, long userId) {
		disconnectElsewhere(otherGateId, userId, ELSEWHERE_ATTEMPTS);
	}

	/**
	 * The other gate may not be in this gate's view of the registry yet (a gate that just
	 * started, a registry that lags): look again a few times before giving up, so that one
	 * user keeps one connection.
	 */
	private void disconnectElsewhere(String otherGateId, long userId, int attemptsLeft) {
		for (InstanceInfo gate : this.registry.instances(InstanceKind.GATE)) {
			if (gate.id().equals(otherGateId)) {
				CompletableFuture<Boolean> call;
				try {
					call = this.transport.gate(gate).disconnectUser(userId, LOGGED_IN_ELSEWHERE);
				}
				catch (RuntimeException ex) {
					call = CompletableFuture.failedFuture(ex);
				}
				// A call that failed (the link to that gate reconnecting, a deadline on a loaded
				// machine) is tried again like a gate not yet listed: otherwise the user would keep
				// a second connection there.
				call.whenComplete((disconnected, failure) -> {
					if (failure != null) {
						retryElsewhere(otherGateId, userId, attemptsLeft,
								"could not be reached (" + failure + ")");
					}
				});
				return;
			}
		}
		retryElsewhere(otherGateId, userId, attemptsLeft, "is not listed in the registry");
	}

	private void retryElsewhere(String otherGateId, long userId, int attemptsLeft, String problem) {
		if (attemptsLeft > 1) {
			CompletableFuture.delayedExecutor(ELSEWHERE_RETRY.toMillis(), TimeUnit.MILLISECONDS)
				.execute(() -> disconnectElsewhere(otherGateId, userId, attemptsLeft - 1));
		}
		else {
			logger.warn("User " + userId + " logged in here while bound on gate '" + otherGateId + "', which "
					+ problem + ": its connection there was not closed");
		}
	}

	private void announce(SessionEvent.Type type, Session session, long userId) {
		List<InstanceInfo> nodes = this.registry.instances(InstanceKind.NODE);
		if (nodes.isEmpty()) {
			return;
		}
		SessionEvent event = new SessionEvent(type, this.gateId, session.id(), userId, session.clientIp());
		for (InstanceInfo node : nodes) {
			try {
				this.transport.node(node).sessionEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not send " + type + " to node '" + node.id() + "': " + ex);
			}
		}
	}

	private static String ipOf(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return String.valueOf(address);
	}

}
