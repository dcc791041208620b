package io.rally.node.api;

/**
 * Handles messages for routes that no {@link Route @Route} method on this node serves. Without
 * a bean of this type such a message gets an error 404. Replies go through
 * {@link RequestContext#reply(Object)}.
 */
@FunctionalInterface
public interface UnknownRouteHandler {

	void handle(RequestContext context) throws Exception;

}
