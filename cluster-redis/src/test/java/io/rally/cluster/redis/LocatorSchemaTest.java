package io.rally.cluster.redis;

import java.util.Optional;

import io.rally.cluster.GateBinding;
import io.rally.cluster.redis.LocatorEvent.Type;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocatorSchemaTest {

	@Test
	void keysShareTheUsersHashTag() {
		LocatorSchema schema = new LocatorSchema("rally");
		assertThat(schema.gateKey(42)).isEqualTo("rally:u:{42}:gate");
		assertThat(schema.nodeKey(42, "game")).isEqualTo("rally:u:{42}:node:game");
		assertThat(schema.epochKey(42)).isEqualTo("rally:u:{42}:epoch");
	}

	@Test
	void gateBindingRepliesCarryTheEpochAndAnotherPreviousGate() {
		assertThat(LocatorSchema.gateBinding("1\n", "gate-1")).isEqualTo(new GateBinding(1, Optional.empty()));
		assertThat(LocatorSchema.gateBinding("7\ngate-1", "gate-1")).isEqualTo(new GateBinding(7, Optional.empty()));
		assertThat(LocatorSchema.gateBinding("9223372036854775807\ngate:a", "gate-1"))
			.isEqualTo(new GateBinding(Long.MAX_VALUE, Optional.of("gate:a")));
	}

	@Test
	void messagesRoundTrip() {
		for (LocatorEvent event : new LocatorEvent[] { new LocatorEvent(Type.GATE_BOUND, 7, null, "gate-1"),
				new LocatorEvent(Type.GATE_UNBOUND, -3, null, "gate:with:colons"),
				new LocatorEvent(Type.NODE_BOUND, Long.MAX_VALUE, "game", "node-1"),
				new LocatorEvent(Type.NODE_UNBOUND, 0, "chat room", "node\nwith a line break") }) {
			assertThat(LocatorSchema.decode(LocatorSchema.encode(event))).isEqualTo(event);
		}
	}

	@Test
	void foreignMessagesAreNotEvents() {
		assertThat(LocatorSchema.decode("hello")).isNull();
		assertThat(LocatorSchema.decode("gate+\nnot-a-number\n\ngate-1")).isNull();
		assertThat(LocatorSchema.decode("kick\n1\n\ngate-1")).isNull();
		assertThat(LocatorSchema.decode("node+\n1\n\nnode-1")).isNull();
	}

	@Test
	void groupsWithLineBreaksAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocatorSchema.checkGroup("a\nb"))
			.withMessageContaining("group");
		assertThatIllegalArgumentException().isThrownBy(() -> LocatorSchema.checkGroup(""));
	}

}
