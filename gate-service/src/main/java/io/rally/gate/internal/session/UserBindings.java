package io.rally.gate.internal.session;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.rally.cluster.GateBinding;
import io.rally.cluster.Locator;
import io.rally.gate.internal.metrics.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Which user is bound to which connection of one gate, recorded in the {@link Locator} too. One
 * user has at most one connection: binding a user closes the connection it had before, here
 * at once and, through the {@link DuplicateLoginEviction}, on the gate the locator knew.
 *
 * <p>Fenced by login epochs: every binding takes an epoch from the locator, greater than that
 * of every earlier login of the user, and keeps it with the session. A connection is closed as
 * a duplicate only by a login of a greater epoch, here or on another gate, so a late or
 * repeated eviction never closes the newest login. Thread-safe.
 */
final class UserBindings {

	private static final Log logger = LogFactory.getLog(UserBindings.class);

	private static final CompletableFuture<Outcome> NOT_BOUND = CompletableFuture.completedFuture(Outcome.NOT_BOUND);

	private static final CompletableFuture<Outcome> BOUND = CompletableFuture.completedFuture(Outcome.BOUND);

	private final String gateId;

	private final Locator locator;

	private final DuplicateLoginEviction eviction;

	private final Consumer<Session> userLeft;

	private final Map<Long, Session> byUser = new ConcurrentHashMap<>();

	/**
	 * @param userLeft told of a session that is still open but no longer carries the user it had
	 * (unbound, or bound to another user), so that what belonged to that user can end
	 */
	UserBindings(String gateId, Locator locator, DuplicateLoginEviction eviction, Consumer<Session> userLeft) {
		this.gateId = gateId;
		this.locator = locator;
		this.eviction = eviction;
		this.userLeft = userLeft;
	}

	/** What {@link #bind} did. */
	enum Outcome {

		/** The connection had closed, or closed meanwhile: nothing is bound. */
		NOT_BOUND,

		/** The user is bound, and had no connection before (or had this one). */
		BOUND,

		/** The user is bound, and the connection it had before, here or elsewhere, is being closed. */
		REBOUND

	}

	/**
	 * Binds {@code userId} to an open session. The locator records the binding first and gives
	 * the login its epoch; the session is bound here only then, and only if no login of a newer
	 * epoch is bound here already: the older of two logins on this gate is closed as a
	 * duplicate, whichever finished first. The future fails if the locator could not record
	 * the binding; the session is left without the user then, since a binding the rest of the
	 * cluster cannot see would make the user unreachable and let a second login elsewhere stand.
	 */
	CompletableFuture<Outcome> bind(Session session, long userId) {
		long before = session.userId();
		if (!session.bind(userId)) {
			return NOT_BOUND;
		}
		if (before != 0 && before != userId) {
			this.userLeft.accept(session);
			if (this.byUser.remove(before, session)) {
				this.locator.unbindGate(before, this.gateId);
			}
		}
		if (before == userId && this.byUser.get(userId) == session) {
			return BOUND;
		}
		return this.locator.bindGate(userId, this.gateId).handle((binding, failure) -> {
			if (failure != null) {
				logger.warn("Could not record the gate of user " + userId + " in the locator: " + failure);
				session.unbind(userId);
				throw new IllegalStateException("User " + userId + " could not be bound: the locator is unavailable",
						failure);
			}
			return settle(session, userId, binding);
		});
	}

	private Outcome settle(Session session, long userId, GateBinding binding) {
		long epoch = binding.epoch();
		Session[] displaced = new Session[1];
		boolean[] won = new boolean[1];
		this.byUser.compute(userId, (id, current) -> {
			if (session.userId() != userId) {
				// The connection was given another user meanwhile.
				return current;
			}
			if (current == null || current == session || current.loginEpoch() < epoch) {
				session.loginEpoch(Math.max(epoch, session.loginEpoch()));
				displaced[0] = (current != session) ? current : null;
				won[0] = true;
				return session;
			}
			return current;
		});
		if (!won[0]) {
			Session newer = this.byUser.get(userId);
			if (newer == null) {
				this.locator.unbindGate(userId, this.gateId);
			}
			if (session.unbind(userId)) {
				if (logger.isDebugEnabled()) {
					logger.debug("User " + userId + " logged in again on " + newer + " while " + session
							+ " was binding: closing the older login (epoch " + epoch + ")");
				}
				session.close(CloseReason.DUPLICATE_LOGIN);
			}
			return Outcome.NOT_BOUND;
		}
		Session previous = displaced[0];
		if (previous != null && previous.unbind(userId)) {
			previous.close(CloseReason.DUPLICATE_LOGIN);
		}
		// The login took its epoch, so a connection of the user on the gate recorded before is
		// older: it goes even if this one closed meanwhile.
		binding.previousGate().ifPresent((gate) -> this.eviction.evict(gate, userId, epoch));
		if (session.isClosed()) {
			// The connection closed while we bound it; its close could not see this binding.
			if (this.byUser.remove(userId, session)) {
				this.locator.unbindGate(userId, this.gateId);
			}
			return Outcome.NOT_BOUND;
		}
		return (previous != null || binding.previousGate().isPresent()) ? Outcome.REBOUND : Outcome.BOUND;
	}

	/**
	 * Closes the connection of {@code userId} here, as a duplicate login elsewhere, if its login
	 * is older than {@code epoch}. The binding is dropped here but left in the locator, which
	 * records the newer login already.
	 * @return {@code true} if a connection was closed
	 */
	boolean evict(long userId, long epoch) {
		Session[] evicted = new Session[1];
		this.byUser.computeIfPresent(userId, (id, session) -> {
			if (session.loginEpoch() < epoch) {
				evicted[0] = session;
				return null;
			}
			return session;
		});
		if (evicted[0] == null) {
			return false;
		}
		evicted[0].close(CloseReason.DUPLICATE_LOGIN);
		return true;
	}

	/**
	 * Unbinds a user from its connection, which stays open.
	 * @return the session the user was bound to, {@code null} if none
	 */
	Session unbind(long userId) {
		Session session = this.byUser.remove(userId);
		if (session == null) {
			return null;
		}
		session.unbind(userId);
		this.userLeft.accept(session);
		this.locator.unbindGate(userId, this.gateId);
		return session;
	}

	/** Forgets the binding of a session that has closed, if it still held {@code userId}. */
	void closed(Session session, long userId) {
		if (userId != 0 && this.byUser.remove(userId, session)) {
			this.locator.unbindGate(userId, this.gateId);
		}
	}

	/** The session a user is bound to here, {@code null} if none. */
	Session get(long userId) {
		return this.byUser.get(userId);
	}

	/** The bound users: a live view, which changes as users come and go. */
	Set<Long> userIds() {
		return Collections.unmodifiableSet(this.byUser.keySet());
	}

	/** The sessions that carry a user: a live view. */
	Collection<Session> sessions() {
		return Collections.unmodifiableCollection(this.byUser.values());
	}

	int count() {
		return this.byUser.size();
	}

}
