package io.rally.cluster.discovery;

/**
 * An instance's {@code host:port}, as {@link io.rally.cluster.InstanceInfo#endpoint()} holds it
 * and as a service registry wants it: apart.
 *
 * @param host a host name or IP address, IPv6 without brackets
 * @param port the TCP port
 */
public record Endpoint(String host, int port) {

	public Endpoint {
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException("host: '" + host + "' (expected: not empty)");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
		}
	}

	/**
	 * Parses {@code host:port}, {@code [ipv6]:port} or a bare {@code ipv6:port}.
	 * @throws IllegalArgumentException for {@code local} and anything else without a port
	 */
	public static Endpoint parse(String endpoint) {
		int colon = (endpoint != null) ? endpoint.lastIndexOf(':') : -1;
		if (colon <= 0 || colon == endpoint.length() - 1) {
			throw new IllegalArgumentException("endpoint: '" + endpoint + "' (expected: host:port)");
		}
		String host = endpoint.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		try {
			return new Endpoint(host, Integer.parseInt(endpoint.substring(colon + 1)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("endpoint: '" + endpoint + "' (expected: host:port)", ex);
		}
	}

	/** {@code host:port}, with brackets around an IPv6 address. */
	public static String format(String host, int port) {
		return ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + port;
	}

	@Override
	public String toString() {
		return format(this.host, this.port);
	}

}
