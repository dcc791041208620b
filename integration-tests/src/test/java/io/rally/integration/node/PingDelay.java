package io.rally.integration.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.rally.cluster.grpc.GrpcLinkServerCustomizer;
import io.rally.cluster.proto.NodeLinkGrpc;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes this node look far away to the gates: once {@link #set set}, the answers to the gates'
 * latency pings leave the node's link server that much later. Messages are not delayed, so
 * the node still answers requests at once; only its measured latency changes.
 */
@Component
public class PingDelay implements GrpcLinkServerCustomizer, DisposableBean {

	private static final String PING = NodeLinkGrpc.getPingMethod().getFullMethodName();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "test-ping-delay");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Duration delay = Duration.ZERO;

	/** Delays every ping answer from now on by {@code delay}; zero for none. */
	public void set(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void customize(ServerBuilder<?> builder) {
		builder.intercept(new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				Duration current = PingDelay.this.delay;
				if (current.isZero() || !call.getMethodDescriptor().getFullMethodName().equals(PING)) {
					return next.startCall(call, headers);
				}
				return next.startCall(new DelayedCall<>(call, current.toNanos()), headers);
			}
		});
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

	/** Sends everything of the answer later, in order, from the one timer thread. */
	private final class DelayedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

		private final long delayNanos;

		DelayedCall(ServerCall<Q, R> call, long delayNanos) {
			super(call);
			this.delayNanos = delayNanos;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			later(() -> super.sendHeaders(headers));
		}

		@Override
		public void sendMessage(R message) {
			later(() -> super.sendMessage(message));
		}

		@Override
		public void close(Status status, Metadata trailers) {
			later(() -> super.close(status, trailers));
		}

		private void later(Runnable action) {
			PingDelay.this.timer.schedule(action, this.delayNanos, TimeUnit.NANOSECONDS);
		}

	}

}
