package io.rally.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeControl;
import io.rally.node.api.PayloadCodec;
import io.rally.node.api.RallyController;
import io.rally.node.api.Route;
import io.rally.node.autoconfigure.NodeAutoConfiguration;
import io.rally.node.internal.codec.DefaultPayloadCodec;
import io.rally.node.internal.dispatch.NodeDispatcher;
import io.rally.node.internal.lifecycle.NodeLifecycle;
import io.rally.node.internal.messaging.BoundUsers;
import io.rally.node.internal.messaging.DefaultMessenger;
import io.rally.node.test.TestCluster;
import io.rally.node.test.TestGate;
import io.rally.protocol.Packet;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link NodeAutoConfiguration} in small contexts: defaults, back-off, startup failures, and the
 * behaviours that need their own settings.
 */
class NodeAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
		.withUserConfiguration(TestCluster.class);

	@Test
	void definesTheNodeAndRegistersItWithItsProperties() {
		this.runner.withUserConfiguration(EchoController.class)
			.withPropertyValues("rally.node.id=node-7", "rally.node.group=battle", "rally.node.weight=3",
					"rally.node.advertised-endpoint=10.1.2.3:9100")
			.run((context) -> {
				assertThat(context).hasSingleBean(NodeDispatcher.class)
					.hasSingleBean(NodeLifecycle.class)
					.getBean(PayloadCodec.class)
					.isInstanceOf(DefaultPayloadCodec.class);
				assertThat(context).getBean(Messenger.class).isInstanceOf(DefaultMessenger.class);
				InstanceInfo node = context.getBean(InMemoryRegistry.class).instances(InstanceKind.NODE).get(0);
				assertThat(node.id()).isEqualTo("node-7");
				assertThat(node.group()).isEqualTo("battle");
				assertThat(node.weight()).isEqualTo(3);
				assertThat(node.endpoint()).isEqualTo("10.1.2.3:9100");
				assertThat(node.state()).isEqualTo(InstanceState.WORK);
				// no relay endpoint unless configured: transparent gates never relay to this node
				assertThat(node.relayEndpoint()).isNull();
				assertThat(context.getBean(NodeControl.class).nodeId()).isEqualTo("node-7");
			});
	}

	@Test
	void registersTheRelayEndpointApartFromTheLinkEndpoint() {
		this.runner.withUserConfiguration(EchoController.class)
			.withPropertyValues("rally.node.id=node-8", "rally.node.advertised-endpoint=10.1.2.3:9100",
					"rally.node.relay-endpoint=10.1.2.3:7700")
			.run((context) -> {
				NodeControl control = context.getBean(NodeControl.class);
				InstanceInfo node = context.getBean(InMemoryRegistry.class).instances(InstanceKind.NODE).get(0);
				assertThat(node.endpoint()).isEqualTo("10.1.2.3:9100");
				assertThat(node.relayEndpoint()).isEqualTo("10.1.2.3:7700");
				control.setState(InstanceState.BUSY);
				assertThat(context.getBean(InMemoryRegistry.class).instances(InstanceKind.NODE).get(0).relayEndpoint())
					.as("kept when the state changes")
					.isEqualTo("10.1.2.3:7700");
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnBeans() {
		this.runner.withUserConfiguration(EchoController.class, CustomBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(PayloadCodec.class).hasSingleBean(Messenger.class)
				.hasSingleBean(NodeControl.class);
			assertThat(context.getBean(PayloadCodec.class)).isSameAs(context.getBean(CustomBeans.class).codec);
			assertThat(context.getBean(Messenger.class)).isSameAs(context.getBean(CustomBeans.class).messenger);
			assertThat(context.getBean(NodeControl.class)).isInstanceOf(FixedNodeControl.class);
			TestGate gate = context.getBean(TestGate.class);
			gate.send(1, 0, 1, 1, new byte[] { 'x' });
			// The custom codec encodes every reply as "custom".
			assertThat(gate.awaitPacket(1, 1).payload()).isEqualTo("custom".getBytes());
		});
	}

	@Test
	void failsStartupOnDuplicateRoute() {
		this.runner.withUserConfiguration(EchoController.class, DuplicateController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Route 1 is mapped twice")
				.hasMessageContaining("EchoController#echo")
				.hasMessageContaining("DuplicateController#again");
		});
	}

	@Test
	void failsStartupOnTwoRequestParameters() {
		this.runner.withUserConfiguration(TwoBodiesController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("two request parameters");
		});
	}

	@Test
	void answersUnknownRouteWith404WithoutUnknownRouteHandler() {
		this.runner.withUserConfiguration(EchoController.class).run((context) -> {
			TestGate gate = context.getBean(TestGate.class);
			gate.send(2, 0, 99, 5, new byte[0]);
			Packet error = gate.awaitPacket(2, 5);
			assertThat(error.isError()).isTrue();
			assertThat(new String(error.payload())).isEqualTo("{\"code\":404,\"message\":\"Route 99 not found\"}");
		});
	}

	@Test
	void sendsNoErrorPacketsWhenDisabled() {
		this.runner.withUserConfiguration(EchoController.class)
			.withPropertyValues("rally.node.error-responses=false")
			.run((context) -> {
				TestGate gate = context.getBean(TestGate.class);
				gate.send(3, 0, 99, 6, new byte[0]);
				gate.send(3, 0, 1, 7, new byte[] { 'y' });
				gate.awaitPacket(3, 7);
				assertThat(gate.packetsTo(3)).extracting(Packet::seq).containsExactly(7);
			});
	}

	@Test
	void refusesMessagesWith503WhenTheQueueIsFull() {
		this.runner.withUserConfiguration(SlowController.class)
			.withPropertyValues("rally.node.worker-threads=1", "rally.node.max-queued-messages=2")
			.run((context) -> {
				TestGate gate = context.getBean(TestGate.class);
				SlowController slow = context.getBean(SlowController.class);
				gate.send(4, 0, 1, 1, new byte[] { 1 });
				gate.send(5, 0, 1, 2, new byte[] { 2 });
				gate.send(6, 0, 1, 3, new byte[] { 3 });
				Packet refused = gate.awaitPacket(6, 3);
				assertThat(new String(refused.payload())).contains("\"code\":503");
				assertThat(context.getBean(MeterRegistry.class).get("rally.node.messages.rejected").counter().count())
					.isEqualTo(1);
				slow.release.countDown();
				assertThat(gate.awaitPacket(4, 1).isError()).isFalse();
				assertThat(gate.awaitPacket(5, 2).isError()).isFalse();
				assertThat(slow.handled).containsExactly(1, 2);
			});
	}

	@Test
	void stopDeregistersDrainsAndUnexports() throws Exception {
		ApplicationContextRunner slowRunner = this.runner.withUserConfiguration(SlowController.class)
			.withPropertyValues("rally.node.worker-threads=1");
		InMemoryRegistry[] registry = new InMemoryRegistry[1];
		LocalTransport[] transport = new LocalTransport[1];
		InstanceInfo[] node = new InstanceInfo[1];
		SlowController[] slow = new SlowController[1];
		CompletableFuture<Void> closed = new CompletableFuture<>();
		slowRunner.run((context) -> {
			registry[0] = context.getBean(InMemoryRegistry.class);
			transport[0] = context.getBean(LocalTransport.class);
			node[0] = registry[0].instances(InstanceKind.NODE).get(0);
			slow[0] = context.getBean(SlowController.class);
			TestGate gate = context.getBean(TestGate.class);
			gate.send(7, 0, 1, 1, new byte[] { 1 });
			gate.send(7, 0, 1, 2, new byte[] { 2 });
			CompletableFuture.runAsync(() -> {
				await().until(() -> registry[0].instances(InstanceKind.NODE).isEmpty());
				assertThat(slow[0].handled).isEmpty();
				slow[0].release.countDown();
			}).whenComplete((ignored, ex) -> {
				if (ex != null) {
					slow[0].release.countDown();
					closed.completeExceptionally(ex);
				}
				else {
					closed.complete(null);
				}
			});
		});
		closed.get(10, TimeUnit.SECONDS);
		assertThat(slow[0].handled).containsExactly(1, 2);
		assertThat(registry[0].instances(InstanceKind.NODE)).isEmpty();
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> transport[0].node(node[0]));
	}

	@Test
	void invokesHandlersThroughSpringProxies() {
		this.runner.withUserConfiguration(EchoController.class, ProxyingPostProcessor.class).run((context) -> {
			assertThat(AopUtils.isCglibProxy(context.getBean(EchoController.class))).isTrue();
			TestGate gate = context.getBean(TestGate.class);
			gate.send(8, 0, 1, 1, new byte[] { 'p' });
			assertThat(gate.awaitPacket(8, 1).payload()).containsExactly('p');
			assertThat(ProxyingPostProcessor.advised).hasValue(1);
		});
	}

	@RallyController
	static class EchoController {

		@Route(1)
		byte[] echo(byte[] payload) {
			return payload;
		}

	}

	@RallyController
	static class DuplicateController {

		@Route(1)
		byte[] again(byte[] payload) {
			return payload;
		}

	}

	@RallyController
	static class TwoBodiesController {

		@Route(1)
		void twice(String a, Integer b) {
		}

	}

	@RallyController
	static class SlowController {

		final CountDownLatch release = new CountDownLatch(1);

		final List<Integer> handled = new CopyOnWriteArrayList<>();

		@Route(1)
		String slow(byte[] payload) throws InterruptedException {
			this.release.await(10, TimeUnit.SECONDS);
			this.handled.add((int) payload[0]);
			return "done";
		}

	}

	/** Wraps every controller in a CGLIB proxy with counting advice, as AOP would. */
	static class ProxyingPostProcessor implements BeanPostProcessor {

		static final AtomicInteger advised = new AtomicInteger();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!AnnotatedElementUtils.hasAnnotation(bean.getClass(), RallyController.class)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				advised.incrementAndGet();
				return invocation.proceed();
			});
			return factory.getProxy();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomBeans {

		final PayloadCodec codec = new PayloadCodec() {

			@Override
			public byte[] encode(Object message) {
				return "custom".getBytes();
			}

			@Override
			public <T> T decode(byte[] payload, Class<T> type) {
				throw new UnsupportedOperationException();
			}

		};

		final Messenger messenger = new DefaultMessenger(null, null, null, null, this.codec, "n", "g",
				new BoundUsers());

		@Bean
		PayloadCodec customCodec() {
			return this.codec;
		}

		@Bean
		Messenger customMessenger() {
			return this.messenger;
		}

		@Bean
		NodeControl customNodeControl() {
			return new FixedNodeControl();
		}

	}

	static class FixedNodeControl implements NodeControl {

		@Override
		public String nodeId() {
			return "fixed";
		}

		@Override
		public String group() {
			return "fixed";
		}

		@Override
		public InstanceState state() {
			return InstanceState.WORK;
		}

		@Override
		public void setState(InstanceState state) {
		}

	}

}
