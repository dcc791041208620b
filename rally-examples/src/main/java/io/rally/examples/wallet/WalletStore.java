package io.rally.examples.wallet;

import java.util.concurrent.CompletableFuture;

/**
 * Balances per user and currency in int64 minor units, and changes to them that apply at most
 * once per idempotency key. A key is kept with the result of its change for the configured
 * time; a repeat of the same change within it answers that first result (marked replayed),
 * and a different change under a used key fails with {@link WalletException.Reason#KEY_CONFLICT}.
 * Failed changes (insufficient funds, overflow) apply nothing and keep no key, so they can be
 * retried under the same key.
 *
 * <p>Arguments are checked before anything runs and fail with an
 * {@link IllegalArgumentException} thrown by the method itself; everything else completes the
 * returned future exceptionally with a {@link WalletException}. Thread-safe.
 */
public interface WalletStore {

	/** The balance, 0 for a wallet never credited. */
	CompletableFuture<Long> balance(long userId, String currency);

	/** Adds {@code amount} (> 0). */
	CompletableFuture<Change> credit(long userId, String currency, long amount, String idempotencyKey);

	/** Takes {@code amount} (> 0), or fails with {@code INSUFFICIENT_FUNDS} if the balance is smaller. */
	CompletableFuture<Change> debit(long userId, String currency, long amount, String idempotencyKey);

	/** Moves {@code amount} (> 0) between two different users, atomically. */
	CompletableFuture<Transfer> transfer(long fromUserId, long toUserId, String currency, long amount,
			String idempotencyKey);

	/**
	 * The result of a credit or debit.
	 * @param balance the balance right after the change
	 * @param replayed whether the key had been applied before and this is its first result
	 */
	record Change(long balance, boolean replayed) {
	}

	/**
	 * The result of a transfer.
	 * @param fromBalance the payer's balance right after the transfer
	 * @param toBalance the payee's balance right after the transfer
	 * @param replayed whether the key had been applied before and this is its first result
	 */
	record Transfer(long fromBalance, long toBalance, boolean replayed) {
	}

}
