package io.rally.cluster.grpc;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.grpc.NodeUnavailableException.Reason;
import io.rally.cluster.proto.GateLinkGrpc;
import io.rally.cluster.proto.UserRequest;
import io.rally.protocol.Packet;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rally.cluster.grpc.LinkMessages.deliverFails;
import static io.rally.cluster.grpc.LinkMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Links with mutual TLS over real sockets: peers with certificates of the cluster's CA talk,
 * anyone else (no certificate, another CA, plaintext) cannot open a stream or make a call.
 */
class GrpcMutualTlsTest {

	private static final TestCertificates CLUSTER = TestCertificates.create("cluster");

	private static final TestCertificates STRANGER = TestCertificates.create("stranger");

	private Peer gateJvm;

	private RecordingGate gate;

	private InstanceInfo gateInfo;

	@BeforeEach
	void startGate() {
		this.gateJvm = new Peer(properties(), TestBundles.tls(CLUSTER));
		this.gate = new RecordingGate();
		this.gateJvm.exporter.exportGate("gate-1", this.gate);
		this.gateInfo = this.gateJvm.info("gate-1", InstanceKind.GATE);
	}

	@AfterEach
	void stopGate() {
		this.gateJvm.close();
	}

	@Test
	void gateAndNodeOfOneCaExchangeMessages() throws Exception {
		try (Peer nodeJvm = new Peer(properties(), TestBundles.tls(CLUSTER))) {
			nodeJvm.exporter.exportNode("node-1", new EchoNode(nodeJvm.transport, this.gateInfo));
			NodeEndpoint node = this.gateJvm.transport.node(nodeJvm.info("node-1", InstanceKind.NODE));

			node.deliver(message(new ReturnedMessages(this.gate), 5, 1));

			await().until(() -> this.gate.pushes(5).size() == 1);
			assertThat(this.gate.pushes(5)).containsExactly(new Packet(3, 1, GrpcLinksTest.bytes("m1")));
			Packet pushed = Packet.oneWay(9, GrpcLinksTest.bytes("pushed"));
			nodeJvm.transport.gate(this.gateInfo).pushToConnection(6, pushed).get(10, TimeUnit.SECONDS);
			await().until(() -> this.gate.pushes(6).size() == 1);
			assertThat(this.gate.pushes(6)).containsExactly(pushed);
			assertThat(nodeJvm.transport.gate(this.gateInfo).isOnline(42).get(10, TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void nodeOfAnotherCaCannotCallTheGate() {
		try (Peer stranger = new Peer(properties(), TestBundles.tls(STRANGER))) {
			assertThatThrownBy(() -> stranger.transport.gate(this.gateInfo).disconnectUser(42, "hijack")
				.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.satisfies((cause) -> assertThat(Status.fromThrowable(cause).getCode())
					.isEqualTo(Status.Code.UNAVAILABLE));
		}
	}

	@Test
	void gateOfAnotherCaCannotOpenAStreamToTheNode() {
		GrpcClusterProperties properties = properties();
		properties.setReconnectGrace(Duration.ZERO);
		try (Peer nodeJvm = new Peer(properties(), TestBundles.tls(CLUSTER));
				Peer stranger = new Peer(properties, TestBundles.tls(STRANGER))) {
			EchoNode node = new EchoNode(nodeJvm.transport, this.gateInfo);
			nodeJvm.exporter.exportNode("node-1", node);
			NodeEndpoint remote = stranger.transport.node(nodeJvm.info("node-1", InstanceKind.NODE));
			ReturnedMessages path = new ReturnedMessages(this.gate);

			await().until(() -> deliverFails(remote, message(path, 1, 1)) == Reason.UNREACHABLE);
			assertThat(stranger.gauge(GrpcMetrics.LINK_UP, "remote", "node")).isZero();
			assertThat(nodeJvm.gauge(GrpcMetrics.LINK_UP, "remote", "gate")).isNotEqualTo(1);
			assertThat(this.gate.pushCount()).isZero();
		}
	}

	@Test
	void clientWithoutCertificateCannotCallTheGate() throws Exception {
		ChannelCredentials trustOnly = TlsChannelCredentials.newBuilder()
			.trustManager(new java.io.ByteArrayInputStream(CLUSTER.authorityPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
			.build();
		assertUnavailable(trustOnly);
	}

	@Test
	void plaintextClientCannotCallTheGate() throws Exception {
		assertUnavailable(InsecureChannelCredentials.create());
	}

	private void assertUnavailable(ChannelCredentials credentials) throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forTarget(this.gateJvm.exporter.advertisedEndpoint(), credentials)
			.build();
		try {
			GateLinkGrpc.GateLinkBlockingStub stub = GateLinkGrpc.newBlockingStub(channel)
				.withDeadlineAfter(30, TimeUnit.SECONDS);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.isOnline(UserRequest.newBuilder().setUserId(42).build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static GrpcClusterProperties properties() {
		GrpcClusterProperties properties = Peer.properties();
		properties.setHost(null);
		properties.setBindAddress("127.0.0.1");
		return properties;
	}



}
