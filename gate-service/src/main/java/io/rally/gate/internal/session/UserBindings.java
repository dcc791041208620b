package io.rally.gate.internal.session;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.rally.cluster.Locator;
import io.rally.gate.internal.metrics.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Which user is bound to which connection of one gate, recorded in the {@link Locator} too. One
 * user has at most one connection: binding a user closes the connection it had before, here
 * at once and, through the {@link DuplicateLoginEviction}, on the gate the locator knew.
 * Thread-safe.
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
	 * Binds {@code userId} to an open session. The future fails if the locator could not record
	 * the binding; the binding is undone then, since one the rest of the cluster cannot see
	 * would make the user unreachable and let a second login elsewhere stand.
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
		Session previous = this.byUser.put(userId, session);
		boolean replaced = previous != null && previous != session;
		if (replaced && previous.unbind(userId)) {
			previous.close(CloseReason.DUPLICATE_LOGIN);
		}
		if (session.isClosed()) {
			// The connection closed while we bound it; its close could not see this binding.
			this.byUser.remove(userId, session);
			return NOT_BOUND;
		}
		if (before == userId) {
			return BOUND;
		}
		return this.locator.bindGate(userId, this.gateId).handle((otherGate, failure) -> {
			if (failure != null) {
				logger.warn("Could not record the gate of user " + userId + " in the locator: " + failure);
				if (session.unbind(userId)) {
					this.byUser.remove(userId, session);
				}
				throw new IllegalStateException("User " + userId + " could not be bound: the locator is unavailable",
						failure);
			}
			otherGate.ifPresent((gate) -> this.eviction.evict(gate, userId));
			return (replaced || otherGate.isPresent()) ? Outcome.REBOUND : Outcome.BOUND;
		});
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
