package io.rally.node.api;

/**
 * Middleware around every handler call on this node, including calls of an
 * {@link UnknownRouteHandler}. Interceptors run in {@link org.springframework.core.annotation.Order
 * @Order} / {@link org.springframework.core.Ordered} order, the lowest first and outermost.
 *
 * <p>An interceptor may short-circuit by returning without calling
 * {@link InterceptorChain#proceed()} (the returned value becomes the reply) or by throwing
 * (a {@link RallyException} becomes an error packet with its code). It runs on the worker of the
 * message and must not block for long.
 */
@FunctionalInterface
public interface RouteInterceptor {

	/**
	 * Handles one message, usually by calling {@code chain.proceed()}.
	 * @return the reply, possibly changed; {@code null} for none
	 */
	Object intercept(RequestContext context, InterceptorChain chain) throws Exception;

}
