package io.rally.cluster.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InstanceMetadataCodecTests {

	@Test
	void routesWithEveryFlagCombinationRoundTrip() {
		List<RouteInfo> routes = new ArrayList<>();
		for (int flags = 0; flags < 8; flags++) {
			routes.add(new RouteInfo(100 + flags, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
		}
		routes.add(new RouteInfo(-7, true, false, true));
		routes.add(new RouteInfo(Integer.MAX_VALUE, false, false, false));
		String encoded = InstanceMetadataCodec.encodeRoutes(routes);
		assertThat(encoded).startsWith("100,101s,102a,103sa,104i,105si,106ai,107sai,-7si,");
		assertThat(InstanceMetadataCodec.decodeRoutes(encoded)).isEqualTo(routes);
	}

	@Test
	void instanceRoundTrips() {
		InstanceInfo node = new InstanceInfo("node-1", InstanceKind.NODE, "lobby", InstanceState.HANG, 3,
				"10.0.0.7:9090", List.of(new RouteInfo(1, false, false, false), new RouteInfo(7, true, true, true)));
		Map<String, String> metadata = InstanceMetadataCodec.encode(node);
		assertThat(metadata).containsEntry("rally-kind", "NODE")
			.containsEntry("rally-group", "lobby")
			.containsEntry("rally-state", "HANG")
			.containsEntry("rally-weight", "3")
			.containsEntry("rally-route-chunks", "1")
			.containsEntry("rally-routes-0", "1,7sai");
		assertThat(InstanceMetadataCodec.decode("node-1", "10.0.0.7", 9090, metadata)).isEqualTo(node);
	}

	@Test
	void relayEndpointRoundTripsApartFromTheLinkEndpoint() {
		InstanceInfo node = new InstanceInfo("node-1", InstanceKind.NODE, "lobby", InstanceState.WORK, 1,
				"10.0.0.7:9090", List.of()).withRelayEndpoint("10.0.0.7:7000");
		Map<String, String> metadata = InstanceMetadataCodec.encode(node);
		assertThat(metadata).containsEntry("rally-relay", "10.0.0.7:7000");
		InstanceInfo decoded = InstanceMetadataCodec.decode("node-1", "10.0.0.7", 9090, metadata);
		assertThat(decoded).isEqualTo(node);
		assertThat(decoded.endpoint()).isEqualTo("10.0.0.7:9090");
		assertThat(decoded.relayEndpoint()).isEqualTo("10.0.0.7:7000");
	}

	@Test
	void gateWithoutGroupOrRoutesRoundTrips() {
		InstanceInfo gate = new InstanceInfo("gate-1", InstanceKind.GATE, null, InstanceState.WORK, 1, "[::1]:9000",
				List.of());
		Map<String, String> metadata = InstanceMetadataCodec.encode(gate);
		assertThat(metadata).doesNotContainKeys("rally-group", "rally-route-chunks", "rally-routes-0", "rally-relay");
		assertThat(InstanceMetadataCodec.decode("gate-1", "::1", 9000, metadata)).isEqualTo(gate);
	}

	@Test
	void longRouteListsSplitWithinConsulLimitsAndRejoin() {
		List<RouteInfo> routes = new ArrayList<>();
		for (int route = 0; route < 3000; route++) {
			routes.add(new RouteInfo(route * 7, route % 2 == 0, route % 3 == 0, route % 5 == 0));
		}
		InstanceInfo node = new InstanceInfo("node-2", InstanceKind.NODE, "battle", InstanceState.WORK, 1,
				"host:1", routes);
		Map<String, String> metadata = InstanceMetadataCodec.encode(node);
		assertThat(Integer.parseInt(metadata.get("rally-route-chunks"))).isGreaterThan(10);
		assertThat(metadata).hasSizeLessThanOrEqualTo(64);
		metadata.forEach((key, value) -> {
			assertThat(key).matches("[A-Za-z0-9_-]{1,128}");
			assertThat(value.length()).isLessThanOrEqualTo(InstanceMetadataCodec.MAX_CHUNK_LENGTH);
			assertThat(value).doesNotStartWith(",").doesNotEndWith(",");
		});
		assertThat(InstanceMetadataCodec.decode("node-2", "host", 1, metadata)).isEqualTo(node);
	}

	@Test
	void tooManyRoutesAreRefused() {
		List<RouteInfo> routes = new ArrayList<>();
		for (int route = 1_000_000; route < 1_004_000; route++) {
			routes.add(new RouteInfo(route, true, true, true));
		}
		InstanceInfo node = new InstanceInfo("node-3", InstanceKind.NODE, "g", InstanceState.WORK, 1, "h:1", routes);
		assertThatIllegalArgumentException().isThrownBy(() -> InstanceMetadataCodec.encode(node))
			.withMessageContaining("metadata keys");
	}

	@Test
	void damagedMetadataIsRefused() {
		InstanceInfo node = new InstanceInfo("n", InstanceKind.NODE, "g", InstanceState.WORK, 1, "h:1",
				List.of(new RouteInfo(1, true, false, false)));
		Map<String, String> good = InstanceMetadataCodec.encode(node);
		assertRefused(good, "rally-kind", null);
		assertRefused(good, "rally-kind", "ROUTER");
		assertRefused(good, "rally-state", null);
		assertRefused(good, "rally-weight", "0");
		assertRefused(good, "rally-route-chunks", "2");
		assertRefused(good, "rally-routes-0", "1x");
		assertRefused(good, "rally-routes-0", "1as");
		assertRefused(good, "rally-routes-0", "1ss");
		assertRefused(good, "rally-routes-0", "s");
		assertRefused(good, "rally-routes-0", "1,,2");
		assertThatIllegalArgumentException().isThrownBy(() -> InstanceMetadataCodec.decode("x", "h", 1, Map.of()));
	}

	@Test
	void meshServicesRoundTrip() {
		InstanceInfo mesh = new InstanceInfo("mesh-1", InstanceKind.MESH, null, InstanceState.WORK, 2, "10.0.0.9:9191",
				List.of(), List.of("rally.mesh.wallet.Wallet", "game.mail.v1.Mail"));
		Map<String, String> metadata = InstanceMetadataCodec.encode(mesh);
		assertThat(metadata).containsEntry("rally-service-chunks", "1")
			.containsEntry("rally-services-0", "rally.mesh.wallet.Wallet,game.mail.v1.Mail")
			.doesNotContainKeys("rally-route-chunks", "rally-routes-0");
		InstanceInfo decoded = InstanceMetadataCodec.decode("mesh-1", "10.0.0.9", 9191, metadata);
		assertThat(decoded).isEqualTo(mesh);
		assertThat(decoded.provides("game.mail.v1.Mail")).isTrue();
		assertThat(decoded.provides("game.mail.v1")).isFalse();
	}

	@Test
	void instancesWithoutServicesHaveNoServiceKeys() {
		InstanceInfo node = new InstanceInfo("node-9", InstanceKind.NODE, "lobby", InstanceState.WORK, 1, "h:1",
				List.of(new RouteInfo(1, false, false, false)));
		Map<String, String> metadata = InstanceMetadataCodec.encode(node);
		assertThat(metadata).doesNotContainKeys("rally-service-chunks", "rally-services-0");
		assertThat(InstanceMetadataCodec.decode("node-9", "h", 1, metadata).services()).isEmpty();
	}

	@Test
	void longServiceListsSplitAtCommasAndRejoin() {
		List<String> services = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			services.add("game.team" + i + ".v1.SomeRatherLongServiceName" + i);
		}
		InstanceInfo mesh = new InstanceInfo("mesh-2", InstanceKind.MESH, null, InstanceState.BUSY, 1, "h:2",
				List.of(), services);
		Map<String, String> metadata = InstanceMetadataCodec.encode(mesh);
		assertThat(Integer.parseInt(metadata.get("rally-service-chunks"))).isGreaterThan(5);
		assertThat(metadata).hasSizeLessThanOrEqualTo(64);
		metadata.forEach((key, value) -> {
			assertThat(value.length()).isLessThanOrEqualTo(InstanceMetadataCodec.MAX_CHUNK_LENGTH);
			assertThat(value).doesNotStartWith(",").doesNotEndWith(",");
		});
		assertThat(InstanceMetadataCodec.decode("mesh-2", "h", 2, metadata)).isEqualTo(mesh);
	}

	@Test
	void routesAndServicesShareTheChunkLimit() {
		List<RouteInfo> routes = new ArrayList<>();
		for (int route = 1_000_000; route < 1_001_400; route++) {
			routes.add(new RouteInfo(route, true, true, true));
		}
		List<String> services = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			services.add("game.team" + i + ".v1.SomeRatherLongServiceName" + i);
		}
		InstanceInfo routesOnly = new InstanceInfo("x", InstanceKind.MESH, null, InstanceState.WORK, 1, "h:1", routes,
				List.of());
		InstanceMetadataCodec.encode(routesOnly);
		InstanceInfo both = new InstanceInfo("x", InstanceKind.MESH, null, InstanceState.WORK, 1, "h:1", routes,
				services);
		assertThatIllegalArgumentException().isThrownBy(() -> InstanceMetadataCodec.encode(both))
			.withMessageContaining("metadata keys");
	}

	@Test
	void badServiceNamesAreRefused() {
		for (String bad : List.of("", "a,b", "a b", "a\nb")) {
			InstanceInfo mesh = new InstanceInfo("m", InstanceKind.MESH, null, InstanceState.WORK, 1, "h:1", List.of(),
					List.of(bad));
			assertThatIllegalArgumentException().as("'%s'", bad)
				.isThrownBy(() -> InstanceMetadataCodec.encode(mesh));
		}
		InstanceInfo mesh = new InstanceInfo("m", InstanceKind.MESH, null, InstanceState.WORK, 1, "h:1", List.of(),
				List.of("a.B"));
		Map<String, String> good = InstanceMetadataCodec.encode(mesh);
		assertRefused(good, "rally-service-chunks", "2");
		assertRefused(good, "rally-service-chunks", "-1");
		assertRefused(good, "rally-services-0", "a.B,,c.D");
		assertRefused(good, "rally-services-0", "a.B, c.D");
	}

	@Test
	void endpointsParse() {
		assertThat(Endpoint.parse("10.1.2.3:9090")).isEqualTo(new Endpoint("10.1.2.3", 9090));
		assertThat(Endpoint.parse("[fe80::1]:80")).isEqualTo(new Endpoint("fe80::1", 80));
		assertThat(Endpoint.parse("[fe80::1]:80").toString()).isEqualTo("[fe80::1]:80");
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("local"));
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("host:"));
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("host:http"));
		assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("host:0"));
	}

	private static void assertRefused(Map<String, String> good, String key, String value) {
		Map<String, String> damaged = new HashMap<>(good);
		if (value == null) {
			damaged.remove(key);
		}
		else {
			damaged.put(key, value);
		}
		assertThatIllegalArgumentException().as("%s=%s", key, value)
			.isThrownBy(() -> InstanceMetadataCodec.decode("n", "h", 1, damaged));
	}

}
