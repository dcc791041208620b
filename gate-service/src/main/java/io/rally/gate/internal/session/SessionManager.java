package io.rally.gate.internal.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.SessionEvent;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One gate's sessions as nodes see them: its {@link GateEndpoint}, a thin adapter over the
 * parts that each keep one thing — the open connections ({@link ConnectionRegistry}), the users
 * bound to them ({@link UserBindings}, which closes a user's earlier connection here or on
 * another gate), the channels they are in ({@link ChannelMembership}) and the session events
 * every node hears ({@link SessionEventFanout}).
 *
 * <p>A connection's channel subscriptions belong to the user bound to it: they end when the
 * connection closes or the user is unbound from it (also when another user is bound to it),
 * and a user who reconnects starts without any. Bad channel names and subscriptions beyond the
 * {@link ChannelLimits} fail the returned future.
 *
 * <p>Every operation completes before it returns, but for a binding, which waits for the
 * locator. Thread-safe.
 */
public final class SessionManager implements GateEndpoint {

	private static final Log logger = LogFactory.getLog(SessionManager.class);

	private static final CompletableFuture<Boolean> TRUE = CompletableFuture.completedFuture(true);

	private static final CompletableFuture<Boolean> FALSE = CompletableFuture.completedFuture(false);

	private final String gateId;

	private final ConnectionRegistry connections;

	private final ChannelMembership channels;

	private final UserBindings users;

	private final SessionEventFanout events;

	/** A session manager with the {@linkplain ChannelLimits#DEFAULTS default channel limits}. */
	public SessionManager(String gateId, InstanceRegistry registry, Locator locator, ClusterTransport transport,
			GateMetrics metrics, int maxPayloadBytes) {
		this(gateId, registry, locator, transport, metrics, maxPayloadBytes, ChannelLimits.DEFAULTS);
	}

	public SessionManager(String gateId, InstanceRegistry registry, Locator locator, ClusterTransport transport,
			GateMetrics metrics, int maxPayloadBytes, ChannelLimits channelLimits) {
		this(gateId, registry, locator, transport, metrics, maxPayloadBytes, channelLimits, RequestLimits.DEFAULTS);
	}

	public SessionManager(String gateId, InstanceRegistry registry, Locator locator, ClusterTransport transport,
			GateMetrics metrics, int maxPayloadBytes, ChannelLimits channelLimits, RequestLimits requestLimits) {
		this.gateId = gateId;
		this.connections = new ConnectionRegistry(metrics, maxPayloadBytes, requestLimits);
		this.channels = new ChannelMembership(channelLimits);
		this.users = new UserBindings(gateId, locator, new DuplicateLoginEviction(registry, transport),
				this.channels::leaveAll);
		this.events = new SessionEventFanout(gateId, registry, transport);
	}

	public String gateId() {
		return this.gateId;
	}

	/** Registers a newly established connection and tells the nodes about it. */
	public Session open(Channel channel, String transportName) {
		Session session = this.connections.open(channel, transportName);
		this.events.announce(SessionEvent.Type.CONNECT, session, 0);
		return session;
	}

	/** Forgets a closed connection, unbinds its user and tells the nodes. Idempotent. */
	public void closed(Session session) {
		if (this.connections.remove(session)) {
			long userId = session.markClosed();
			this.channels.leaveAll(session);
			this.users.closed(session, userId);
			this.events.announce(SessionEvent.Type.DISCONNECT, session, userId);
		}
	}

	/** Packets for clients that other threads queued for the event loops, over all connections. */
	public long outboundQueuedPackets() {
		return this.connections.queuedPackets();
	}

	/** Bytes written to client connections that their sockets have not taken yet, over all connections. */
	public long outboundPendingBytes() {
		return this.connections.pendingBytes();
	}

	/** The connection with this id, if open. */
	public Optional<Session> find(long connectionId) {
		return this.connections.find(connectionId);
	}

	/** The users bound on this gate now: a live view, which changes as users come and go. */
	public Set<Long> boundUserIds() {
		return this.users.userIds();
	}

	/** How many connections have completed their handshake and not closed. */
	public int connectionCount() {
		return this.connections.count();
	}

	@Override
	public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
		if (userId == 0) {
			throw new IllegalArgumentException("userId: 0 (expected: not 0, which means no user)");
		}
		Session session = this.connections.get(connectionId);
		if (session == null) {
			return FALSE;
		}
		return this.users.bind(session, userId).thenApply((outcome) -> {
			if (outcome == UserBindings.Outcome.REBOUND) {
				this.events.announce(SessionEvent.Type.RECONNECT, session, userId);
			}
			return outcome != UserBindings.Outcome.NOT_BOUND;
		});
	}

	@Override
	public CompletableFuture<Boolean> unbindUser(long userId) {
		return (this.users.unbind(userId) != null) ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
		return sent(this.connections.get(connectionId), packet);
	}

	@Override
	public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
		return sent(this.users.get(userId), packet);
	}

	@Override
	public CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet) {
		int sent = 0;
		for (Long userId : userIds) {
			Session session = this.users.get(userId);
			if (session != null && session.send(packet)) {
				sent++;
			}
		}
		return CompletableFuture.completedFuture(sent);
	}

	@Override
	public CompletableFuture<Integer> broadcast(Packet packet) {
		return CompletableFuture.completedFuture(sendToEach(this.users.sessions(), packet));
	}

	@Override
	public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
		return disconnect(this.connections.get(connectionId), CloseReason.KICKED, reason);
	}

	@Override
	public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
		return disconnect(this.users.get(userId), CloseReason.KICKED, reason);
	}

	@Override
	public CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch) {
		boolean evicted = this.users.evict(userId, epoch);
		if (evicted && logger.isDebugEnabled()) {
			logger.debug("Evicted user " + userId + ": logged in on another gate (epoch " + epoch + ")");
		}
		return evicted ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Boolean> isOnline(long userId) {
		// A closing connection leaves the bindings only when its channel reports inactive, a task
		// after the close itself (and after everything listening for the close); until then its
		// session is bound but can no longer send, and the user is not reachable.
		Session session = this.users.get(userId);
		return (session != null && session.isOpen()) ? TRUE : FALSE;
	}

	@Override
	public CompletableFuture<Long> onlineCount() {
		return CompletableFuture.completedFuture((long) this.users.count());
	}

	@Override
	public CompletableFuture<Boolean> subscribe(String channel, long userId) {
		try {
			this.channels.checkName(channel);
			Session session = this.users.get(userId);
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
		Session session = this.users.get(userId);
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
		return CompletableFuture.completedFuture(sendToEach(this.channels.members(channel), packet));
	}

	/** The channels the connection {@code connectionId} is in now. */
	public List<String> channelsOf(long connectionId) {
		Session session = this.connections.get(connectionId);
		return (session != null) ? this.channels.channelsOf(session) : List.of();
	}

	/** How many channels have at least one connection of this gate. */
	public int channelCount() {
		return this.channels.channelCount();
	}

	private static CompletableFuture<Boolean> sent(Session session, Packet packet) {
		return (session != null && session.send(packet)) ? TRUE : FALSE;
	}

	private static int sendToEach(Collection<Session> sessions, Packet packet) {
		int sent = 0;
		for (Session session : sessions) {
			if (session.send(packet)) {
				sent++;
			}
		}
		return sent;
	}

	private static CompletableFuture<Boolean> disconnect(Session session, CloseReason closeReason, String why) {
		if (session == null) {
			return FALSE;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Disconnecting " + session + ": " + why);
		}
		session.close(closeReason);
		return TRUE;
	}

}
