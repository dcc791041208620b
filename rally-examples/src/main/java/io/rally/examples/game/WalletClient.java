package io.rally.examples.game;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.examples.wallet.proto.BalanceReply;
import io.rally.examples.wallet.proto.BalanceRequest;
import io.rally.examples.wallet.proto.ChangeReply;
import io.rally.examples.wallet.proto.ChangeRequest;
import io.rally.examples.wallet.proto.WalletGrpc;

/**
 * The game's side of the wallet mesh service, reached through {@link MeshChannels} on
 * whichever mesh instances provide it. Calls never block the worker that makes them: each
 * returns a future completed by gRPC. Thread-safe.
 */
public final class WalletClient {

	private final MeshChannels channels;

	private final String currency;

	public WalletClient(MeshChannels channels, String currency) {
		this.channels = channels;
		this.currency = currency;
	}

	public String currency() {
		return this.currency;
	}

	/** {@code userId}'s balance. */
	public CompletableFuture<Long> balance(long userId) {
		Call<BalanceReply> call = new Call<>();
		wallet().balance(BalanceRequest.newBuilder().setUserId(userId).setCurrency(this.currency).build(), call);
		return call.future.thenApply(BalanceReply::getBalance);
	}

	/**
	 * Pays {@code amount} to {@code userId} once per {@code idempotencyKey}: a call that fails is
	 * tried again with the same key, up to {@code attempts} times, {@code backoff} apart, since
	 * a failed call may have been applied before its answer was lost.
	 * @return the balance after the payment
	 */
	public CompletableFuture<Long> credit(long userId, long amount, String idempotencyKey, int attempts,
			Duration backoff) {
		ChangeRequest request = ChangeRequest.newBuilder()
			.setUserId(userId)
			.setCurrency(this.currency)
			.setAmount(amount)
			.setIdempotencyKey(idempotencyKey)
			.build();
		Call<ChangeReply> call = new Call<>();
		wallet().credit(request, call);
		CompletableFuture<Long> balance = call.future.thenApply(ChangeReply::getBalance);
		if (attempts <= 1) {
			return balance;
		}
		Executor later = CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS);
		return balance.exceptionallyComposeAsync(
				(failure) -> credit(userId, amount, idempotencyKey, attempts - 1, backoff), later);
	}

	private WalletGrpc.WalletStub wallet() {
		return WalletGrpc.newStub(this.channels.channel(WalletGrpc.SERVICE_NAME));
	}

	/** One unary call's answer as a future. */
	private static final class Call<T> implements StreamObserver<T> {

		final CompletableFuture<T> future = new CompletableFuture<>();

		@Override
		public void onNext(T value) {
			this.future.complete(value);
		}

		@Override
		public void onError(Throwable failure) {
			this.future.completeExceptionally(failure);
		}

		@Override
		public void onCompleted() {
		}

	}

}
