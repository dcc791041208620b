package io.rally.cluster.grpc.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.grpc.mesh.testwallet.BalanceReply;
import io.rally.cluster.grpc.mesh.testwallet.BalanceRequest;
import io.rally.cluster.grpc.mesh.testwallet.ChangeReply;
import io.rally.cluster.grpc.mesh.testwallet.ChangeRequest;
import io.rally.cluster.grpc.mesh.testwallet.WalletGrpc;

import java.util.List;

/**
 * A wallet on a real gRPC server on a free loopback port that tells who answered: Balance
 * answers the server's mark, Credit the milliseconds left of the call's deadline (-1 for
 * none), and Debit never answers.
 */
final class TestWallet extends WalletGrpc.WalletImplBase implements AutoCloseable {

	private final long mark;

	private final Server server;

	TestWallet(long mark) {
		this(mark, null);
	}

	/** A wallet whose server uses {@code credentials}, or plaintext when {@code null}. */
	TestWallet(long mark, ServerCredentials credentials) {
		this.mark = mark;
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
		this.server = ((credentials != null) ? NettyServerBuilder.forAddress(address, credentials)
				: NettyServerBuilder.forAddress(address)).addService(this).build();
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String endpoint() {
		return "127.0.0.1:" + this.server.getPort();
	}

	InstanceInfo instance(String id, InstanceState state, String... services) {
		return new InstanceInfo(id, InstanceKind.MESH, null, state, 1, endpoint(), List.of(), List.of(services));
	}

	@Override
	public void balance(BalanceRequest request, StreamObserver<BalanceReply> responseObserver) {
		responseObserver.onNext(BalanceReply.newBuilder().setBalance(this.mark).build());
		responseObserver.onCompleted();
	}

	@Override
	public void credit(ChangeRequest request, StreamObserver<ChangeReply> responseObserver) {
		Deadline deadline = Context.current().getDeadline();
		long left = (deadline != null) ? deadline.timeRemaining(TimeUnit.MILLISECONDS) : -1;
		responseObserver.onNext(ChangeReply.newBuilder().setBalance(left).build());
		responseObserver.onCompleted();
	}

	@Override
	public void debit(ChangeRequest request, StreamObserver<ChangeReply> responseObserver) {
		// never answers: the caller's deadline must end the call
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
