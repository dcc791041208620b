package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateless probes: what they look like, and that only an echo of the probe sent to that
 * address, port and conversation, in its time slot or the next, verifies.
 */
class KcpCookiesTest {

	private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 40000);

	private static final long SLOT = KcpOptions.GAME.handshakeTimeout().toMillis();

	private final KcpCookies cookies = new KcpCookies(KcpOptions.GAME);

	private final long now = 1_000 * SLOT + 7;

	@Test
	void aProbeAcknowledgesNothingAndLiesBehindThePeersWindow() {
		ByteBuf probe = this.cookies.probe(ByteBufAllocator.DEFAULT, PEER, 42, this.now);
		try {
			assertThat(probe.readableBytes()).isEqualTo(KcpHandshake.PROBE_BYTES);
			assertThat(probe.getIntLE(0)).isEqualTo(42);
			assertThat(probe.getByte(4)).isEqualTo(KcpSegments.PUSH);
			assertThat(probe.getIntLE(12)).isNegative().isGreaterThanOrEqualTo(-(1 << 30));
			assertThat(probe.getIntLE(16)).as("una").isZero();
			assertThat(probe.getIntLE(20)).as("no data").isZero();
		}
		finally {
			probe.release();
		}
	}

	@Test
	void onlyTheEchoOfThisPeersProbeInItsSlotOrTheNextVerifies() {
		byte[] ack = echo(42);
		assertThat(verifies(ack, PEER, 42, this.now)).isTrue();
		assertThat(verifies(ack, PEER, 42, this.now + SLOT)).isTrue();
		assertThat(verifies(ack, PEER, 42, this.now + 2 * SLOT)).as("too late").isFalse();
		assertThat(verifies(ack, PEER, 43, this.now)).as("another conversation").isFalse();
		assertThat(verifies(ack, new InetSocketAddress("127.0.0.2", 40001), 42, this.now)).as("another port").isFalse();
		assertThat(verifies(ack, new InetSocketAddress("127.0.0.3", 40000), 42, this.now)).as("another address")
			.isFalse();
		assertThat(verifies(new KcpCookies(KcpOptions.GAME), ack, PEER, 42, this.now)).as("another gate's key")
			.isFalse();
	}

	private byte[] echo(int conv) {
		ByteBuf probe = this.cookies.probe(ByteBufAllocator.DEFAULT, PEER, conv, this.now);
		try {
			ByteBuffer ack = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
			ack.putInt(conv).put(KcpSegments.ACK).put((byte) 0).putShort((short) 32);
			ack.putInt(probe.getIntLE(8)).putInt(probe.getIntLE(12)).putInt(0).putInt(0);
			return ack.array();
		}
		finally {
			probe.release();
		}
	}

	private boolean verifies(byte[] datagram, InetSocketAddress sender, int conv, long at) {
		return verifies(this.cookies, datagram, sender, conv, at);
	}

	private static boolean verifies(KcpCookies cookies, byte[] datagram, InetSocketAddress sender, int conv, long at) {
		ByteBuf buf = Unpooled.wrappedBuffer(datagram);
		try {
			return cookies.isAcknowledgedBy(buf, sender, conv, at);
		}
		finally {
			buf.release();
		}
	}

}
