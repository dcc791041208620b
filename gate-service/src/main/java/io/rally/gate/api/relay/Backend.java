package io.rally.gate.api.relay;

/**
 * A backend of the transparent gateway: where the gate dials, and which registered instance
 * that is, if it came from discovery.
 *
 * @param host the host name or IP literal (without brackets for IPv6)
 * @param port the TCP port, 1 to 65535
 * @param instanceId the instance id found in discovery, or {@code null} for an allow-listed
 * address
 */
public record Backend(String host, int port, String instanceId) {

	public Backend {
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException("host: empty (expected: a host name or IP literal)");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
		}
	}

	/**
	 * Parses {@code host:port}, with IPv6 literals in brackets ({@code [::1]:7000}).
	 * @throws IllegalArgumentException if {@code address} is not of that form
	 */
	public static Backend parse(String address) {
		int colon = address.lastIndexOf(':');
		if (colon <= 0 || colon == address.length() - 1) {
			throw new IllegalArgumentException("address: '" + address + "' (expected: host:port)");
		}
		String host = address.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.indexOf(':') >= 0) {
			throw new IllegalArgumentException("address: '" + address + "' (expected: IPv6 hosts in brackets)");
		}
		int port;
		try {
			port = Integer.parseInt(address.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("address: '" + address + "' (expected: a numeric port)");
		}
		return new Backend(host, port, null);
	}

	/** The same address, known as the registered instance {@code id}. */
	public Backend withInstanceId(String id) {
		return new Backend(this.host, this.port, id);
	}

	/** {@code host:port}, the form {@link #parse} reads. */
	public String address() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	@Override
	public String toString() {
		return (this.instanceId != null) ? this.instanceId + "@" + address() : address();
	}

}
