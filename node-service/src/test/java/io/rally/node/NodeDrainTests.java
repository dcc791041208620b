package io.rally.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.node.api.Messenger;
import io.rally.node.api.RallyController;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;
import io.rally.node.autoconfigure.NodeAutoConfiguration;
import io.rally.node.test.TestCluster;
import io.rally.node.test.TestGate;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A node that stops drains: HANG while its bound users are served, then SHUT, deregistered and
 * unexported once they left or the drain timeout ran out. Each test closes its own context on
 * another thread and watches the registry as a gate would.
 */
@ExtendWith(OutputCaptureExtension.class)
class NodeDrainTests {

	private static final long CONNECTION = 31_000_001;

	private static final long USER = 810_001;

	private static final String GONE = "GONE";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<DrainController> controllers = new ArrayList<>();

	@AfterEach
	void closeContexts() {
		this.controllers.forEach((controller) -> controller.release.countDown());
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void answersTheRequestInFlightWhileHangingAndStopsWhenTheBoundUserDisconnects() throws Exception {
		ConfigurableApplicationContext context = start();
		List<String> seen = watchNode(context);
		TestGate gate = context.getBean(TestGate.class);
		DrainController controller = context.getBean(DrainController.class);
		context.getBean(Messenger.class).bindNode(USER).join();
		gate.send(CONNECTION, USER, DrainController.SLOW, 1, new byte[] { 1 });
		assertThat(controller.started.await(10, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		await().until(() -> seen.contains(InstanceState.HANG.name()));
		controller.release.countDown();
		assertThat(gate.awaitPacket(CONNECTION, 1).payload()).containsExactly('s');
		assertThat(nodeState(context)).isEqualTo(InstanceState.HANG);
		assertThat(closed).isNotDone();

		gate.event(SessionEvent.Type.DISCONNECT, CONNECTION, USER);
		closed.get(10, TimeUnit.SECONDS);
		assertThat(seen).containsExactly("WORK", "HANG", "SHUT", GONE);
	}

	@Test
	void waitsForTheBoundUserToUnbind() throws Exception {
		ConfigurableApplicationContext context = start();
		List<String> seen = watchNode(context);
		TestGate gate = context.getBean(TestGate.class);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		gate.send(CONNECTION, USER, DrainController.JOIN, 1, new byte[0]);
		gate.awaitPacket(CONNECTION, 1);
		assertThat(meters.get("rally.node.bound.users").gauge().value()).isEqualTo(1);

		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		await().until(() -> seen.contains(InstanceState.HANG.name()));
		assertThat(meters.get("rally.node.state").gauge().value()).isEqualTo(InstanceState.HANG.ordinal());
		// A round trip through the node: it still serves its user, and has not deregistered.
		gate.send(CONNECTION, USER, DrainController.FAST, 2, new byte[0]);
		gate.awaitPacket(CONNECTION, 2);
		assertThat(nodeState(context)).isEqualTo(InstanceState.HANG);
		assertThat(closed).isNotDone();

		gate.send(CONNECTION, USER, DrainController.LEAVE, 3, new byte[0]);
		closed.get(10, TimeUnit.SECONDS);
		assertThat(gate.find(CONNECTION, 3)).isNotNull();
		assertThat(seen).containsExactly("WORK", "HANG", "SHUT", GONE);
		assertThat(meters.get("rally.node.bound.users").gauge().value()).isZero();
	}

	@Test
	void stopsAfterTheDrainTimeoutWhenAUserNeverLeaves() throws Exception {
		ConfigurableApplicationContext context = start("rally.node.drain-timeout=300ms");
		InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
		LocalTransport transport = context.getBean(LocalTransport.class);
		InstanceInfo node = registry.instances(InstanceKind.NODE).get(0);
		context.getBean(Messenger.class).bindNode(USER).join();

		CompletableFuture.runAsync(context::close).get(10, TimeUnit.SECONDS);
		assertThat(registry.instances(InstanceKind.NODE)).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> transport.node(node));
	}

	@Test
	void warnsWhenSpringWouldStopWaitingBeforeTheDrainTimeout(CapturedOutput output) {
		start("spring.lifecycle.timeout-per-shutdown-phase=5s");
		assertThat(output).contains("spring.lifecycle.timeout-per-shutdown-phase (PT5S) is shorter than "
				+ "rally.node.drain-timeout (PT30S)");
	}

	@Test
	void doesNotWarnWhenSpringWaitsLongEnough(CapturedOutput output) {
		start("rally.node.drain-timeout=300ms");
		assertThat(output).contains("serves").doesNotContain("timeout-per-shutdown-phase");
	}

	private ConfigurableApplicationContext start(String... properties) {
		// As arguments, so that they win over the test application.properties.
		List<String> args = new ArrayList<>(Stream.of(properties).map((property) -> "--" + property).toList());
		if (args.stream().noneMatch((arg) -> arg.startsWith("--rally.node.drain-timeout="))) {
			args.add("--rally.node.drain-timeout=30s");
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.registerShutdownHook(false)
			.run(args.toArray(String[]::new));
		this.contexts.add(context);
		this.controllers.add(context.getBean(DrainController.class));
		return context;
	}

	/** Every state the node is registered in from now on, {@value #GONE} once deregistered. */
	private static List<String> watchNode(ConfigurableApplicationContext context) {
		List<String> seen = new CopyOnWriteArrayList<>();
		context.getBean(InMemoryRegistry.class)
			.watch(InstanceKind.NODE, (nodes) -> seen.add(nodes.isEmpty() ? GONE : nodes.get(0).state().name()));
		return seen;
	}

	private static InstanceState nodeState(ConfigurableApplicationContext context) {
		List<InstanceInfo> nodes = context.getBean(InMemoryRegistry.class).instances(InstanceKind.NODE);
		return nodes.isEmpty() ? null : nodes.get(0).state();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(NodeAutoConfiguration.class)
	@Import({ TestCluster.class, DrainController.class })
	static class DrainApplication {

	}

	@RallyController
	static class DrainController {

		static final int SLOW = 1;

		static final int FAST = 2;

		static final int JOIN = 3;

		static final int LEAVE = 4;

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Route(SLOW)
		byte[] slow() throws InterruptedException {
			this.started.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return new byte[] { 's' };
		}

		@Route(FAST)
		byte[] fast() {
			return new byte[] { 'f' };
		}

		@Route(JOIN)
		byte[] join(RequestContext context) {
			context.bindNode().join();
			return new byte[] { 'j' };
		}

		@Route(LEAVE)
		byte[] leave(RequestContext context) {
			context.unbindNode().join();
			return new byte[] { 'l' };
		}

	}

}
