package io.rally.node.internal.messaging;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The users bound to this node, as far as this node can tell, so that a stopping node knows
 * whom it waits for. A user counts from a {@code bindNode} through this node's messenger until
 * an {@code unbindNode} for that user through it, or until a DISCONNECT session event for that
 * user arrives: a user without a connection sends nothing more, so for draining a user who
 * disconnected is gone, even though the locator may keep the binding for a reconnect.
 *
 * <p>Bindings made elsewhere (another node, the locator directly, a messenger of the
 * application's own) are not counted; a user bound elsewhere to another node of this group stops
 * counting when the cluster event bus reports it ({@link RebindWatch}). Binding and unbinding are rare next to messages, so one lock
 * is enough. Thread-safe.
 */
public final class BoundUsers {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition none = this.lock.newCondition();

	private final Set<Long> users = new HashSet<>();

	/** Counts {@code userId} as bound to this node. */
	public void bound(long userId) {
		this.lock.lock();
		try {
			this.users.add(userId);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Counts {@code userId} as gone; unknown users are ignored. */
	public void left(long userId) {
		this.lock.lock();
		try {
			if (this.users.remove(userId) && this.users.isEmpty()) {
				this.none.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many users are bound now. */
	public int count() {
		this.lock.lock();
		try {
			return this.users.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until no user is bound, at most {@code timeout}. An interrupt ends the wait early
	 * and is kept on the thread.
	 * @return {@code true} if no user is bound
	 */
	public boolean awaitNone(Duration timeout) {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.users.isEmpty()) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.none.awaitNanos(nanos);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.users.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return "BoundUsers[" + count() + "]";
	}

}
