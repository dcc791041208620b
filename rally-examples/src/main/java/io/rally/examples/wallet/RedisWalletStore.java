package io.rally.examples.wallet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The wallet of cluster mode, in Redis, shared by every mesh instance.
 *
 * <p>Keys: {@code <prefix>:wallet:{<uid>}}, a hash of currency to balance (Redis integers, so
 * the full int64 range is exact); {@code <prefix>:wallet:key:<idempotency key>}, a string with
 * the change's fingerprint and result, expiring after the key TTL. Every change is one Lua
 * script that checks the key, changes the balances and stores the key, so two instances
 * receiving the same key at once apply it once. A transfer touches two users' hashes: on a
 * Redis Cluster they must share a slot, which these keys do not arrange; use a single Redis
 * (or a primary with replicas) for the wallet.
 *
 * <p>Scripts answer one line of status ({@code ok}, {@code replay}, {@code insufficient},
 * {@code overflow}) followed by the stored result. Nothing blocks; futures complete on Lettuce
 * or Reactor threads.
 */
public final class RedisWalletStore implements WalletStore {

	// KEYS[1] wallet, KEYS[2] key; ARGV[1] currency, ARGV[2] amount, ARGV[3] change, ARGV[4] ttl ms
	private static final RedisScript<String> CREDIT = RedisScript.of("""
			local done = redis.call('GET', KEYS[2])
			if done then return 'replay\\n' .. done end
			local added = redis.pcall('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
			if type(added) == 'table' and added.err then return 'overflow' end
			local result = ARGV[3] .. '|' .. redis.call('HGET', KEYS[1], ARGV[1])
			redis.call('SET', KEYS[2], result, 'PX', ARGV[4])
			return 'ok\\n' .. result
			""", String.class);

	// KEYS[1] wallet, KEYS[2] key; ARGV[1] currency, ARGV[2] -amount, ARGV[3] amount, ARGV[4] change, ARGV[5] ttl ms
	// Taking first and giving back on a negative result keeps the comparison in Redis's exact
	// integers; Lua's numbers are doubles.
	private static final RedisScript<String> DEBIT = RedisScript.of("""
			local done = redis.call('GET', KEYS[2])
			if done then return 'replay\\n' .. done end
			if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'insufficient' end
			if redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2]) < 0 then
				redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
				return 'insufficient'
			end
			local result = ARGV[4] .. '|' .. redis.call('HGET', KEYS[1], ARGV[1])
			redis.call('SET', KEYS[2], result, 'PX', ARGV[5])
			return 'ok\\n' .. result
			""", String.class);

	// KEYS[1] payer, KEYS[2] payee, KEYS[3] key; ARGV as for DEBIT
	private static final RedisScript<String> TRANSFER = RedisScript.of("""
			local done = redis.call('GET', KEYS[3])
			if done then return 'replay\\n' .. done end
			if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'insufficient' end
			if redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2]) < 0 then
				redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
				return 'insufficient'
			end
			local added = redis.pcall('HINCRBY', KEYS[2], ARGV[1], ARGV[3])
			if type(added) == 'table' and added.err then
				redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
				return 'overflow'
			end
			local result = ARGV[4] .. '|' .. redis.call('HGET', KEYS[1], ARGV[1]) .. ','
				.. redis.call('HGET', KEYS[2], ARGV[1])
			redis.call('SET', KEYS[3], result, 'PX', ARGV[5])
			return 'ok\\n' .. result
			""", String.class);

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	private final String keyTtlMillis;

	private final Duration timeout;

	/**
	 * @param connectionFactory a started factory (Spring Boot's bean is)
	 * @param keyPrefix prefix of every key, e.g. {@code rally}
	 * @param keyTtl how long an idempotency key and its result are kept
	 * @param timeout how long a command may take before the change fails as unavailable (it may
	 * still have applied; a retry under the same key is safe)
	 */
	public RedisWalletStore(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, Duration keyTtl,
			Duration timeout) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		if (keyPrefix == null || keyPrefix.isEmpty()) {
			throw new IllegalArgumentException("keyPrefix: '" + keyPrefix + "' (expected: not empty)");
		}
		if (keyTtl == null || keyTtl.toMillis() <= 0) {
			throw new IllegalArgumentException("idempotencyTtl: " + keyTtl + " (expected: >= 1ms)");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("commandTimeout: " + timeout + " (expected: > 0)");
		}
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.prefix = keyPrefix;
		this.keyTtlMillis = Long.toString(keyTtl.toMillis());
		this.timeout = timeout;
	}

	@Override
	public CompletableFuture<Long> balance(long userId, String currency) {
		WalletChecks.checkCurrency(currency);
		Mono<Long> balance = this.redis.<String, String>opsForHash()
			.get(walletKey(userId), currency)
			.map(Long::parseLong)
			.defaultIfEmpty(0L);
		return run(balance);
	}

	@Override
	public CompletableFuture<Change> credit(long userId, String currency, long amount, String idempotencyKey) {
		String change = WalletChecks.change("credit", userId, currency, amount, idempotencyKey);
		return script(CREDIT, List.of(walletKey(userId), idempotencyKey(idempotencyKey)),
				List.of(currency, Long.toString(amount), change, this.keyTtlMillis))
			.thenApply((reply) -> {
				String[] values = result(reply, change, idempotencyKey, userId, currency, amount);
				return new Change(Long.parseLong(values[0]), reply.startsWith("replay"));
			});
	}

	@Override
	public CompletableFuture<Change> debit(long userId, String currency, long amount, String idempotencyKey) {
		String change = WalletChecks.change("debit", userId, currency, amount, idempotencyKey);
		return script(DEBIT, List.of(walletKey(userId), idempotencyKey(idempotencyKey)),
				List.of(currency, Long.toString(-amount), Long.toString(amount), change, this.keyTtlMillis))
			.thenApply((reply) -> {
				String[] values = result(reply, change, idempotencyKey, userId, currency, amount);
				return new Change(Long.parseLong(values[0]), reply.startsWith("replay"));
			});
	}

	@Override
	public CompletableFuture<Transfer> transfer(long fromUserId, long toUserId, String currency, long amount,
			String idempotencyKey) {
		String change = WalletChecks.transfer(fromUserId, toUserId, currency, amount, idempotencyKey);
		return script(TRANSFER,
				List.of(walletKey(fromUserId), walletKey(toUserId), idempotencyKey(idempotencyKey)),
				List.of(currency, Long.toString(-amount), Long.toString(amount), change, this.keyTtlMillis))
			.thenApply((reply) -> {
				String[] values = result(reply, change, idempotencyKey, fromUserId, currency, amount);
				if (values.length != 2) {
					throw new IllegalStateException("Unexpected wallet result: " + reply);
				}
				return new Transfer(Long.parseLong(values[0]), Long.parseLong(values[1]), reply.startsWith("replay"));
			});
	}

	String walletKey(long userId) {
		return this.prefix + ":wallet:{" + userId + "}";
	}

	String idempotencyKey(String key) {
		return this.prefix + ":wallet:key:" + key;
	}

	private CompletableFuture<String> script(RedisScript<String> script, List<String> keys, List<String> args) {
		return run(this.redis.execute(script, keys, args).next());
	}

	private <T> CompletableFuture<T> run(Mono<T> command) {
		return command.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof WalletException),
					(ex) -> new WalletException(WalletException.Reason.UNAVAILABLE,
							(ex instanceof TimeoutException) ? "Redis did not answer within " + this.timeout
									: "Redis failed: " + ex.getMessage(),
							ex))
			.toFuture();
	}

	/** The balances a script reported, or the failure it reported, as an exception. */
	private static String[] result(String reply, String change, String idempotencyKey, long userId, String currency,
			long amount) {
		int newline = reply.indexOf('\n');
		String status = (newline < 0) ? reply : reply.substring(0, newline);
		switch (status) {
			case "insufficient" -> throw WalletChecks.insufficient(userId, currency, amount);
			case "overflow" -> throw WalletChecks.overflow(userId, currency);
			case "ok", "replay" -> {
				String stored = reply.substring(newline + 1);
				int bar = stored.lastIndexOf('|');
				if (bar < 0) {
					throw new IllegalStateException("Unexpected wallet result: " + reply);
				}
				if (!stored.substring(0, bar).equals(change)) {
					throw WalletChecks.conflict(idempotencyKey);
				}
				return stored.substring(bar + 1).split(",");
			}
			default -> throw new IllegalStateException("Unexpected wallet result: " + reply);
		}
	}

}
