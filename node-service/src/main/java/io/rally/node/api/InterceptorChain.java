package io.rally.node.api;

/**
 * The rest of an interceptor chain: the interceptors after the current one, then the handler.
 * Call {@link #proceed()} at most once, on the thread that called the interceptor.
 */
@FunctionalInterface
public interface InterceptorChain {

	/**
	 * Runs the rest of the chain.
	 * @return the handler's result: the reply, {@code null} for none, or a
	 * {@link java.util.concurrent.CompletionStage} of either
	 */
	Object proceed() throws Exception;

}
