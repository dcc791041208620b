package io.rally.node.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class DefaultPayloadCodecTests {

	private final DefaultPayloadCodec codec = new DefaultPayloadCodec(JsonMapper.builder().build());

	@Test
	void passesBytesThroughBothWays() {
		byte[] payload = { 1, 2, 3 };
		assertThat(this.codec.encode(payload)).isSameAs(payload);
		assertThat(this.codec.decode(payload, byte[].class)).isSameAs(payload);
	}

	@Test
	void encodesAndDecodesProtobufMessages() {
		byte[] encoded = this.codec.encode(Int64Value.of(42));
		assertThat(encoded).isEqualTo(Int64Value.of(42).toByteArray());
		assertThat(this.codec.decode(encoded, Int64Value.class).getValue()).isEqualTo(42);
		assertThat(this.codec.decode(StringValue.of("x").toByteArray(), StringValue.class).getValue()).isEqualTo("x");
	}

	@Test
	void rejectsInvalidProtobuf() {
		assertThatException().isThrownBy(() -> this.codec.decode(new byte[] { (byte) 0xff }, StringValue.class));
	}

	@Test
	void usesJsonForEverythingElse() {
		assertThat(new String(this.codec.encode(new Item("sword", 3)), StandardCharsets.UTF_8))
			.isEqualTo("{\"name\":\"sword\",\"count\":3}");
		assertThat(this.codec.decode("{\"name\":\"shield\",\"count\":1}".getBytes(StandardCharsets.UTF_8), Item.class))
			.isEqualTo(new Item("shield", 1));
		assertThat(this.codec.encode(List.of(1, 2))).isEqualTo("[1,2]".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void rejectsInvalidJson() {
		assertThatException().isThrownBy(() -> this.codec.decode("{".getBytes(StandardCharsets.UTF_8), Item.class));
	}

	record Item(String name, int count) {
	}

}
