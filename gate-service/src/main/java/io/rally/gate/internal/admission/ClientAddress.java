package io.rally.gate.internal.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The address of the client at the other end of a connection: the one a trusted proxy named in
 * its PROXY header, or else the socket's peer. Per-address limits, sessions and logs use it.
 */
public final class ClientAddress {

	private static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf(ClientAddress.class,
			"proxied");

	private ClientAddress() {
	}

	/** The client's address: the proxied one if a trusted proxy named it, else the socket's peer. */
	public static SocketAddress of(Channel channel) {
		InetSocketAddress proxied = channel.hasAttr(PROXIED) ? channel.attr(PROXIED).get() : null;
		return (proxied != null) ? proxied : channel.remoteAddress();
	}

	/** The client's IP address, IPv4-mapped IPv6 addresses as IPv4; {@code null} if it has none. */
	public static InetAddress ipOf(Channel channel) {
		return (of(channel) instanceof InetSocketAddress inet) ? unmapped(inet.getAddress()) : null;
	}

	/** Records the client address a trusted proxy named for {@code channel}. */
	static void setProxied(Channel channel, InetSocketAddress client) {
		channel.attr(PROXIED).set(client);
	}

	/** {@code address}, or the IPv4 address inside it if it is an IPv4-mapped IPv6 address. */
	static InetAddress unmapped(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			for (int i = 0; i < 10; i++) {
				if (bytes[i] != 0) {
					return address;
				}
			}
			if (bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
				try {
					return InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
				}
				catch (UnknownHostException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return address;
	}

}
