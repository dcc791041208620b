package io.rally.cluster.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryRegistryTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	@Test
	void watchGetsTheCurrentStateThenEveryChange() throws Exception {
		InstanceInfo node1 = node("node-1");
		InstanceInfo node2 = node("node-2");
		this.registry.register(node1);
		this.registry.register(gate("gate-1"));
		List<List<InstanceInfo>> calls = new CopyOnWriteArrayList<>();
		AutoCloseable watch = this.registry.watch(InstanceKind.NODE, calls::add);
		assertThat(calls).hasSize(1);
		assertThat(calls.get(0)).containsExactly(node1);

		this.registry.register(node2);
		assertThat(calls).hasSize(2);
		assertThat(calls.get(1)).containsExactlyInAnyOrder(node1, node2);

		InstanceInfo busy = node1.withState(InstanceState.BUSY);
		this.registry.register(busy);
		assertThat(calls).hasSize(3);
		assertThat(calls.get(2)).containsExactlyInAnyOrder(busy, node2);

		this.registry.deregister("node-2");
		assertThat(calls).hasSize(4);
		assertThat(calls.get(3)).containsExactly(busy);

		// changes to other kinds and unknown ids do not call the listener
		this.registry.register(gate("gate-2"));
		this.registry.deregister("gate-1");
		this.registry.deregister("nobody");
		assertThat(calls).hasSize(4);

		watch.close();
		this.registry.register(node2);
		assertThat(calls).hasSize(4);
		assertThat(this.registry.instances(InstanceKind.NODE)).containsExactlyInAnyOrder(busy, node2);
	}

	@Test
	void watchOfAnEmptyKindGetsAnEmptyList() throws Exception {
		List<List<InstanceInfo>> calls = new CopyOnWriteArrayList<>();
		try (AutoCloseable watch = this.registry.watch(InstanceKind.MESH, calls::add)) {
			assertThat(calls).containsExactly(List.of());
		}
	}

	@Test
	void deregisterRemovesTheInstance() {
		this.registry.register(node("node-1"));
		this.registry.register(gate("gate-1"));
		this.registry.deregister("node-1");
		assertThat(this.registry.instances(InstanceKind.NODE)).isEmpty();
		assertThat(this.registry.instances(InstanceKind.GATE)).extracting(InstanceInfo::id).containsExactly("gate-1");
	}

	@Test
	void reRegisteringAnIdAsAnotherKindTellsTheWatchersOfTheOldKind() throws Exception {
		List<List<InstanceInfo>> nodeCalls = new CopyOnWriteArrayList<>();
		this.registry.register(node("x"));
		try (AutoCloseable watch = this.registry.watch(InstanceKind.NODE, nodeCalls::add)) {
			this.registry.register(gate("x"));
			assertThat(this.registry.instances(InstanceKind.NODE)).isEmpty();
			assertThat(nodeCalls).last().asList().isEmpty();
		}
	}

	@Test
	void instanceInfoValidatesAndCopies() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InstanceInfo("n", InstanceKind.NODE, "lobby", InstanceState.WORK, 0, "local",
					List.of()))
			.withMessage("weight: 0 (expected: >= 1)");
		List<RouteInfo> routes = new java.util.ArrayList<>(List.of(new RouteInfo(1, true, false, false)));
		InstanceInfo info = new InstanceInfo("n", InstanceKind.NODE, "lobby", InstanceState.WORK, 1, "local", routes);
		routes.clear();
		assertThat(info.routes()).hasSize(1);
		assertThat(InstanceState.WORK.acceptsNewTraffic()).isTrue();
		assertThat(InstanceState.BUSY.acceptsNewTraffic()).isTrue();
		assertThat(InstanceState.HANG.acceptsNewTraffic()).isFalse();
		assertThat(InstanceState.SHUT.acceptsNewTraffic()).isFalse();
	}

	static InstanceInfo node(String id) {
		return new InstanceInfo(id, InstanceKind.NODE, "lobby", InstanceState.WORK, 1, "local",
				List.of(new RouteInfo(1, false, false, false)));
	}

	static InstanceInfo gate(String id) {
		return new InstanceInfo(id, InstanceKind.GATE, "", InstanceState.WORK, 1, "local", List.of());
	}

}
