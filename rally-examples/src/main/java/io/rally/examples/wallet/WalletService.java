package io.rally.examples.wallet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rally.examples.wallet.proto.BalanceReply;
import io.rally.examples.wallet.proto.BalanceRequest;
import io.rally.examples.wallet.proto.ChangeReply;
import io.rally.examples.wallet.proto.ChangeRequest;
import io.rally.examples.wallet.proto.TransferReply;
import io.rally.examples.wallet.proto.TransferRequest;
import io.rally.examples.wallet.proto.WalletGrpc;

/**
 * The {@code rally.mesh.wallet.Wallet} gRPC service on a {@link WalletStore}. Calls do not
 * block: each answers when the store's future completes. Errors map to gRPC status codes as
 * {@code wallet.proto} describes.
 */
public final class WalletService extends WalletGrpc.WalletImplBase {

	private final WalletStore store;

	public WalletService(WalletStore store) {
		this.store = store;
	}

	@Override
	public void balance(BalanceRequest request, StreamObserver<BalanceReply> responseObserver) {
		answer(responseObserver, () -> this.store.balance(request.getUserId(), request.getCurrency()),
				(balance) -> BalanceReply.newBuilder().setBalance(balance).build());
	}

	@Override
	public void credit(ChangeRequest request, StreamObserver<ChangeReply> responseObserver) {
		answer(responseObserver, () -> this.store.credit(request.getUserId(), request.getCurrency(),
				request.getAmount(), request.getIdempotencyKey()), WalletService::changeReply);
	}

	@Override
	public void debit(ChangeRequest request, StreamObserver<ChangeReply> responseObserver) {
		answer(responseObserver, () -> this.store.debit(request.getUserId(), request.getCurrency(),
				request.getAmount(), request.getIdempotencyKey()), WalletService::changeReply);
	}

	@Override
	public void transfer(TransferRequest request, StreamObserver<TransferReply> responseObserver) {
		answer(responseObserver,
				() -> this.store.transfer(request.getFromUserId(), request.getToUserId(), request.getCurrency(),
						request.getAmount(), request.getIdempotencyKey()),
				(transfer) -> TransferReply.newBuilder()
					.setFromBalance(transfer.fromBalance())
					.setToBalance(transfer.toBalance())
					.setReplayed(transfer.replayed())
					.build());
	}

	private static ChangeReply changeReply(WalletStore.Change change) {
		return ChangeReply.newBuilder().setBalance(change.balance()).setReplayed(change.replayed()).build();
	}

	private static <T, R> void answer(StreamObserver<R> observer, Supplier<CompletableFuture<T>> call,
			Function<T, R> reply) {
		CompletableFuture<T> future;
		try {
			future = call.get();
		}
		catch (RuntimeException ex) {
			observer.onError(status(ex).asRuntimeException());
			return;
		}
		future.whenComplete((result, failure) -> {
			if (failure != null) {
				observer.onError(status(failure).asRuntimeException());
				return;
			}
			observer.onNext(reply.apply(result));
			observer.onCompleted();
		});
	}

	static Status status(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof IllegalArgumentException) {
			return Status.INVALID_ARGUMENT.withDescription(cause.getMessage());
		}
		if (cause instanceof WalletException wallet) {
			Status status = switch (wallet.getReason()) {
				case INSUFFICIENT_FUNDS -> Status.FAILED_PRECONDITION;
				case KEY_CONFLICT -> Status.ALREADY_EXISTS;
				case OVERFLOW -> Status.OUT_OF_RANGE;
				case UNAVAILABLE -> Status.UNAVAILABLE;
			};
			return status.withDescription(wallet.getMessage());
		}
		return Status.INTERNAL.withDescription("Wallet failed: " + cause).withCause(cause);
	}

}
