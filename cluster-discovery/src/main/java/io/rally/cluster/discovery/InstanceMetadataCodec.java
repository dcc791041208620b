package io.rally.cluster.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;

/**
 * Writes an {@link InstanceInfo} as the small string metadata a service registry keeps with an
 * instance, and reads it back. The id and endpoint travel as the registry's own instance id,
 * host and port; everything else is metadata:
 *
 * <pre>
 * rally-kind          NODE
 * rally-group         lobby            (absent when the group is null)
 * rally-state         WORK
 * rally-weight        3
 * rally-route-chunks  2                (absent when there are no routes)
 * rally-routes-0      1,2s,3a,7sai,... (at most {@value #MAX_CHUNK_LENGTH} characters, cut at commas)
 * rally-routes-1      ...
 * rally-service-chunks 1               (absent when there are no services)
 * rally-services-0    rally.mesh.wallet.Wallet,rally.mesh.mail.Mail (cut at commas like routes)
 * rally-relay         10.0.0.7:7000    (absent when the instance takes no relayed connections)
 * </pre>
 *
 * A route is its number followed by its flags in the order {@code s} (stateful), {@code a}
 * (authorized), {@code i} (internal). Services are the full gRPC service names a mesh
 * provides; route and service chunks together stay within {@value #MAX_CHUNKS} keys. Keys and values stay within Consul's limits (keys of
 * letters, digits and dashes up to 128 characters, values up to 512 characters, 64 pairs).
 */
public final class InstanceMetadataCodec {

	/** The longest value of one routes key; Consul rejects values over 512 characters. */
	public static final int MAX_CHUNK_LENGTH = 400;

	/** Consul allows 64 metadata pairs; seven are ours besides the route and service chunks, the rest is headroom. */
	public static final int MAX_CHUNKS = 50;

	static final String KIND = "rally-kind";

	static final String GROUP = "rally-group";

	static final String STATE = "rally-state";

	static final String WEIGHT = "rally-weight";

	static final String ROUTE_CHUNKS = "rally-route-chunks";

	static final String ROUTES_PREFIX = "rally-routes-";

	static final String SERVICE_CHUNKS = "rally-service-chunks";

	static final String SERVICES_PREFIX = "rally-services-";

	static final String RELAY = "rally-relay";

	private InstanceMetadataCodec() {
	}

	/** The metadata of {@code instance}: everything but its id and endpoint. */
	public static Map<String, String> encode(InstanceInfo instance) {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put(KIND, instance.kind().name());
		if (instance.group() != null) {
			metadata.put(GROUP, instance.group());
		}
		metadata.put(STATE, instance.state().name());
		metadata.put(WEIGHT, Integer.toString(instance.weight()));
		List<String> routeChunks = chunk(encodeRoutes(instance.routes()));
		List<String> serviceChunks = chunk(encodeServices(instance.services()));
		int chunks = routeChunks.size() + serviceChunks.size();
		if (chunks > MAX_CHUNKS) {
			throw new IllegalArgumentException("routes and services of " + instance.id() + ": "
					+ instance.routes().size() + " and " + instance.services().size() + " need " + chunks
					+ " metadata keys (expected: <= " + MAX_CHUNKS + ")");
		}
		putChunks(metadata, ROUTE_CHUNKS, ROUTES_PREFIX, routeChunks);
		putChunks(metadata, SERVICE_CHUNKS, SERVICES_PREFIX, serviceChunks);
		if (instance.relayEndpoint() != null) {
			metadata.put(RELAY, instance.relayEndpoint());
		}
		return metadata;
	}

	private static void putChunks(Map<String, String> metadata, String countKey, String prefix, List<String> chunks) {
		if (!chunks.isEmpty()) {
			metadata.put(countKey, Integer.toString(chunks.size()));
			for (int i = 0; i < chunks.size(); i++) {
				metadata.put(prefix + i, chunks.get(i));
			}
		}
	}

	/**
	 * Reads an instance back from what a registry returned.
	 * @throws IllegalArgumentException if the metadata is not Rally's or is damaged
	 */
	public static InstanceInfo decode(String instanceId, String host, int port, Map<String, String> metadata) {
		InstanceKind kind = InstanceKind.valueOf(required(metadata, KIND));
		InstanceState state = InstanceState.valueOf(required(metadata, STATE));
		int weight = Integer.parseInt(required(metadata, WEIGHT));
		List<RouteInfo> routes = decodeRoutes(joinChunks(metadata, ROUTE_CHUNKS, ROUTES_PREFIX));
		List<String> services = decodeServices(joinChunks(metadata, SERVICE_CHUNKS, SERVICES_PREFIX));
		return new InstanceInfo(instanceId, kind, metadata.get(GROUP), state, weight, Endpoint.format(host, port),
				routes, services, metadata.get(RELAY));
	}

	private static String joinChunks(Map<String, String> metadata, String countKey, String prefix) {
		String chunkCount = metadata.get(countKey);
		if (chunkCount == null) {
			return "";
		}
		int count = Integer.parseInt(chunkCount);
		if (count < 0 || count > MAX_CHUNKS) {
			throw new IllegalArgumentException(countKey + ": " + count);
		}
		StringBuilder joined = new StringBuilder();
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				joined.append(',');
			}
			joined.append(required(metadata, prefix + i));
		}
		return joined.toString();
	}

	/**
	 * Service names as {@code a.B,c.D}; empty for none.
	 * @throws IllegalArgumentException for an empty name or one that holds a comma or whitespace
	 */
	public static String encodeServices(List<String> services) {
		for (String service : services) {
			checkServiceName(service);
		}
		return String.join(",", services);
	}

	/**
	 * Reads what {@link #encodeServices(List)} wrote.
	 * @throws IllegalArgumentException on anything else
	 */
	public static List<String> decodeServices(String encoded) {
		if (encoded.isEmpty()) {
			return List.of();
		}
		List<String> services = List.of(encoded.split(",", -1));
		services.forEach(InstanceMetadataCodec::checkServiceName);
		return services;
	}

	private static void checkServiceName(String service) {
		if (service.isEmpty() || service.length() > MAX_CHUNK_LENGTH) {
			throw new IllegalArgumentException("service name: '" + service + "' (expected: 1 to " + MAX_CHUNK_LENGTH
					+ " characters)");
		}
		for (int i = 0; i < service.length(); i++) {
			char c = service.charAt(i);
			if (c == ',' || Character.isWhitespace(c) || Character.isISOControl(c)) {
				throw new IllegalArgumentException("service name: '" + service + "' (expected: no commas or spaces)");
			}
		}
	}

	/** Routes as {@code 1,2s,3a,7sai}; empty for no routes. */
	public static String encodeRoutes(List<RouteInfo> routes) {
		StringBuilder out = new StringBuilder(routes.size() * 4);
		for (RouteInfo route : routes) {
			if (!out.isEmpty()) {
				out.append(',');
			}
			out.append(route.route());
			if (route.stateful()) {
				out.append('s');
			}
			if (route.authorized()) {
				out.append('a');
			}
			if (route.internal()) {
				out.append('i');
			}
		}
		return out.toString();
	}

	/**
	 * Reads what {@link #encodeRoutes(List)} wrote.
	 * @throws IllegalArgumentException on anything else
	 */
	public static List<RouteInfo> decodeRoutes(String encoded) {
		if (encoded.isEmpty()) {
			return List.of();
		}
		List<RouteInfo> routes = new ArrayList<>();
		for (String item : encoded.split(",", -1)) {
			routes.add(decodeRoute(item));
		}
		return routes;
	}

	private static RouteInfo decodeRoute(String item) {
		int flagsStart = item.length();
		while (flagsStart > 0 && Character.isLetter(item.charAt(flagsStart - 1))) {
			flagsStart--;
		}
		String flags = item.substring(flagsStart);
		if (!isOrderedSubset(flags)) {
			throw new IllegalArgumentException("route flags: '" + item + "' (expected: number then s, a, i in order)");
		}
		int route;
		try {
			route = Integer.parseInt(item.substring(0, flagsStart));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("route number: '" + item + "'", ex);
		}
		return new RouteInfo(route, flags.indexOf('s') >= 0, flags.indexOf('a') >= 0, flags.indexOf('i') >= 0);
	}

	// Canonical order only, so that one route set has exactly one encoding.
	private static boolean isOrderedSubset(String flags) {
		int next = 0;
		for (int i = 0; i < flags.length(); i++) {
			int at = "sai".indexOf(flags.charAt(i), next);
			if (at < 0) {
				return false;
			}
			next = at + 1;
		}
		return true;
	}

	// Cut only at commas so that every chunk holds whole routes or service names.
	static List<String> chunk(String items) {
		List<String> chunks = new ArrayList<>();
		int start = 0;
		while (start < items.length()) {
			int end = Math.min(start + MAX_CHUNK_LENGTH, items.length());
			if (end < items.length()) {
				int comma = items.lastIndexOf(',', end);
				if (comma <= start) {
					throw new IllegalArgumentException("item longer than " + MAX_CHUNK_LENGTH + " characters");
				}
				end = comma;
			}
			chunks.add(items.substring(start, end));
			start = end + 1;
		}
		return chunks;
	}

	private static String required(Map<String, String> metadata, String key) {
		String value = metadata.get(key);
		if (value == null) {
			throw new IllegalArgumentException("metadata key missing: " + key);
		}
		return value;
	}

}
