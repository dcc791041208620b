package io.rally.examples;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

/** Counts the calls one mesh's server received, to see how callers spread them. */
final class CallCounter implements ServerInterceptor {

	final AtomicInteger calls = new AtomicInteger();

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		this.calls.incrementAndGet();
		return next.startCall(call, headers);
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		@GlobalServerInterceptor
		CallCounter callCounter() {
			return new CallCounter();
		}

	}

}
