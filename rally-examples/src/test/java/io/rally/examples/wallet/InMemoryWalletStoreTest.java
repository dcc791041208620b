package io.rally.examples.wallet;

import java.time.Duration;

class InMemoryWalletStoreTest extends WalletStoreContract {

	private final InMemoryWalletStore store = new InMemoryWalletStore(Duration.ofHours(24));

	@Override
	WalletStore store() {
		return this.store;
	}

}
