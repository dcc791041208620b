package io.rally.protocol;

import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProtocolSettingsTest {

	@Test
	void defaultsAreThoseOfDue() {
		ProtocolSettings settings = ProtocolSettings.defaults();
		assertThat(settings.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
		assertThat(settings.routeBytes()).isEqualTo(2);
		assertThat(settings.seqBytes()).isEqualTo(2);
		assertThat(settings.maxPayloadBytes()).isEqualTo(5000);
		assertThat(settings.minDataSize()).isEqualTo(5);
		assertThat(settings.maxSize()).isEqualTo(5005);
		assertThat(settings.maxRoute()).isEqualTo(32767);
		assertThat(settings.maxSeq()).isEqualTo(32767);
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 0, 3, 5, 8, Integer.MAX_VALUE })
	void rejectsRouteBytesTheWireCannotCarry(int routeBytes) {
		assertThatIllegalArgumentException().isThrownBy(() -> ProtocolSettings.builder().routeBytes(routeBytes))
			.withMessage("routeBytes: " + routeBytes + " (expected: 1, 2 or 4)");
	}

	@Test
	void rejectsRouteBytesThreeWithTheDocumentedMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProtocolSettings.builder().routeBytes(3))
			.withMessage("routeBytes: 3 (expected: 1, 2 or 4)");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 3, 5, 8 })
	void rejectsSeqBytesTheWireCannotCarry(int seqBytes) {
		assertThatIllegalArgumentException().isThrownBy(() -> ProtocolSettings.builder().seqBytes(seqBytes))
			.withMessage("seqBytes: " + seqBytes + " (expected: 0, 1, 2 or 4)");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, Integer.MIN_VALUE, 64 * 1024 * 1024 + 1, Integer.MAX_VALUE })
	void rejectsMaxPayloadBytesOutOfRange(int maxPayloadBytes) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProtocolSettings.builder().maxPayloadBytes(maxPayloadBytes))
			.withMessage("maxPayloadBytes: " + maxPayloadBytes + " (expected: 0 to 67108864)");
	}

	@Test
	void rejectsNullByteOrder() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProtocolSettings.builder().byteOrder(null))
			.withMessage("byteOrder: null (expected: BIG_ENDIAN or LITTLE_ENDIAN)");
	}

	@Test
	void acceptsTheLimitsOfMaxPayloadBytes() {
		assertThat(ProtocolSettings.builder().maxPayloadBytes(0).build().maxPayloadBytes()).isZero();
		ProtocolSettings largest = ProtocolSettings.builder().maxPayloadBytes(64 * 1024 * 1024).build();
		assertThat(largest.maxSize()).isEqualTo(5 + 64 * 1024 * 1024);
	}

	@Test
	void maxRouteAndMaxSeqFollowTheFieldWidths() {
		assertThat(ProtocolSettings.builder().routeBytes(1).build().maxRoute()).isEqualTo(127);
		assertThat(ProtocolSettings.builder().routeBytes(2).build().maxRoute()).isEqualTo(32767);
		assertThat(ProtocolSettings.builder().routeBytes(4).build().maxRoute()).isEqualTo(Integer.MAX_VALUE);
		assertThat(ProtocolSettings.builder().seqBytes(0).build().maxSeq()).isZero();
		assertThat(ProtocolSettings.builder().seqBytes(1).build().maxSeq()).isEqualTo(127);
		assertThat(ProtocolSettings.builder().seqBytes(2).build().maxSeq()).isEqualTo(32767);
		assertThat(ProtocolSettings.builder().seqBytes(4).build().maxSeq()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void maxSizeIsNeverBelowATimedHeartbeat() {
		ProtocolSettings tiny = ProtocolSettings.builder().routeBytes(1).seqBytes(0).maxPayloadBytes(0).build();
		assertThat(tiny.minDataSize()).isEqualTo(2);
		assertThat(tiny.maxSize()).isEqualTo(Heartbeat.TIMED_SIZE);
		ProtocolSettings wide = ProtocolSettings.builder().routeBytes(4).seqBytes(4).maxPayloadBytes(100).build();
		assertThat(wide.minDataSize()).isEqualTo(9);
		assertThat(wide.maxSize()).isEqualTo(109);
	}

	@Test
	void toBuilderCopiesEverySetting() {
		ProtocolSettings settings = ProtocolSettings.builder()
			.byteOrder(ByteOrder.LITTLE_ENDIAN)
			.routeBytes(4)
			.seqBytes(0)
			.maxPayloadBytes(123)
			.build();
		ProtocolSettings copy = settings.toBuilder().build();
		assertThat(copy.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
		assertThat(copy.routeBytes()).isEqualTo(4);
		assertThat(copy.seqBytes()).isZero();
		assertThat(copy.maxPayloadBytes()).isEqualTo(123);
		assertThat(copy).hasToString(settings.toString());
		assertThat(settings.toBuilder().seqBytes(1).build().seqBytes()).isEqualTo(1);
		assertThat(settings.seqBytes()).isZero();
	}

	@Test
	void heartbeatWithoutTime() {
		assertThat(Heartbeat.plain().hasTime()).isFalse();
		assertThat(Heartbeat.withTime(0).hasTime()).isTrue();
		assertThat(Heartbeat.withTime(-1).time()).isEqualTo(-1);
	}

}
