package io.rally.gate.internal.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import io.rally.gate.api.dispatch.Candidates;

/**
 * A snapshot of which nodes serve which routes, built from the registry's node list. Lookups
 * are a binary search over a sorted {@code int[]}, so the message path neither locks nor
 * boxes the route. Immutable; a new table replaces the old one on every registry change.
 */
public final class RouteTable {

	private static final RouteTable EMPTY = of(List.of());

	private final int[] routeNumbers;

	private final Route[] routes;

	private final Map<String, InstanceInfo> nodesById;

	private RouteTable(int[] routeNumbers, Route[] routes, Map<String, InstanceInfo> nodesById) {
		this.routeNumbers = routeNumbers;
		this.routes = routes;
		this.nodesById = nodesById;
	}

	public static RouteTable empty() {
		return EMPTY;
	}

	/** Builds the table for the given nodes. */
	public static RouteTable of(List<InstanceInfo> nodes) {
		List<InstanceInfo> sorted = new ArrayList<>(nodes);
		sorted.sort(Comparator.comparing(InstanceInfo::id));
		Map<Integer, RouteInfo> infos = new TreeMap<>();
		Map<Integer, String> groups = new HashMap<>();
		Map<Integer, List<InstanceInfo>> working = new HashMap<>();
		Map<Integer, List<InstanceInfo>> busy = new HashMap<>();
		Map<String, InstanceInfo> byId = new HashMap<>();
		for (InstanceInfo node : sorted) {
			byId.put(node.id(), node);
			for (RouteInfo route : node.routes()) {
				infos.putIfAbsent(route.route(), route);
				groups.putIfAbsent(route.route(), node.group());
				if (node.state() == InstanceState.WORK) {
					working.computeIfAbsent(route.route(), (r) -> new ArrayList<>()).add(node);
				}
				else if (node.state() == InstanceState.BUSY) {
					busy.computeIfAbsent(route.route(), (r) -> new ArrayList<>()).add(node);
				}
			}
		}
		int[] numbers = new int[infos.size()];
		Route[] routes = new Route[infos.size()];
		int i = 0;
		for (Map.Entry<Integer, RouteInfo> entry : infos.entrySet()) {
			int number = entry.getKey();
			numbers[i] = number;
			routes[i] = new Route(entry.getValue(), groups.get(number),
					Candidates.of(working.getOrDefault(number, List.of())),
					Candidates.of(busy.getOrDefault(number, List.of())));
			i++;
		}
		return new RouteTable(numbers, routes, Map.copyOf(byId));
	}

	/** The route with this number, or {@code null} if no node serves it. */
	public Route find(int route) {
		int index = Arrays.binarySearch(this.routeNumbers, route);
		return (index >= 0) ? this.routes[index] : null;
	}

	/** A registered node by id, in any state, or {@code null}. */
	public InstanceInfo node(String nodeId) {
		return this.nodesById.get(nodeId);
	}

	public int size() {
		return this.routes.length;
	}

}
