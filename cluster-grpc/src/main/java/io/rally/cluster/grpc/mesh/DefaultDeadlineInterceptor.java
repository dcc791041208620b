package io.rally.cluster.grpc.mesh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives every call without a deadline the default one, so that a mesh that hangs cannot hold
 * a caller's thread or memory for ever. A deadline of the caller's own, or of the current
 * {@link io.grpc.Context}, is left alone (gRPC applies the earlier of the call's and the
 * context's).
 */
final class DefaultDeadlineInterceptor implements ClientInterceptor {

	private final long deadlineNanos;

	DefaultDeadlineInterceptor(Duration deadline) {
		if (deadline == null || deadline.isNegative() || deadline.isZero()) {
			throw new IllegalArgumentException("deadline: " + deadline + " (expected: > 0)");
		}
		this.deadlineNanos = deadline.toNanos();
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next) {
		CallOptions options = (callOptions.getDeadline() != null) ? callOptions
				: callOptions.withDeadlineAfter(this.deadlineNanos, TimeUnit.NANOSECONDS);
		return next.newCall(method, options);
	}

}
