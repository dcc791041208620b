package io.rally.gate.internal.relay;

import java.util.List;

import io.rally.gate.api.relay.Backend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackendAllowListTest {

	@Test
	void emptyAllowsNothing() {
		assertThat(BackendAllowList.of(List.of()).allows(Backend.parse("127.0.0.1:7000"))).isFalse();
	}

	@Test
	void matchesExactAddressesAndAnyPort() {
		BackendAllowList list = BackendAllowList.of(List.of("10.0.0.5:7000", "Shard-1.internal:*"));
		assertThat(list.allows(Backend.parse("10.0.0.5:7000"))).isTrue();
		assertThat(list.allows(Backend.parse("10.0.0.5:7001"))).isFalse();
		assertThat(list.allows(Backend.parse("10.0.0.6:7000"))).isFalse();
		assertThat(list.allows(Backend.parse("shard-1.internal:9000"))).isTrue();
		assertThat(list.allows(Backend.parse("shard-2.internal:9000"))).isFalse();
	}

	@Test
	void matchesNetworksOnlyForIpLiterals() {
		BackendAllowList list = BackendAllowList.of(List.of("10.1.0.0/16:7000", "[fd00::]/8:*"));
		assertThat(list.allows(Backend.parse("10.1.200.3:7000"))).isTrue();
		assertThat(list.allows(Backend.parse("10.2.0.1:7000"))).isFalse();
		assertThat(list.allows(Backend.parse("10.1.0.1:7001"))).isFalse();
		assertThat(list.allows(Backend.parse("[fd12::1]:80"))).isTrue();
		assertThat(list.allows(Backend.parse("[fe80::1]:80"))).isFalse();
		// A name is never resolved to be checked against a network.
		assertThat(list.allows(Backend.parse("localhost:7000"))).isFalse();
	}

	@Test
	void matchesAnIpLiteralWrittenDifferently() {
		BackendAllowList list = BackendAllowList.of(List.of("[::1]:7000"));
		assertThat(list.allows(Backend.parse("[0:0:0:0:0:0:0:1]:7000"))).isTrue();
	}

	@Test
	void readsLiteralsWithoutLookingAnythingUp() {
		assertThat(BackendAllowList.ipLiteral("10.1.2.3")).containsExactly(10, 1, 2, 3);
		assertThat(BackendAllowList.ipLiteral("255.255.255.255")).containsExactly(255, 255, 255, 255);
		assertThat(BackendAllowList.ipLiteral("::ffff:10.1.2.3")).containsExactly(10, 1, 2, 3);
		assertThat(BackendAllowList.ipLiteral("fd00::1")).hasSize(16);
		// Not literals: before, the JDK was asked for these and looked the first ones up in DNS.
		for (String name : List.of("999.1.1.1", "256.0.0.1", ".::1", "z:z", "g::1", "fe80::1%eth0", "010.1.2.3",
				"1.2.3", "shard-1.internal")) {
			assertThat(BackendAllowList.ipLiteral(name)).as(name).isNull();
		}
		// so a network never admits them
		BackendAllowList list = BackendAllowList.of(List.of("10.0.0.0/8:*"));
		assertThat(list.allows(new Backend("010.1.2.3", 80, null))).isFalse();
		assertThat(list.allows(new Backend("10.1.2.3", 80, null))).isTrue();
	}

	@Test
	void refusesEntriesThatWouldMakeAnOpenProxy() {
		assertThatIllegalArgumentException().isThrownBy(() -> BackendAllowList.of(List.of("*:*")))
			.withMessageContaining("open proxy");
		assertThatIllegalArgumentException().isThrownBy(() -> BackendAllowList.of(List.of("0.0.0.0/0:*")))
			.withMessageContaining("open proxy");
		assertThatIllegalArgumentException().isThrownBy(() -> BackendAllowList.of(List.of("10.0.0.1")))
			.withMessageContaining("'10.0.0.1'");
		assertThatIllegalArgumentException().isThrownBy(() -> BackendAllowList.of(List.of("10.0.0.1:70000")));
	}

}
