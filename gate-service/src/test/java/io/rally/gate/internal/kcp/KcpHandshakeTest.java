package io.rally.gate.internal.kcp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.transport.KcpConversations;
import kcp.Kcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One unverified conversation against hand-made segments and a real KCP peer (kcp-base, the
 * client SDK's KCP): what it answers, how much, and what proves the peer's address.
 */
class KcpHandshakeTest {

	private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 40000);

	private static final int CONV = 0x5eed;

	private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;

	private final List<ByteBuf> buffers = new ArrayList<>();

	private final long now = System.currentTimeMillis();

	private final KcpHandshake handshake = new KcpHandshake(PEER, CONV, KcpOptions.GAME, this.allocator,
			0x1234_5678_9abc_def0L, this.now);

	@AfterEach
	void release() {
		this.handshake.release();
		this.buffers.forEach(ByteBuf::release);
	}

	@Test
	void answersAForgedHeartbeatWithOneProbeNoLargerThanTheHeartbeat() {
		byte[] heartbeat = push(0, new byte[] { 0, 0, 0, 1, (byte) 0x80 });
		input(heartbeat, this.now);
		ByteBuf probe = probe(this.now);
		assertThat(probe.readableBytes()).isEqualTo(KcpHandshake.PROBE_BYTES).isLessThanOrEqualTo(heartbeat.length);
		assertThat(probe.getIntLE(0)).isEqualTo(CONV);
		assertThat(probe.getByte(4)).isEqualTo(KcpSegments.PUSH);
		assertThat(probe.getIntLE(12)).as("sn behind the peer's window")
			.isNegative()
			.isGreaterThanOrEqualTo(-(1 << 30));
		assertThat(probe.getIntLE(16)).as("una: the heartbeat is acknowledged").isEqualTo(1);
		assertThat(probe.getIntLE(20)).as("no data").isZero();
		assertThat(this.handshake.probeIfDue(this.allocator, this.now + 60_000))
			.as("a resend would send more than the peer did")
			.isNull();
	}

	@Test
	void resendsTheProbeOnceAtMostWhateverThePeerSends() {
		input(push(0, new byte[500]), this.now);
		ByteBuf first = probe(this.now);
		assertThat(this.handshake.probeIfDue(this.allocator, this.now + KcpHandshake.PROBE_TIMEOUT_MILLIS - 1))
			.isNull();
		ByteBuf resent = probe(this.now + KcpHandshake.PROBE_TIMEOUT_MILLIS);
		assertThat(ByteBufUtil.equals(first, resent)).isTrue();
		for (int sn = 1; sn < 20; sn++) {
			input(push(sn, new byte[500]), this.now + sn);
		}
		assertThat(this.handshake.probeIfDue(this.allocator, this.now + 60_000)).isNull();
	}

	@Test
	void onlyAnAckThatEchoesTheProbeVerifies() {
		input(push(0, new byte[8]), this.now);
		ByteBuf probe = probe(this.now);
		int sn = probe.getIntLE(12);
		int ts = probe.getIntLE(8);
		assertThat(acknowledges(ack(sn, ts))).isTrue();
		assertThat(acknowledges(ack(sn, ts + 1))).isFalse();
		assertThat(acknowledges(ack(sn + 1, ts))).isFalse();
		assertThat(acknowledges(ack(0, 0))).isFalse();
	}

	@Test
	void aKcpPeerAcknowledgesTheProbeAndDeliversNothingOfIt() {
		List<ByteBuf> sentByPeer = new ArrayList<>();
		Kcp peer = KcpConversations.newKcp(CONV, KcpSettings.DEFAULTS, (data, kcp) -> sentByPeer.add(data),
				this.allocator);
		Kcp gate = null;
		try {
			ByteBuf request = Unpooled.copiedBuffer("first request", StandardCharsets.UTF_8);
			peer.send(request);
			request.release();
			peer.flush(false, this.now);
			inputAll(sentByPeer);
			ByteBuf probe = probe(this.now);
			peer.input(probe.duplicate(), true, this.now + 1);
			assertThat(peer.canRecv()).as("the probe is no data").isFalse();
			assertThat(peer.waitSnd()).as("the probe acknowledged the request").isZero();
			peer.flush(false, this.now + 1);
			assertThat(sentByPeer).hasSize(1);
			assertThat(this.handshake.isAcknowledgedBy(sentByPeer.get(0))).isTrue();
			gate = this.handshake.verified();
			gate.input(sentByPeer.get(0).duplicate(), true, this.now + 2);
			assertThat(gate.canRecv()).isTrue();
			ByteBuf received = gate.mergeRecv();
			assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("first request");
			received.release();
		}
		finally {
			sentByPeer.forEach(ByteBuf::release);
			peer.release();
			if (gate != null) {
				gate.release();
			}
		}
	}

	private void inputAll(List<ByteBuf> datagrams) {
		for (ByteBuf datagram : datagrams) {
			this.handshake.input(datagram, this.now);
			datagram.release();
		}
		datagrams.clear();
	}

	private void input(byte[] datagram, long at) {
		ByteBuf buf = Unpooled.wrappedBuffer(datagram);
		try {
			this.handshake.input(buf, at);
		}
		finally {
			buf.release();
		}
	}

	private ByteBuf probe(long at) {
		ByteBuf probe = this.handshake.probeIfDue(this.allocator, at);
		assertThat(probe).as("a probe is due").isNotNull();
		this.buffers.add(probe);
		return probe;
	}

	private boolean acknowledges(byte[] datagram) {
		ByteBuf buf = Unpooled.wrappedBuffer(datagram);
		try {
			return this.handshake.isAcknowledgedBy(buf);
		}
		finally {
			buf.release();
		}
	}

	private static byte[] push(int sn, byte[] data) {
		return segment(KcpSegments.PUSH, 0, sn, data);
	}

	private static byte[] ack(int sn, int ts) {
		return segment(KcpSegments.ACK, ts, sn, new byte[0]);
	}

	private static byte[] segment(byte cmd, int ts, int sn, byte[] data) {
		ByteBuffer buffer = ByteBuffer.allocate(24 + data.length).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putInt(CONV).put(cmd).put((byte) 0).putShort((short) 128).putInt(ts).putInt(sn).putInt(0);
		return buffer.putInt(data.length).put(data).array();
	}

}
