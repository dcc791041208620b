package io.rally.node.internal.handler;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rally.cluster.RouteInfo;

/**
 * The handlers of this node by route, fixed once built. Thread-safe.
 */
public final class RouteTable {

	private final Map<Integer, HandlerMethod> handlers;

	private final List<RouteInfo> routes;

	RouteTable(Map<Integer, HandlerMethod> handlers) {
		this.handlers = new HashMap<>(handlers);
		this.routes = handlers.values()
			.stream()
			.map(HandlerMethod::route)
			.sorted(Comparator.comparingInt(RouteInfo::route))
			.toList();
	}

	/** The handler of {@code route}, or {@code null}. */
	public HandlerMethod find(int route) {
		return this.handlers.get(route);
	}

	/** Every handler. */
	public Iterable<HandlerMethod> handlers() {
		return this.handlers.values();
	}

	/** The served routes, in route order, as registered for gates. */
	public List<RouteInfo> routes() {
		return this.routes;
	}

}
