package io.rally.cluster.grpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.local.LocalTransport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcClusterAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClusterAutoConfiguration.class))
		.withPropertyValues("rally.cluster.grpc.host=127.0.0.1");

	@Test
	void inactiveWithoutClusterMode() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(ClusterTransport.class);
			assertThat(context).doesNotHaveBean(EndpointExporter.class);
			assertThat(context).doesNotHaveBean(GrpcLinks.class);
		});
	}

	@Test
	void inactiveInStandaloneMode() {
		this.runner.withPropertyValues("rally.mode=standalone").run((context) -> {
			assertThat(context).doesNotHaveBean(ClusterTransport.class);
			assertThat(context).doesNotHaveBean(EndpointExporter.class);
		});
	}

	@Test
	void clusterModeStartsTheServerOnAFreePort() {
		this.runner.withPropertyValues("rally.mode=cluster").run((context) -> {
			assertThat(context).hasSingleBean(GrpcClusterTransport.class);
			assertThat(context).hasSingleBean(GrpcEndpointExporter.class);
			GrpcEndpointExporter exporter = context.getBean(GrpcEndpointExporter.class);
			assertThat(exporter.isRunning()).isTrue();
			assertThat(exporter.getPort()).isPositive();
			assertThat(exporter.advertisedEndpoint()).isEqualTo("127.0.0.1:" + exporter.getPort());
		});
	}

	@Test
	void advertisedHostIsConfigurable() {
		this.runner.withPropertyValues("rally.mode=cluster", "rally.cluster.grpc.advertised-host=node-3.rally")
			.run((context) -> assertThat(context.getBean(GrpcEndpointExporter.class).advertisedEndpoint())
				.startsWith("node-3.rally:"));
	}

	@Test
	void metersGoToTheApplicationsRegistry() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find(GrpcMetrics.LINK_UP).gauges())
				.hasSize(2));
	}

	@Test
	void backsOffForUserTransportAndExporter() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(LocalTransport.class, LocalTransport::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterTransport.class);
				assertThat(context).hasSingleBean(EndpointExporter.class);
				assertThat(context).doesNotHaveBean(GrpcClusterTransport.class);
				assertThat(context).doesNotHaveBean(GrpcEndpointExporter.class);
			});
	}

	@Test
	void backsOffForUserTransportOnly() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(ClusterTransport.class, UserTransport::new)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(GrpcClusterTransport.class);
				assertThat(context).hasSingleBean(GrpcEndpointExporter.class);
			});
	}

	private static final class UserTransport implements ClusterTransport {

		@Override
		public NodeEndpoint node(InstanceInfo node) {
			throw new UnsupportedOperationException();
		}

		@Override
		public GateEndpoint gate(InstanceInfo gate) {
			throw new UnsupportedOperationException();
		}

	}

}
