package io.rally.protocol.transport;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rally.protocol.KcpSettings;
import kcp.Kcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two conversations set up from the same settings, one's datagrams fed to the other on a
 * simulated clock, as the client and the gate run them.
 */
class KcpConversationsTest {

	private static final int CONV = 7;

	private final KcpSettings settings = new KcpSettings(true, Duration.ofMillis(10), 2, false, 32, 32, 200);

	private final Queue<ByteBuf> towardsB = new ArrayDeque<>();

	private final Queue<ByteBuf> towardsA = new ArrayDeque<>();

	private final List<Integer> datagramSizes = new ArrayList<>();

	private final Kcp a = KcpConversations.newKcp(CONV, this.settings, (segments, kcp) -> this.towardsB.add(segments),
			ByteBufAllocator.DEFAULT);

	private final Kcp b = KcpConversations.newKcp(CONV, this.settings, (segments, kcp) -> this.towardsA.add(segments),
			ByteBufAllocator.DEFAULT);

	@AfterEach
	void release() {
		this.a.release();
		this.b.release();
		this.towardsA.forEach(ByteBuf::release);
		this.towardsB.forEach(ByteBuf::release);
	}

	@Test
	void aPeerWithTheSameSettingsReceivesTheDataInDatagramsNoLargerThanTheMtu() {
		byte[] data = new byte[3000];
		new Random(42).nextBytes(data);
		ByteBuf bytes = Unpooled.wrappedBuffer(data);
		try {
			// One segment per send, as both ends send.
			while (bytes.isReadable()) {
				this.a.send(bytes.readSlice(Math.min(this.settings.maxSegmentPayload(), bytes.readableBytes())));
			}
		}
		finally {
			bytes.release();
		}
		ByteBuf received = Unpooled.buffer();
		try {
			for (long now = 0; now < 2000 && received.readableBytes() < data.length; now += 10) {
				this.a.update(now);
				deliver(this.towardsB, this.b, now);
				while (this.b.canRecv()) {
					ByteBuf message = this.b.mergeRecv();
					received.writeBytes(message);
					message.release();
				}
				this.b.update(now);
				deliver(this.towardsA, this.a, now);
			}
			assertThat(ByteBufUtil.getBytes(received)).isEqualTo(data);
		}
		finally {
			received.release();
		}
		assertThat(this.datagramSizes).isNotEmpty().allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(200));
	}

	private void deliver(Queue<ByteBuf> datagrams, Kcp to, long now) {
		for (ByteBuf datagram = datagrams.poll(); datagram != null; datagram = datagrams.poll()) {
			try {
				this.datagramSizes.add(datagram.readableBytes());
				assertThat(datagram.getIntLE(datagram.readerIndex())).isEqualTo(CONV);
				to.input(datagram, true, now);
			}
			finally {
				datagram.release();
			}
		}
	}

}
