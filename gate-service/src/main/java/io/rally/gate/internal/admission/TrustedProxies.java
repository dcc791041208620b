package io.rally.gate.internal.admission;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * The PROXY protocol setting: whether it is on, and the addresses (IP literals or CIDR
 * networks, never names) of the load balancers whose PROXY headers name the real client.
 * Immutable.
 */
public final class TrustedProxies {

	/** PROXY protocol off: no header is read, every peer is the client. */
	public static final TrustedProxies OFF = new TrustedProxies(false, List.of(), Duration.ofSeconds(5));

	private final boolean enabled;

	private final List<Network> networks;

	private final Duration headerTimeout;

	private TrustedProxies(boolean enabled, List<Network> networks, Duration headerTimeout) {
		this.enabled = enabled;
		this.networks = List.copyOf(networks);
		this.headerTimeout = headerTimeout;
	}

	/**
	 * PROXY protocol on, from the proxies {@code entries} name.
	 * @param entries IP addresses ({@code 10.0.0.5}, {@code ::1}) and networks ({@code 10.0.0.0/8},
	 * {@code [fd00::]/8})
	 * @param headerTimeout how long a trusted proxy has to send its header
	 * @throws IllegalArgumentException if there is no entry, an entry is not of those forms, or
	 * the timeout is not positive
	 */
	public static TrustedProxies of(List<String> entries, Duration headerTimeout) {
		if (entries.isEmpty()) {
			throw new IllegalArgumentException("trusted proxies: none (expected: the addresses or networks of the"
					+ " load balancers that send PROXY headers)");
		}
		if (headerTimeout.isNegative() || headerTimeout.isZero()) {
			throw new IllegalArgumentException("header timeout: " + headerTimeout + " (expected: > 0)");
		}
		List<Network> networks = new ArrayList<>(entries.size());
		for (String entry : entries) {
			networks.add(Network.parse(entry.trim()));
		}
		return new TrustedProxies(true, networks, headerTimeout);
	}

	public boolean enabled() {
		return this.enabled;
	}

	public Duration headerTimeout() {
		return this.headerTimeout;
	}

	/** Whether {@code peer} is one of the trusted proxies. */
	public boolean trusts(SocketAddress peer) {
		if (!this.enabled || !(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
			return false;
		}
		byte[] ip = ClientAddress.unmapped(inet.getAddress()).getAddress();
		for (Network network : this.networks) {
			if (network.contains(ip)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.enabled ? "TrustedProxies" + this.networks : "TrustedProxies[off]";
	}

	private record Network(String text, byte[] address, int prefixBits) {

		static Network parse(String text) {
			String bare = text.replace("[", "").replace("]", "");
			int slash = bare.indexOf('/');
			String host = (slash >= 0) ? bare.substring(0, slash) : bare;
			byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
			if (address == null) {
				throw invalid(text, "an IP address or network; names are not resolved");
			}
			try {
				address = ClientAddress.unmapped(InetAddress.getByAddress(address)).getAddress();
			}
			catch (UnknownHostException ex) {
				throw invalid(text, "an IP address or network");
			}
			int bits = address.length * 8;
			if (slash >= 0) {
				try {
					bits = Integer.parseInt(bare.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					throw invalid(text, "a prefix length after the /");
				}
				if (bits < 1 || bits > address.length * 8) {
					throw invalid(text, "a prefix length from 1 to " + (address.length * 8)
							+ "; /0 would trust every address to name its own");
				}
			}
			return new Network(text, address, bits);
		}

		private static IllegalArgumentException invalid(String text, String expected) {
			return new IllegalArgumentException("trusted proxy: '" + text + "' (expected: " + expected + ")");
		}

		boolean contains(byte[] ip) {
			if (ip.length != this.address.length) {
				return false;
			}
			int full = this.prefixBits / 8;
			for (int i = 0; i < full; i++) {
				if (ip[i] != this.address[i]) {
					return false;
				}
			}
			int rest = this.prefixBits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (ip[full] & mask) == (this.address[full] & mask);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
