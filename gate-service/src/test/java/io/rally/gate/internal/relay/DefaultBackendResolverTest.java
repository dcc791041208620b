package io.rally.gate.internal.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Backends from discovery, against the in-memory registry. */
class DefaultBackendResolverTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final RelayTokenVerifier tokens = new RelayTokenVerifier(
			RelayGates.SECRET.getBytes(StandardCharsets.UTF_8), null, "backend", Duration.ZERO, Clock.systemUTC());

	@Test
	void findsDiscoveredInstancesByIdAndByEndpoint() throws Exception {
		this.registry.register(shard("shard-1", "shards", InstanceState.WORK, "10.0.0.1:7000"));
		try (DefaultBackendResolver resolver = resolver(Set.of("shards"))) {
			assertThat(resolver.resolve("shard-1")).isEqualTo(new Backend("10.0.0.1", 7000, "shard-1"));
			assertThat(resolver.resolve("10.0.0.1:7000").instanceId()).isEqualTo("shard-1");
			String token = RelayGates.token(
					RelayGates.claims("shard-1", System.currentTimeMillis() / 1000 + 60), RelayGates.SECRET);
			assertThat(resolver.resolve(token).address()).isEqualTo("10.0.0.1:7000");
		}
	}

	@Test
	void followsTheRegistry() throws Exception {
		try (DefaultBackendResolver resolver = resolver(Set.of())) {
			assertRefused(resolver, "shard-2");
			this.registry.register(shard("shard-2", "shards", InstanceState.WORK, "10.0.0.2:7000"));
			assertThat(resolver.resolve("shard-2").port()).isEqualTo(7000);
			this.registry.register(shard("shard-2", "shards", InstanceState.HANG, "10.0.0.2:7000"));
			assertRefused(resolver, "shard-2");
		}
	}

	@Test
	void ignoresOtherGroupsKindsAndUndiallableEndpoints() throws Exception {
		this.registry.register(shard("lobby-1", "lobby", InstanceState.WORK, "10.0.0.3:7000"));
		this.registry.register(shard("local-1", "shards", InstanceState.WORK, "local"));
		this.registry.register(new InstanceInfo("gate-1", InstanceKind.GATE, "gate", InstanceState.WORK, 1,
				"10.0.0.4:3553", List.of()));
		try (DefaultBackendResolver resolver = resolver(Set.of("shards"))) {
			assertRefused(resolver, "lobby-1");
			assertRefused(resolver, "10.0.0.3:7000");
			assertRefused(resolver, "local-1");
			assertRefused(resolver, "gate-1");
			assertRefused(resolver, "10.0.0.4:3553");
		}
	}

	@Test
	void neverRelaysToALinkEndpoint() throws Exception {
		this.registry.register(new InstanceInfo("node-1", InstanceKind.NODE, "shards", InstanceState.WORK, 1,
				"10.0.0.5:9090", List.of()));
		this.registry.register(shard("node-2", "shards", InstanceState.WORK, "10.0.0.6:7000"));
		try (DefaultBackendResolver resolver = resolver(Set.of())) {
			// a node without a relay endpoint is no relay backend, by id nor by its link endpoint
			assertRefused(resolver, "node-1");
			assertRefused(resolver, "10.0.0.5:9090");
			// one with a relay endpoint is reached there, and only there
			assertThat(resolver.resolve("node-2")).isEqualTo(new Backend("10.0.0.6", 7000, "node-2"));
			assertRefused(resolver, "10.9.9.9:9090");
		}
	}

	private DefaultBackendResolver resolver(Set<String> groups) {
		return new DefaultBackendResolver(BackendAllowList.of(List.of()), this.tokens, false, this.registry,
				Set.of(InstanceKind.NODE), groups);
	}

	/** A node whose relay endpoint is {@code relayEndpoint}; its link endpoint is another port. */
	private static InstanceInfo shard(String id, String group, InstanceState state, String relayEndpoint) {
		return new InstanceInfo(id, InstanceKind.NODE, group, state, 1, "10.9.9.9:9090", List.of())
			.withRelayEndpoint(relayEndpoint);
	}

	private static void assertRefused(DefaultBackendResolver resolver, String request) {
		assertThatExceptionOfType(RelayRefusedException.class).isThrownBy(() -> resolver.resolve(request))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RelayRefusal.NOT_ALLOWED));
	}

}
