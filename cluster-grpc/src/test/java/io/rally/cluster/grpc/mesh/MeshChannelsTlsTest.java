package io.rally.cluster.grpc.mesh;

import java.time.Duration;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rally.cluster.InstanceState;
import io.rally.cluster.grpc.LinkTls;
import io.rally.cluster.grpc.TestBundles;
import io.rally.cluster.grpc.mesh.testwallet.BalanceRequest;
import io.rally.cluster.grpc.mesh.testwallet.WalletGrpc;
import io.rally.cluster.grpc.mesh.testwallet.WalletGrpc.WalletBlockingStub;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A mesh service behind mutual TLS, called over real sockets with and without the cluster's certificate. */
class MeshChannelsTlsTest {

	private static final TestCertificates CLUSTER = TestCertificates.create("cluster");

	private static final TestCertificates STRANGER = TestCertificates.create("stranger");

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private TestWallet wallet;

	@BeforeEach
	void startWallet() {
		this.wallet = new TestWallet(7, TestBundles.tls(CLUSTER).serverCredentials());
		this.registry.register(this.wallet.instance("mesh-1", InstanceState.WORK, WalletGrpc.SERVICE_NAME));
	}

	@AfterEach
	void stopWallet() {
		this.wallet.close();
	}

	@Test
	void callerWithTheClusterCertificateIsServed() {
		try (MeshChannels channels = channels(TestBundles.tls(CLUSTER))) {
			assertThat(stub(channels).balance(BalanceRequest.getDefaultInstance()).getBalance()).isEqualTo(7);
			WalletBlockingStub direct = WalletGrpc.newBlockingStub(channels.channelForAddress(this.wallet.endpoint()));
			assertThat(direct.balance(BalanceRequest.getDefaultInstance()).getBalance()).isEqualTo(7);
		}
	}

	@Test
	void callerOfAnotherCaIsRefused() {
		try (MeshChannels channels = channels(TestBundles.tls(STRANGER))) {
			assertUnavailable(stub(channels));
		}
	}

	@Test
	void plaintextCallerIsRefused() {
		try (MeshChannels channels = channels(null)) {
			assertUnavailable(stub(channels));
		}
	}

	private MeshChannels channels(LinkTls tls) {
		MeshClientProperties properties = new MeshClientProperties();
		properties.setDeadline(Duration.ofSeconds(30));
		properties.setShutdownTimeout(Duration.ofSeconds(1));
		return new MeshChannels(this.registry, properties, tls);
	}

	private static WalletBlockingStub stub(MeshChannels channels) {
		return WalletGrpc.newBlockingStub(channels.channel(WalletGrpc.SERVICE_NAME));
	}

	private static void assertUnavailable(WalletBlockingStub stub) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.balance(BalanceRequest.getDefaultInstance()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

}
