package io.rally.gate.internal.relay;

import io.rally.gate.api.relay.Backend;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The backends a transparent gate may dial without discovery. Each entry is
 * {@code host:port}, where the host is a name (compared literally, ignoring case, never
 * resolved), an IP literal, or an IP network in CIDR notation ({@code 10.1.0.0/16},
 * {@code [fd00::]/8}), and the port is a number or {@code *} for any. A network matches only
 * backends named by an IP literal: checking a name against a network would need a DNS answer
 * that could differ from the one the dial gets. Empty allows nothing. Immutable.
 */
public final class BackendAllowList {

	/** Dotted decimal, each octet 0 to 255 without leading zeros (which some parsers read as octal). */
	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/**
	 * What an IPv6 literal is made of (an embedded IPv4 part included, a zone id not), starting
	 * the way the JDK needs to parse a string as a literal rather than look it up.
	 */
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

	private final List<Entry> entries;

	private BackendAllowList(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	/**
	 * Parses the entries.
	 * @throws IllegalArgumentException naming the first entry that is not of the forms above
	 */
	public static BackendAllowList of(List<String> entries) {
		List<Entry> parsed = new ArrayList<>(entries.size());
		for (String entry : entries) {
			parsed.add(Entry.parse(entry.trim()));
		}
		return new BackendAllowList(parsed);
	}

	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/** Whether some entry admits {@code backend}. */
	public boolean allows(Backend backend) {
		if (this.entries.isEmpty()) {
			return false;
		}
		byte[] ip = ipLiteral(backend.host());
		for (Entry entry : this.entries) {
			if (entry.matches(backend, ip)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The address bytes of an IP literal; {@code null} for anything else, which is never looked
	 * up: a client names the host, and a lookup would block the event loop, query DNS on the
	 * client's behalf and let a DNS answer decide what the allow-list admits.
	 */
	static byte[] ipLiteral(String host) {
		if (IPV4.matcher(host).matches()) {
			byte[] address = new byte[4];
			int octet = 0;
			for (String part : host.split("\\.")) {
				address[octet++] = (byte) Integer.parseInt(part);
			}
			return address;
		}
		if (host.indexOf(':') < 0 || !IPV6.matcher(host).matches()) {
			return null;
		}
		try {
			// Starts with a hex digit or ':' and holds a ':': the JDK parses it as an IPv6 literal
			// or fails, and never resolves it.
			return InetAddress.getByName(host).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return this.entries.toString();
	}

	private record Entry(String text, String host, byte[] network, int prefixBits, int port) {

		private static final int ANY_PORT = -1;

		static Entry parse(String text) {
			int colon = text.lastIndexOf(':');
			if (colon <= 0 || colon == text.length() - 1) {
				throw invalid(text, "host:port or host:*");
			}
			String hostPart = text.substring(0, colon);
			String portPart = text.substring(colon + 1);
			int port = ANY_PORT;
			if (!portPart.equals("*")) {
				try {
					port = Integer.parseInt(portPart);
				}
				catch (NumberFormatException ex) {
					throw invalid(text, "a port number or *");
				}
				if (port < 1 || port > 65535) {
					throw invalid(text, "a port from 1 to 65535");
				}
			}
			String bare = hostPart.replace("[", "").replace("]", "");
			int slash = bare.indexOf('/');
			String host = (slash >= 0) ? bare.substring(0, slash) : bare;
			if (host.isEmpty() || host.contains("*")) {
				throw invalid(text, "a host name, IP literal or network; wildcard hosts would make an open proxy");
			}
			if (slash < 0) {
				return new Entry(text, host.toLowerCase(Locale.ROOT), null, 0, port);
			}
			byte[] network = ipLiteral(host);
			if (network == null) {
				throw invalid(text, "an IP network before the /");
			}
			int bits;
			try {
				bits = Integer.parseInt(bare.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw invalid(text, "a prefix length after the /");
			}
			if (bits < 1 || bits > network.length * 8) {
				throw invalid(text, "a prefix length from 1 to " + (network.length * 8)
						+ "; /0 would make an open proxy");
			}
			return new Entry(text, null, network, bits, port);
		}

		private static IllegalArgumentException invalid(String text, String expected) {
			return new IllegalArgumentException("allowed backend: '" + text + "' (expected: " + expected + ")");
		}

		boolean matches(Backend backend, byte[] ip) {
			if (this.port != ANY_PORT && this.port != backend.port()) {
				return false;
			}
			if (this.network == null) {
				if (ip != null) {
					byte[] own = ipLiteral(this.host);
					return own != null && Arrays.equals(own, ip);
				}
				return this.host.equals(backend.host().toLowerCase(Locale.ROOT));
			}
			if (ip == null || ip.length != this.network.length) {
				return false;
			}
			int full = this.prefixBits / 8;
			for (int i = 0; i < full; i++) {
				if (ip[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefixBits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (ip[full] & mask) == (this.network[full] & mask);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
