package io.rally.examples.wallet;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The wallet of standalone mode: balances in this JVM's memory, lost when it stops. One lock
 * makes every change atomic; expired idempotency keys are dropped as changes come in.
 */
public final class InMemoryWalletStore implements WalletStore {

	private final Duration keyTtl;

	private final Clock clock;

	private final Map<String, Long> balances = new HashMap<>();

	private final Map<String, Applied> applied = new HashMap<>();

	public InMemoryWalletStore(Duration keyTtl) {
		this(keyTtl, Clock.systemUTC());
	}

	InMemoryWalletStore(Duration keyTtl, Clock clock) {
		if (keyTtl == null || keyTtl.isNegative() || keyTtl.isZero()) {
			throw new IllegalArgumentException("idempotencyTtl: " + keyTtl + " (expected: > 0)");
		}
		this.keyTtl = keyTtl;
		this.clock = clock;
	}

	@Override
	public synchronized CompletableFuture<Long> balance(long userId, String currency) {
		WalletChecks.checkCurrency(currency);
		return CompletableFuture.completedFuture(this.balances.getOrDefault(key(userId, currency), 0L));
	}

	@Override
	public CompletableFuture<Change> credit(long userId, String currency, long amount, String idempotencyKey) {
		String change = WalletChecks.change("credit", userId, currency, amount, idempotencyKey);
		return apply(change, idempotencyKey, () -> {
			long after;
			try {
				after = Math.addExact(this.balances.getOrDefault(key(userId, currency), 0L), amount);
			}
			catch (ArithmeticException ex) {
				throw WalletChecks.overflow(userId, currency);
			}
			this.balances.put(key(userId, currency), after);
			return new long[] { after };
		}).thenApply((result) -> new Change(result.values[0], result.replayed));
	}

	@Override
	public CompletableFuture<Change> debit(long userId, String currency, long amount, String idempotencyKey) {
		String change = WalletChecks.change("debit", userId, currency, amount, idempotencyKey);
		return apply(change, idempotencyKey, () -> new long[] { take(userId, currency, amount) })
			.thenApply((result) -> new Change(result.values[0], result.replayed));
	}

	@Override
	public CompletableFuture<Transfer> transfer(long fromUserId, long toUserId, String currency, long amount,
			String idempotencyKey) {
		String change = WalletChecks.transfer(fromUserId, toUserId, currency, amount, idempotencyKey);
		return apply(change, idempotencyKey, () -> {
			long to = this.balances.getOrDefault(key(toUserId, currency), 0L);
			if (to > Long.MAX_VALUE - amount) {
				throw WalletChecks.overflow(toUserId, currency);
			}
			long from = take(fromUserId, currency, amount);
			this.balances.put(key(toUserId, currency), to + amount);
			return new long[] { from, to + amount };
		}).thenApply((result) -> new Transfer(result.values[0], result.values[1], result.replayed));
	}

	private long take(long userId, String currency, long amount) {
		long before = this.balances.getOrDefault(key(userId, currency), 0L);
		if (before < amount) {
			throw WalletChecks.insufficient(userId, currency, amount);
		}
		this.balances.put(key(userId, currency), before - amount);
		return before - amount;
	}

	private synchronized CompletableFuture<Result> apply(String change, String idempotencyKey, Operation operation) {
		long now = this.clock.millis();
		expire(now);
		Applied previous = this.applied.get(idempotencyKey);
		if (previous != null) {
			if (!previous.change.equals(change)) {
				return CompletableFuture.failedFuture(WalletChecks.conflict(idempotencyKey));
			}
			return CompletableFuture.completedFuture(new Result(previous.values, true));
		}
		long[] values;
		try {
			values = operation.run();
		}
		catch (WalletException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		this.applied.put(idempotencyKey, new Applied(change, values, now + this.keyTtl.toMillis()));
		return CompletableFuture.completedFuture(new Result(values, false));
	}

	private void expire(long now) {
		for (Iterator<Applied> it = this.applied.values().iterator(); it.hasNext();) {
			if (it.next().expiresAt <= now) {
				it.remove();
			}
		}
	}

	private static String key(long userId, String currency) {
		return userId + ":" + currency;
	}

	@FunctionalInterface
	private interface Operation {

		long[] run();

	}

	private record Applied(String change, long[] values, long expiresAt) {
	}

	private record Result(long[] values, boolean replayed) {
	}

}
