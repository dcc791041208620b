package io.rally.cluster.grpc;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.proto.NodeLinkGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code NodeEndpoint.ping()} of a remote node is a unary call answered by the node's own
 * {@code ping()}; the link server's customizers see it like any other call.
 */
class GrpcPingTest {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final PingingNode node = new PingingNode();

	private Peer gateJvm;

	private Peer nodeJvm;

	@BeforeEach
	void start() {
		this.gateJvm = new Peer(Peer.properties());
		this.nodeJvm = new Peer(Peer.properties(), (builder) -> builder.intercept(new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				GrpcPingTest.this.calls.add(call.getMethodDescriptor().getFullMethodName());
				return next.startCall(call, headers);
			}
		}));
		this.nodeJvm.exporter.exportNode("node-1", this.node);
	}

	@AfterEach
	void stop() {
		this.gateJvm.close();
		this.nodeJvm.close();
	}

	@Test
	void pingIsAnsweredWhenTheNodeAnswers() {
		CompletableFuture<Void> ping = this.gateJvm.transport.node(this.nodeJvm.info("node-1", InstanceKind.NODE))
			.ping();

		ping.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(this.node.pings).isEqualTo(1);
		assertThat(this.calls).containsExactly("rally.cluster.NodeLink/Ping");
	}

	@Test
	void pingWaitsForTheNode() {
		CompletableFuture<Void> answer = new CompletableFuture<>();
		this.node.answer = answer;
		CompletableFuture<Void> ping = this.gateJvm.transport.node(this.nodeJvm.info("node-1", InstanceKind.NODE))
			.ping();

		await().until(() -> this.node.pings == 1);
		assertThat(ping).isNotDone();
		answer.complete(null);
		ping.orTimeout(10, TimeUnit.SECONDS).join();
	}

	@Test
	void pingOfAFailingNodeFails() {
		this.node.answer = CompletableFuture.failedFuture(new IllegalStateException("overloaded"));
		CompletableFuture<Void> ping = this.gateJvm.transport.node(this.nodeJvm.info("node-1", InstanceKind.NODE))
			.ping();

		assertThatThrownBy(() -> ping.orTimeout(10, TimeUnit.SECONDS).join())
			.hasRootCauseMessage("UNAVAILABLE: Node did not answer: java.lang.IllegalStateException: overloaded");
	}

	@Test
	void pingOfANodeNotExportedThereFails() {
		CompletableFuture<Void> ping = this.gateJvm.transport.node(this.nodeJvm.info("node-2", InstanceKind.NODE))
			.ping();

		assertThatThrownBy(() -> ping.orTimeout(10, TimeUnit.SECONDS).join())
			.satisfies((ex) -> assertThat(Status.fromThrowable(ex).getCode()).isEqualTo(Status.Code.NOT_FOUND));
	}

	@Test
	void pingOfAServerWithoutThePingCallFails() throws Exception {
		Server withoutPing = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(new NodeLinkGrpc.NodeLinkImplBase() {
			})
			.build()
			.start();
		try {
			CompletableFuture<Void> ping = this.gateJvm.transport
				.node(Peer.info("node-1", InstanceKind.NODE, "127.0.0.1:" + withoutPing.getPort()))
				.ping();

			assertThatThrownBy(() -> ping.orTimeout(10, TimeUnit.SECONDS).join()).satisfies(
					(ex) -> assertThat(Status.fromThrowable(ex).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
		}
		finally {
			withoutPing.shutdownNow();
		}
	}

	/** A node whose ping answers with {@link #answer}. */
	static final class PingingNode implements NodeEndpoint {

		volatile int pings;

		volatile CompletableFuture<Void> answer = CompletableFuture.completedFuture(null);

		@Override
		public void deliver(ClientMessage message) {
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			this.pings++;
			return this.answer;
		}

	}

}
