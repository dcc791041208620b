package io.rally.gate.internal.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Closes a user's connection on the gate the locator had recorded for the user, after the user
 * logged in here. The other gate may not be in this gate's view of the registry yet (a gate that
 * just started, a registry that lags), and the call may fail while the link to it reconnects:
 * both are tried again a bounded number of times, then logged, so that one user keeps one
 * connection whenever the other gate can be reached.
 *
 * <p>Each eviction carries the epoch of the login that asks for it, and the other gate closes
 * only a connection of an older login: a retry that arrives late, after the user logged in on
 * that gate again, closes nothing. An answer of {@code false} (nothing older to close) ends the
 * retries like {@code true} does; only failures are tried again. Thread-safe.
 */
final class DuplicateLoginEviction {

	private static final Log logger = LogFactory.getLog(DuplicateLoginEviction.class);

	static final int ATTEMPTS = 20;

	static final Duration RETRY_DELAY = Duration.ofMillis(250);

	private final InstanceRegistry registry;

	private final ClusterTransport transport;

	private final Executor retries;

	DuplicateLoginEviction(InstanceRegistry registry, ClusterTransport transport) {
		this(registry, transport, CompletableFuture.delayedExecutor(RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS));
	}

	/** With {@code retries} running each retry after the delay between attempts. */
	DuplicateLoginEviction(InstanceRegistry registry, ClusterTransport transport, Executor retries) {
		this.registry = registry;
		this.transport = transport;
		this.retries = retries;
	}

	/**
	 * Asks gate {@code otherGateId} to close the connection of {@code userId} if its login is
	 * older than {@code epoch}; returns at once.
	 */
	void evict(String otherGateId, long userId, long epoch) {
		attempt(otherGateId, userId, epoch, ATTEMPTS);
	}

	private void attempt(String otherGateId, long userId, long epoch, int attemptsLeft) {
		InstanceInfo gate = listed(otherGateId);
		if (gate == null) {
			retry(otherGateId, userId, epoch, attemptsLeft, "is not listed in the registry");
			return;
		}
		CompletableFuture<Boolean> call;
		try {
			call = this.transport.gate(gate).evictDuplicateLogin(userId, epoch);
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		call.whenComplete((evicted, failure) -> {
			if (failure != null) {
				retry(otherGateId, userId, epoch, attemptsLeft, "could not be reached (" + failure + ")");
			}
			else if (!evicted && logger.isDebugEnabled()) {
				logger.debug("Gate '" + otherGateId + "' had no connection of user " + userId
						+ " older than login epoch " + epoch + " to close");
			}
		});
	}

	private InstanceInfo listed(String gateId) {
		for (InstanceInfo gate : this.registry.instances(InstanceKind.GATE)) {
			if (gate.id().equals(gateId)) {
				return gate;
			}
		}
		return null;
	}

	private void retry(String otherGateId, long userId, long epoch, int attemptsLeft, String problem) {
		if (attemptsLeft > 1) {
			this.retries.execute(() -> attempt(otherGateId, userId, epoch, attemptsLeft - 1));
		}
		else {
			logger.warn("User " + userId + " logged in here while bound on gate '" + otherGateId + "', which "
					+ problem + ": its connection there was not closed");
		}
	}

}
