package io.rally.cluster.grpc;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.cluster.grpc.mesh.MeshClientAutoConfiguration;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.proto.GateLinkGrpc;
import io.rally.cluster.proto.UserRequest;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Link TLS from {@code rally.cluster.grpc.ssl.bundle}, the warning without it, and a reloaded bundle. */
class LinkTlsAutoConfigurationTest {

	private static final TestCertificates CLUSTER = TestCertificates.create("cluster");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, LinkTlsAutoConfiguration.class,
				GrpcClusterAutoConfiguration.class, MeshClientAutoConfiguration.class))
		.withBean(InstanceRegistry.class, InMemoryRegistry::new)
		.withPropertyValues("rally.mode=cluster", "rally.cluster.grpc.bind-address=127.0.0.1");

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLog() {
		this.log.start();
		logger().addAppender(this.log);
	}

	@AfterEach
	void releaseLog() {
		logger().detachAppender(this.log);
	}

	@Test
	void withoutBundleLinksArePlaintextAndOneWarningSaysSo() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(LinkTls.class);
			assertThat(context.getBean(GrpcLinks.class).tls()).isNull();
			assertThat(warnings()).singleElement().asString().contains("NOT authenticated")
				.contains("rally.cluster.grpc.ssl.bundle");
			assertThat(reachable(context.getBean(GrpcEndpointExporter.class), plaintext())).isTrue();
		});
	}

	@Test
	void bundleSecuresTheServerAndTheChannels() {
		this.runner.withPropertyValues(pemBundle("links", CLUSTER)).withPropertyValues("rally.cluster.grpc.ssl.bundle=links")
			.run((context) -> {
				LinkTls tls = context.getBean(LinkTls.class);
				assertThat(tls.bundleName()).isEqualTo("links");
				assertThat(context.getBean(GrpcLinks.class).tls()).isSameAs(tls);
				assertThat(context).hasSingleBean(MeshChannels.class);
				assertThat(warnings()).isEmpty();
				GrpcEndpointExporter exporter = context.getBean(GrpcEndpointExporter.class);
				assertThat(reachable(exporter, plaintext())).isFalse();
				assertThat(reachable(exporter, TestBundles.tls(TestCertificates.create("other")).channelCredentials()))
					.isFalse();
				assertThat(reachable(exporter, TestBundles.tls(CLUSTER).channelCredentials())).isTrue();
			});
	}

	@Test
	void hostIsStillTheBindAddressWhenBindAddressIsNotSet() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcClusterAutoConfiguration.class))
			.withPropertyValues("rally.mode=cluster", "rally.cluster.grpc.host=127.0.0.1")
			.run((context) -> assertThat(context.getBean(GrpcEndpointExporter.class).advertisedEndpoint())
				.startsWith("127.0.0.1:"));
	}

	@Test
	void missingBundleFailsTheStart() {
		this.runner.withPropertyValues("rally.cluster.grpc.ssl.bundle=nowhere")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void renewedCertificateIsUsedForNewConnections(@TempDir Path directory) throws Exception {
		Path certificate = directory.resolve("tls.crt");
		Path key = directory.resolve("tls.key");
		Path authority = directory.resolve("ca.crt");
		CLUSTER.writeServer(certificate, key);
		CLUSTER.writeAuthority(authority);
		TestCertificates renewed = TestCertificates.create("renewed");
		this.runner
			.withPropertyValues("rally.cluster.grpc.ssl.bundle=links",
					"spring.ssl.bundle.pem.links.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms",
					"spring.ssl.bundle.pem.links.keystore.certificate=" + certificate,
					"spring.ssl.bundle.pem.links.keystore.private-key=" + key,
					"spring.ssl.bundle.pem.links.truststore.certificate=" + authority)
			.run((context) -> {
				GrpcEndpointExporter exporter = context.getBean(GrpcEndpointExporter.class);
				assertThat(reachable(exporter, TestBundles.tls(CLUSTER).channelCredentials())).isTrue();
				assertThat(reachable(exporter, TestBundles.tls(renewed).channelCredentials())).isFalse();

				renewed.writeServer(certificate, key);
				renewed.writeAuthority(authority);

				await().atMost(30, TimeUnit.SECONDS)
					.until(() -> reachable(exporter, TestBundles.tls(renewed).channelCredentials()));
				assertThat(reachable(exporter, TestBundles.tls(CLUSTER).channelCredentials())).isFalse();
			});
	}

	static String[] pemBundle(String name, TestCertificates certificates) {
		String prefix = "spring.ssl.bundle.pem." + name;
		return new String[] { prefix + ".keystore.certificate=" + certificates.chainPem(),
				prefix + ".keystore.private-key=" + certificates.privateKeyPem(),
				prefix + ".truststore.certificate=" + certificates.authorityPem() };
	}

	private static ChannelCredentials plaintext() {
		return io.grpc.InsecureChannelCredentials.create();
	}

	/** Whether a new connection with {@code credentials} gets through TLS to a call (any answer but UNAVAILABLE). */
	private static boolean reachable(GrpcEndpointExporter exporter, ChannelCredentials credentials)
			throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + exporter.getPort(), credentials).build();
		try {
			GateLinkGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.isOnline(UserRequest.newBuilder().setGateId("nobody").setUserId(1).build());
			return true;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode() != Status.Code.UNAVAILABLE;
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private List<String> warnings() {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(GrpcClusterAutoConfiguration.class);
	}

}
