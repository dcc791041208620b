package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Probes that keep no state, for new conversations that find no room among the pending ones
 * ({@link KcpHandshakes}): as with a TCP SYN cookie, the probe's sequence number and timestamp
 * are a MAC of the peer's address, port and conversation id and of the time slot, under a key
 * made at start, so an acknowledgement that echoes them proves the address without the gate
 * having held anything. Without them a flood of forged first segments that fills the pool
 * would shut out every new client.
 *
 * <p>Nothing of the first segment is kept, so the probe acknowledges nothing and the peer
 * resends its first segments once the conversation is open: a retransmission timeout later
 * than with a pending handshake. Each probe answers one datagram at least as large and is never
 * resent by the gate. A slot lasts one handshake timeout; a probe is good in its slot and the
 * next. Event loop only (one {@link Mac}).
 */
final class KcpCookies {

	private static final String ALGORITHM = "HmacSHA256";

	private final Mac mac;

	private final long slotMillis;

	private final int window;

	/** Address (up to 16 bytes), port, conversation id, slot. */
	private final ByteBuffer input = ByteBuffer.allocate(16 + 4 + 4 + 8);

	KcpCookies(KcpOptions options) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try {
			this.mac = Mac.getInstance(ALGORITHM);
			this.mac.init(new SecretKeySpec(key, ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", ex);
		}
		this.slotMillis = options.handshakeTimeout().toMillis();
		this.window = options.settings().receiveWindow();
	}

	/** The probe for the first segment of {@code sender}'s conversation {@code conv}. */
	ByteBuf probe(ByteBufAllocator allocator, InetSocketAddress sender, int conv, long now) {
		long bits = cookie(sender, conv, Math.floorDiv(now, this.slotMillis));
		// The conversation's KCP clock will start from zero once it opens.
		return KcpHandshake.probe(allocator, conv, this.window, KcpHandshake.probeTs(0, bits),
				KcpHandshake.probeSn(bits), 0);
	}

	/** Whether a well-formed datagram acknowledges a probe of this slot or the last for the conversation. */
	boolean isAcknowledgedBy(ByteBuf datagram, InetSocketAddress sender, int conv, long now) {
		if (!KcpSegments.hasAck(datagram)) {
			// No MAC for what cannot be an answer.
			return false;
		}
		long slot = Math.floorDiv(now, this.slotMillis);
		return acknowledges(datagram, cookie(sender, conv, slot))
				|| acknowledges(datagram, cookie(sender, conv, slot - 1));
	}

	private static boolean acknowledges(ByteBuf datagram, long bits) {
		return KcpSegments.acknowledges(datagram, KcpHandshake.probeSn(bits), KcpHandshake.probeTs(0, bits));
	}

	private long cookie(InetSocketAddress sender, int conv, long slot) {
		this.input.clear();
		this.input.put(sender.getAddress().getAddress()).putInt(sender.getPort()).putInt(conv).putLong(slot);
		this.input.flip();
		this.mac.update(this.input);
		return ByteBuffer.wrap(this.mac.doFinal()).getLong();
	}

}
