package io.rally.examples.wallet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.rally.examples.wallet.WalletException.Reason;
import io.rally.examples.wallet.WalletStore.Change;
import io.rally.examples.wallet.WalletStore.Transfer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What every {@link WalletStore} does; users are fresh per test so runs do not interfere. */
abstract class WalletStoreContract {

	private static final AtomicLong users = new AtomicLong(System.nanoTime() & 0xffffffffL);

	abstract WalletStore store();

	@Test
	void creditDebitAndBalance() throws Exception {
		long user = users.incrementAndGet();
		assertThat(get(store().balance(user, "GOLD"))).isZero();
		assertThat(get(store().credit(user, "GOLD", 500, key()))).isEqualTo(new Change(500, false));
		assertThat(get(store().credit(user, "GOLD", 250, key()))).isEqualTo(new Change(750, false));
		assertThat(get(store().debit(user, "GOLD", 700, key()))).isEqualTo(new Change(50, false));
		assertThat(get(store().balance(user, "GOLD"))).isEqualTo(50);
		assertThat(get(store().balance(user, "GEMS"))).isZero();
	}

	@Test
	void debitBeyondTheBalanceFailsAndAppliesNothing() throws Exception {
		long user = users.incrementAndGet();
		assertFails(store().debit(user, "GOLD", 1, key()), Reason.INSUFFICIENT_FUNDS);
		get(store().credit(user, "GOLD", 100, key()));
		String key = key();
		assertFails(store().debit(user, "GOLD", 101, key), Reason.INSUFFICIENT_FUNDS);
		assertThat(get(store().balance(user, "GOLD"))).isEqualTo(100);
		// a failed change keeps no key: once funded, the same key applies
		get(store().credit(user, "GOLD", 1, key()));
		assertThat(get(store().debit(user, "GOLD", 101, key))).isEqualTo(new Change(0, false));
	}

	@Test
	void transferMovesAtomically() throws Exception {
		long payer = users.incrementAndGet();
		long payee = users.incrementAndGet();
		get(store().credit(payer, "GOLD", 300, key()));
		get(store().credit(payee, "GOLD", 5, key()));
		assertThat(get(store().transfer(payer, payee, "GOLD", 120, key()))).isEqualTo(new Transfer(180, 125, false));
		assertFails(store().transfer(payer, payee, "GOLD", 181, key()), Reason.INSUFFICIENT_FUNDS);
		assertFails(store().transfer(payee, users.incrementAndGet(), "GEMS", 1, key()), Reason.INSUFFICIENT_FUNDS);
		assertThat(get(store().balance(payer, "GOLD"))).isEqualTo(180);
		assertThat(get(store().balance(payee, "GOLD"))).isEqualTo(125);
	}

	@Test
	void aKeyAppliesOnceAndRepeatsAnswerTheFirstResult() throws Exception {
		long user = users.incrementAndGet();
		get(store().credit(user, "GOLD", 1000, key()));
		String key = key();
		assertThat(get(store().debit(user, "GOLD", 300, key))).isEqualTo(new Change(700, false));
		get(store().credit(user, "GOLD", 1, key()));
		assertThat(get(store().debit(user, "GOLD", 300, key))).isEqualTo(new Change(700, true));
		assertThat(get(store().balance(user, "GOLD"))).isEqualTo(701);

		long payee = users.incrementAndGet();
		String transferKey = key();
		Transfer first = get(store().transfer(user, payee, "GOLD", 1, transferKey));
		assertThat(get(store().transfer(user, payee, "GOLD", 1, transferKey)))
			.isEqualTo(new Transfer(first.fromBalance(), first.toBalance(), true));
		assertThat(get(store().balance(payee, "GOLD"))).isEqualTo(1);
	}

	@Test
	void aKeyUsedForAnotherChangeIsRefused() throws Exception {
		long user = users.incrementAndGet();
		String key = key();
		get(store().credit(user, "GOLD", 10, key));
		assertFails(store().credit(user, "GOLD", 11, key), Reason.KEY_CONFLICT);
		assertFails(store().debit(user, "GOLD", 10, key), Reason.KEY_CONFLICT);
		assertFails(store().credit(users.incrementAndGet(), "GOLD", 10, key), Reason.KEY_CONFLICT);
		assertThat(get(store().balance(user, "GOLD"))).isEqualTo(10);
	}

	@Test
	void theSameKeyFromManyThreadsAppliesOnce() throws Exception {
		long user = users.incrementAndGet();
		get(store().credit(user, "GOLD", 10_000, key()));
		String key = key();
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Change>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return get(store().debit(user, "GOLD", 2_500, key));
				}));
			}
			start.countDown();
			List<Change> changes = new ArrayList<>();
			for (Future<Change> result : results) {
				changes.add(result.get(10, TimeUnit.SECONDS));
			}
			assertThat(changes).extracting(Change::balance).containsOnly(7_500L);
			assertThat(changes).filteredOn((change) -> !change.replayed()).hasSize(1);
			assertThat(get(store().balance(user, "GOLD"))).isEqualTo(7_500);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void badArgumentsAreRefusedBeforeAnythingRuns() throws Exception {
		long user = users.incrementAndGet();
		assertThatIllegalArgumentException().isThrownBy(() -> store().credit(user, "GOLD", -5, key()))
			.withMessageContaining("amount: -5");
		assertThatIllegalArgumentException().isThrownBy(() -> store().debit(user, "GOLD", 0, key()));
		assertThatIllegalArgumentException().isThrownBy(() -> store().transfer(user, user + 1, "GOLD", -1, key()));
		assertThatIllegalArgumentException().isThrownBy(() -> store().transfer(user, user, "GOLD", 1, key()));
		assertThatIllegalArgumentException().isThrownBy(() -> store().credit(user, "", 1, key()));
		assertThatIllegalArgumentException().isThrownBy(() -> store().credit(user, "GO LD", 1, key()));
		assertThatIllegalArgumentException().isThrownBy(() -> store().credit(user, "GOLD", 1, ""));
		assertThatIllegalArgumentException().isThrownBy(() -> store().balance(user, ""));
		assertThat(get(store().balance(user, "GOLD"))).isZero();
	}

	@Test
	void balancesNeverOverflow() throws Exception {
		long user = users.incrementAndGet();
		get(store().credit(user, "GOLD", Long.MAX_VALUE - 1, key()));
		assertFails(store().credit(user, "GOLD", 2, key()), Reason.OVERFLOW);
		long rich = users.incrementAndGet();
		get(store().credit(rich, "GOLD", 5, key()));
		assertFails(store().transfer(rich, user, "GOLD", 5, key()), Reason.OVERFLOW);
		assertThat(get(store().balance(user, "GOLD"))).isEqualTo(Long.MAX_VALUE - 1);
		assertThat(get(store().balance(rich, "GOLD"))).isEqualTo(5);
	}

	static String key() {
		return "k-" + users.incrementAndGet();
	}

	static <T> T get(CompletableFuture<T> future) throws Exception {
		try {
			return future.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

	static void assertFails(CompletableFuture<?> future, Reason reason) {
		assertThatExceptionOfType(WalletException.class).isThrownBy(() -> get(future))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
	}

}
