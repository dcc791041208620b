package io.rally.node.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a {@link RallyController} the handler of one route. A route is served by at
 * most one method per node; a second method for the same route fails startup.
 *
 * <p>Parameters are resolved by type: {@link RequestContext}, {@code byte[]} (the raw payload),
 * {@link SessionInfo}, and at most one other parameter, which receives the payload decoded by
 * the {@link PayloadCodec}. The return value, if not {@code null}, is encoded and sent back on
 * the same route and seq; a {@link java.util.concurrent.CompletionStage} is sent when it
 * completes. One-way requests (seq 0) never get a reply.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Route {

	/** The route number. */
	int value();

	/** Whether gates send this route to the node the user is bound to rather than to any node. */
	boolean stateful() default false;

	/** Whether only a connection with a bound user may send this route. */
	boolean authorized() default false;

	/** Whether this route is never accepted from a client, only from other instances. */
	boolean internal() default false;

}
