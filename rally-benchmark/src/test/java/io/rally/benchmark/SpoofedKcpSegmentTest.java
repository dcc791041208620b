package io.rally.benchmark;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rally.benchmark.AbuseOptions.KcpCommand;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.protocol.transport.KcpConversations;
import kcp.Kcp;

import static org.assertj.core.api.Assertions.assertThat;

class SpoofedKcpSegmentTest {

	private final ByteBuf heartbeat = new PacketCodec(ProtocolSettings.defaults()).encode(Heartbeat.plain(),
			UnpooledByteBufAllocator.DEFAULT);

	@AfterEach
	void releaseHeartbeat() {
		this.heartbeat.release();
	}

	@Test
	void pushIsTheFirstSegmentOfAFreshPeerLittleEndian() {
		ByteBuf segment = Unpooled.buffer();
		SpoofedKcpSegment.write(segment, 0x01020304, KcpCommand.PUSH, 0x0a0b0c0d, this.heartbeat);
		assertThat(segment.readableBytes()).isEqualTo(29)
			.isEqualTo(SpoofedKcpSegment.length(KcpCommand.PUSH, this.heartbeat));
		assertThat(ByteBufUtil.hexDump(segment)).isEqualTo("04030201" + "51" + "00" + "8000" + "0d0c0b0a"
				+ "00000000" + "00000000" + "05000000" + "0000000180");
		assertThat(this.heartbeat.readableBytes()).as("data left unread").isEqualTo(5);
		segment.release();
	}

	@Test
	void windowProbeCarriesNoData() {
		ByteBuf segment = Unpooled.buffer();
		SpoofedKcpSegment.write(segment, 7, KcpCommand.WASK, 0, this.heartbeat);
		assertThat(segment.readableBytes()).isEqualTo(24);
		assertThat(segment.getByte(4)).isEqualTo((byte) 83);
		assertThat(segment.getIntLE(20)).isZero();
		segment.release();
	}

	@Test
	void theKcpReferenceTakesThePushAsANewConversationsFirstMessage() {
		Kcp kcp = KcpConversations.newKcp(42, KcpSettings.DEFAULTS, (data, peer) -> data.release(),
				UnpooledByteBufAllocator.DEFAULT);
		ByteBuf segment = Unpooled.buffer();
		SpoofedKcpSegment.write(segment, 42, KcpCommand.PUSH, (int) System.currentTimeMillis(), this.heartbeat);
		try {
			assertThat(kcp.input(segment, true, System.currentTimeMillis())).isZero();
			assertThat(kcp.canRecv()).isTrue();
			ByteBuf received = kcp.mergeRecv();
			assertThat(ByteBufUtil.hexDump(received)).isEqualTo("0000000180");
			received.release();
		}
		finally {
			segment.release();
			kcp.release();
		}
	}

}
