package io.rally.cluster.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import io.rally.testsupport.ZooKeeperTestServer;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClient;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring applications on one real ZooKeeper, like two machines. Their polls are an hour
 * apart, so what one sees of the other comes through ZooKeeper's change events.
 */
class DiscoveryInstanceRegistryZooKeeperTests {

	private static ConfigurableApplicationContext machineA;

	private static ConfigurableApplicationContext machineB;

	@BeforeAll
	static void startMachines() {
		machineA = startMachine("1h");
		machineB = startMachine("1h");
	}

	@AfterAll
	static void stopMachines() {
		machineA.close();
		machineB.close();
	}

	@Test
	void anInstanceRegisteredOnOneMachineIsSeenOnTheOther() throws Exception {
		Watcher watcher = new Watcher();
		try (AutoCloseable watch = registry(machineB).watch(InstanceKind.NODE, watcher)) {
			InstanceInfo node = node("seen-1", InstanceState.WORK, 1, 2);
			registry(machineA).register(node);
			await().untilAsserted(() -> assertThat(watcher.find("seen-1")).contains(node));
			assertThat(registry(machineB).instances(InstanceKind.NODE)).contains(node);
			assertThat(registry(machineB).instances(InstanceKind.GATE)).extracting(InstanceInfo::id)
				.doesNotContain("seen-1");
		}
		finally {
			registry(machineA).deregister("seen-1");
		}
	}

	@Test
	void stateAndRouteChangesAreSeenInPlace() throws Exception {
		Watcher watcher = new Watcher();
		try (AutoCloseable watch = registry(machineB).watch(InstanceKind.NODE, watcher)) {
			InstanceInfo working = node("change-1", InstanceState.WORK, 1, 2);
			registry(machineA).register(working);
			await().untilAsserted(() -> assertThat(watcher.find("change-1")).contains(working));
			int callsBefore = watcher.lists.size();

			InstanceInfo hanging = working.withState(InstanceState.HANG);
			registry(machineA).register(hanging);
			await().untilAsserted(() -> assertThat(watcher.find("change-1")).contains(hanging));

			InstanceInfo moreRoutes = node("change-1", InstanceState.HANG, 1, 2, 3);
			registry(machineA).register(moreRoutes);
			await().untilAsserted(() -> assertThat(watcher.find("change-1")).contains(moreRoutes));
			// replaced in place: no list between the versions lacked the instance
			assertThat(watcher.lists.subList(callsBefore, watcher.lists.size()))
				.allSatisfy((list) -> assertThat(list).extracting(InstanceInfo::id).contains("change-1"));
		}
		finally {
			registry(machineA).deregister("change-1");
		}
	}

	@Test
	void deregisteringIsSeen() throws Exception {
		Watcher watcher = new Watcher();
		try (AutoCloseable watch = registry(machineB).watch(InstanceKind.GATE, watcher)) {
			InstanceInfo gate = new InstanceInfo("leaving-1", InstanceKind.GATE, null, InstanceState.WORK, 1,
					"127.0.0.1:7001", List.of());
			registry(machineA).register(gate);
			await().untilAsserted(() -> assertThat(watcher.find("leaving-1")).contains(gate));
			registry(machineA).deregister("leaving-1");
			await().untilAsserted(() -> assertThat(watcher.find("leaving-1")).isEmpty());
			assertThat(registry(machineB).instances(InstanceKind.GATE)).extracting(InstanceInfo::id)
				.doesNotContain("leaving-1");
		}
	}

	@Test
	void anInstanceWhoseSessionEndsWithoutDeregisteringDisappears() throws Exception {
		ConfigurableApplicationContext crashing = startMachine("1h");
		try {
			Watcher watcher = new Watcher();
			try (AutoCloseable watch = registry(machineA).watch(InstanceKind.MESH, watcher)) {
				InstanceInfo mesh = new InstanceInfo("crash-1", InstanceKind.MESH, "chat", InstanceState.WORK, 1,
						"127.0.0.1:7002", List.of());
				registry(crashing).register(mesh);
				await().untilAsserted(() -> assertThat(watcher.find("crash-1")).contains(mesh));
				// ends the ZooKeeper session; nothing deregisters, the ephemeral node goes with it
				crashing.getBean(CuratorFramework.class).close();
				await().untilAsserted(() -> assertThat(watcher.find("crash-1")).isEmpty());
			}
		}
		finally {
			crashing.close();
		}
	}

	@Test
	void instancesWithUnreadableMetadataAreSkipped() throws Exception {
		ZookeeperServiceRegistry serviceRegistry = machineA.getBean(ZookeeperServiceRegistry.class);
		ServiceInstanceRegistration foreign = ServiceInstanceRegistration.builder()
			.id("foreign-1")
			.name("rally-node")
			.address("127.0.0.1")
			.port(7003)
			.payload(new ZookeeperInstance("foreign-1", "rally-node", Map.of("version", "2")))
			.build();
		serviceRegistry.register(foreign);
		try {
			InstanceInfo node = node("readable-1", InstanceState.WORK, 4);
			registry(machineA).register(node);
			Watcher watcher = new Watcher();
			try (AutoCloseable watch = registry(machineB).watch(InstanceKind.NODE, watcher)) {
				await().untilAsserted(() -> assertThat(watcher.find("readable-1")).contains(node));
				assertThat(watcher.find("foreign-1")).isEmpty();
				assertThat(registry(machineB).instances(InstanceKind.NODE)).extracting(InstanceInfo::id)
					.contains("readable-1")
					.doesNotContain("foreign-1");
			}
		}
		finally {
			serviceRegistry.deregister(foreign);
			registry(machineA).deregister("readable-1");
		}
	}

	@Test
	void thePollFindsChangesWithoutEvents() throws Exception {
		DiscoveryRegistryProperties properties = new DiscoveryRegistryProperties();
		properties.setPollInterval(Duration.ofMillis(100));
		// not a bean: no HeartbeatEvent reaches it, only its poll
		try (DiscoveryInstanceRegistry polling = new DiscoveryInstanceRegistry(
				machineB.getBean(ZookeeperServiceRegistry.class), machineB.getBean(ZookeeperRegistrationFactory.class),
				machineB.getBean(ZookeeperDiscoveryClient.class), properties)) {
			Watcher watcher = new Watcher();
			try (AutoCloseable watch = polling.watch(InstanceKind.NODE, watcher)) {
				InstanceInfo node = node("polled-1", InstanceState.BUSY, 9);
				registry(machineA).register(node);
				await().untilAsserted(() -> assertThat(watcher.find("polled-1")).contains(node));
			}
		}
		finally {
			registry(machineA).deregister("polled-1");
		}
	}

	@Test
	void callsForOneWatchDoNotOverlapAndOnlyFollowChanges() throws Exception {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<List<InstanceInfo>> latest = new AtomicReference<>();
		List<List<InstanceInfo>> calls = new CopyOnWriteArrayList<>();
		try (AutoCloseable watch = registry(machineB).watch(InstanceKind.NODE, (list) -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			try {
				if (!calls.isEmpty()) {
					release.await(10, TimeUnit.SECONDS);
				}
				calls.add(list);
				latest.set(list);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				inFlight.decrementAndGet();
			}
		})) {
			for (int i = 0; i < 5; i++) {
				registry(machineA).register(node("burst-" + i, InstanceState.WORK, i));
			}
			await().until(() -> inFlight.get() == 1);
			release.countDown();
			await().untilAsserted(() -> assertThat(latest.get()).extracting(InstanceInfo::id)
				.contains("burst-0", "burst-1", "burst-2", "burst-3", "burst-4"));
			assertThat(mostInFlight.get()).isEqualTo(1);
			for (int i = 1; i < calls.size(); i++) {
				assertThat(calls.get(i)).isNotEqualTo(calls.get(i - 1));
			}
		}
		finally {
			for (int i = 0; i < 5; i++) {
				registry(machineA).deregister("burst-" + i);
			}
		}
	}

	private static InstanceInfo node(String id, InstanceState state, int... routes) {
		List<RouteInfo> routeInfos = java.util.Arrays.stream(routes)
			.mapToObj((route) -> new RouteInfo(route, route % 2 == 0, route % 3 == 0, false))
			.toList();
		return new InstanceInfo(id, InstanceKind.NODE, "lobby", state, 1, "127.0.0.1:" + (7100 + id.length()),
				routeInfos);
	}

	private static InstanceRegistry registry(ConfigurableApplicationContext context) {
		return context.getBean(InstanceRegistry.class);
	}

	static ConfigurableApplicationContext startMachine(String pollInterval) {
		return new SpringApplicationBuilder(Machine.class).web(WebApplicationType.NONE)
			.properties("rally.mode=cluster", "spring.main.banner-mode=off", "spring.application.name=rally-test",
					"spring.cloud.zookeeper.connect-string=" + ZooKeeperTestServer.connectString(),
					"rally.cluster.registry=zookeeper", "rally.cluster.discovery.poll-interval=" + pollInterval)
			.run();
	}

	/** Records every list a watch delivered. */
	static final class Watcher implements java.util.function.Consumer<List<InstanceInfo>> {

		final List<List<InstanceInfo>> lists = new CopyOnWriteArrayList<>();

		@Override
		public void accept(List<InstanceInfo> instances) {
			this.lists.add(instances);
		}

		Optional<InstanceInfo> find(String id) {
			if (this.lists.isEmpty()) {
				return Optional.empty();
			}
			return this.lists.get(this.lists.size() - 1).stream().filter((i) -> i.id().equals(id)).findFirst();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Machine {

	}

}
