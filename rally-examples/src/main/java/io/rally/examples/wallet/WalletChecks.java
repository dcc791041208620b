package io.rally.examples.wallet;

/**
 * Argument checks and the fingerprint of a change, the same for every {@link WalletStore}: a
 * key's stored result begins with the fingerprint, so that a repeat can tell the same change
 * from a different one under the same key.
 */
final class WalletChecks {

	static final int MAX_CURRENCY_LENGTH = 32;

	static final int MAX_KEY_LENGTH = 128;

	private WalletChecks() {
	}

	static void checkCurrency(String currency) {
		if (currency == null || currency.isEmpty() || currency.length() > MAX_CURRENCY_LENGTH) {
			throw new IllegalArgumentException("currency: '" + currency + "' (expected: 1 to "
					+ MAX_CURRENCY_LENGTH + " letters, digits, '_' or '-')");
		}
		for (int i = 0; i < currency.length(); i++) {
			char c = currency.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-') {
				throw new IllegalArgumentException("currency: '" + currency + "' (expected: letters, digits, '_' or '-')");
			}
		}
	}

	static void checkAmount(long amount) {
		if (amount <= 0) {
			throw new IllegalArgumentException("amount: " + amount + " (expected: > 0)");
		}
	}

	static void checkKey(String idempotencyKey) {
		if (idempotencyKey == null || idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("idempotencyKey: '" + idempotencyKey + "' (expected: 1 to "
					+ MAX_KEY_LENGTH + " characters)");
		}
		if (idempotencyKey.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("idempotencyKey: control characters (expected: none)");
		}
	}

	static String change(String operation, long userId, String currency, long amount, String idempotencyKey) {
		checkCurrency(currency);
		checkAmount(amount);
		checkKey(idempotencyKey);
		return operation + ":" + userId + ":" + currency + ":" + amount;
	}

	static String transfer(long fromUserId, long toUserId, String currency, long amount, String idempotencyKey) {
		if (fromUserId == toUserId) {
			throw new IllegalArgumentException("toUserId: " + toUserId + " (expected: not the payer)");
		}
		return change("transfer", fromUserId, currency, amount, idempotencyKey) + ":" + toUserId;
	}

	static WalletException conflict(String idempotencyKey) {
		return new WalletException(WalletException.Reason.KEY_CONFLICT,
				"Idempotency key '" + idempotencyKey + "' was used for a different change");
	}

	static WalletException insufficient(long userId, String currency, long amount) {
		return new WalletException(WalletException.Reason.INSUFFICIENT_FUNDS,
				"Balance of user " + userId + " in " + currency + " is below " + amount);
	}

	static WalletException overflow(long userId, String currency) {
		return new WalletException(WalletException.Reason.OVERFLOW,
				"Balance of user " + userId + " in " + currency + " would overflow");
	}

}
