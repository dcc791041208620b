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
 * connection whenever the other gate can be reached. Thread-safe.
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

	/** Asks gate {@code otherGateId} to close the connection of {@code userId}; returns at once. */
	void evict(String otherGateId, long userId) {
		attempt(otherGateId, userId, ATTEMPTS);
	}

	private void attempt(String otherGateId, long userId, int attemptsLeft) {
		InstanceInfo gate = listed(otherGateId);
		if (gate == null) {
			retry(otherGateId, userId, attemptsLeft, "is not listed in the registry");
			return;
		}
		CompletableFuture<Boolean> call;
		try {
			call = this.transport.gate(gate).evictDuplicateLogin(userId);
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		call.whenComplete((evicted, failure) -> {
			if (failure != null) {
				retry(otherGateId, userId, attemptsLeft, "could not be reached (" + failure + ")");
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

	private void retry(String otherGateId, long userId, int attemptsLeft, String problem) {
		if (attemptsLeft > 1) {
			this.retries.execute(() -> attempt(otherGateId, userId, attemptsLeft - 1));
		}
		else {
			logger.warn("User " + userId + " logged in here while bound on gate '" + otherGateId + "', which "
					+ problem + ": its connection there was not closed");
		}
	}

}
