package io.rally.cluster.grpc.mesh;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rally.cluster.InstanceState;
import io.rally.cluster.grpc.mesh.testwallet.BalanceRequest;
import io.rally.cluster.grpc.mesh.testwallet.ChangeRequest;
import io.rally.cluster.grpc.mesh.testwallet.WalletGrpc;
import io.rally.cluster.grpc.mesh.testwallet.WalletGrpc.WalletBlockingStub;
import io.rally.cluster.local.InMemoryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Real gRPC servers on loopback, found through an in-memory registry. */
class MeshChannelsTest {

	private static final String WALLET = WalletGrpc.SERVICE_NAME;

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final List<TestWallet> wallets = new java.util.ArrayList<>();

	private MeshChannels channels = channels(Duration.ofSeconds(3));

	@AfterEach
	void close() {
		this.channels.close();
		this.wallets.forEach(TestWallet::close);
	}

	@Test
	void callsAreSpreadOverProvidersAndFollowTheRegistry() {
		TestWallet a = wallet(1);
		TestWallet b = wallet(2);
		TestWallet hanging = wallet(3);
		TestWallet other = wallet(4);
		this.registry.register(a.instance("mesh-a", InstanceState.WORK, WALLET));
		this.registry.register(b.instance("mesh-b", InstanceState.BUSY, "game.Other", WALLET));
		this.registry.register(hanging.instance("mesh-c", InstanceState.HANG, WALLET));
		this.registry.register(other.instance("mesh-d", InstanceState.WORK, "game.Other"));
		WalletBlockingStub stub = WalletGrpc.newBlockingStub(this.channels.channel(WALLET));

		await().untilAsserted(() -> assertThat(marks(stub, 20)).containsExactlyInAnyOrder(1L, 2L));

		this.registry.deregister("mesh-a");
		await().untilAsserted(() -> assertThat(marks(stub, 1)).containsExactly(2L));
		assertThat(marks(stub, 20)).containsExactly(2L);

		this.registry.register(hanging.instance("mesh-c", InstanceState.WORK, WALLET));
		await().untilAsserted(() -> assertThat(marks(stub, 20)).containsExactlyInAnyOrder(2L, 3L));
	}

	@Test
	void withoutProviderCallsFailFastUntilOneRegisters() {
		WalletBlockingStub stub = WalletGrpc.newBlockingStub(this.channels.channel(WALLET));
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> marks(stub, 1))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(ex.getStatus().getDescription()).contains("No mesh instance").contains(WALLET);
			});
		TestWallet a = wallet(7);
		this.registry.register(a.instance("mesh-late", InstanceState.WORK, WALLET));
		await().ignoreExceptions().untilAsserted(() -> assertThat(marks(stub, 1)).containsExactly(7L));

		// the last provider leaves and stops: nothing is left to call
		this.registry.deregister("mesh-late");
		a.close();
		await().untilAsserted(() -> assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> marks(stub, 1))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
	}

	@Test
	void everyCallGetsTheDefaultDeadlineUnlessItHasOne() {
		this.channels.close();
		this.channels = channels(Duration.ofMillis(300));
		TestWallet a = wallet(1);
		this.registry.register(a.instance("mesh-a", InstanceState.WORK, WALLET));
		WalletBlockingStub stub = WalletGrpc.newBlockingStub(this.channels.channel(WALLET));
		await().ignoreExceptions().until(() -> marks(stub, 1).equals(Set.of(1L)));

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.debit(ChangeRequest.getDefaultInstance()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

		long defaultLeft = stub.credit(ChangeRequest.getDefaultInstance()).getBalance();
		assertThat(defaultLeft).isBetween(0L, 300L);
		long ownLeft = stub.withDeadlineAfter(1, TimeUnit.HOURS).credit(ChangeRequest.getDefaultInstance()).getBalance();
		assertThat(ownLeft).isGreaterThan(60_000L);
	}

	@Test
	void oneChannelPerServiceAndPerAddress() {
		TestWallet a = wallet(5);
		Channel wallet = this.channels.channel(WALLET);
		assertThat(this.channels.channel(WALLET)).isSameAs(wallet);
		assertThat(this.channels.channel("game.Other")).isNotSameAs(wallet);
		assertThat(wallet.authority()).isEqualTo(WALLET);
		assertThat(MeshChannels.target(WALLET)).isEqualTo("rally-mesh:///rally.test.wallet.Wallet");

		// not registered at all: a direct address needs no registry
		Channel direct = this.channels.channelForAddress(a.endpoint());
		assertThat(this.channels.channelForAddress(a.endpoint())).isSameAs(direct);
		assertThat(marks(WalletGrpc.newBlockingStub(direct), 3)).containsExactly(5L);
	}

	@Test
	void badNamesAndAddressesAreRefused() {
		for (String bad : new String[] { "", "a/b", "a b", "a,b" }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> this.channels.channel(bad));
		}
		for (String bad : new String[] { "local", "host:", "host:0", "host:x", "::1:80" }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> this.channels.channelForAddress(bad));
		}
	}

	@Test
	void closeShutsTheChannelsDown() {
		ManagedChannel wallet = (ManagedChannel) this.channels.channel(WALLET);
		ManagedChannel direct = (ManagedChannel) this.channels.channelForAddress("127.0.0.1:1");
		this.channels.close();
		assertThat(wallet.isTerminated()).isTrue();
		assertThat(direct.isTerminated()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> this.channels.channel(WALLET));
	}

	private MeshChannels channels(Duration deadline) {
		MeshClientProperties properties = new MeshClientProperties();
		properties.setDeadline(deadline);
		return new MeshChannels(this.registry, properties);
	}

	private TestWallet wallet(long mark) {
		TestWallet wallet = new TestWallet(mark);
		this.wallets.add(wallet);
		return wallet;
	}

	private static Set<Long> marks(WalletBlockingStub stub, int calls) {
		Set<Long> marks = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			marks.add(stub.balance(BalanceRequest.getDefaultInstance()).getBalance());
		}
		return marks;
	}

}
