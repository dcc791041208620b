package io.rally.mesh;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.LinkTls;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.cluster.grpc.mesh.MeshClientProperties;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A mesh whose Spring gRPC server takes the cluster links' SSL bundle from
 * {@code rally.cluster.grpc.ssl.bundle} alone: callers with a certificate of the cluster's CA
 * are served, callers without one or with another CA's are refused. Real server, real sockets.
 */
class MeshTlsTest {

	private static final TestCertificates CLUSTER = TestCertificates.create("cluster");

	private static ConfigurableApplicationContext mesh;

	@BeforeAll
	static void startMesh() {
		String pem = "--spring.ssl.bundle.pem.links";
		mesh = new SpringApplicationBuilder(MeshHostingTest.Mesh.class).web(WebApplicationType.NONE)
			.run("--rally.mesh.enabled=true", "--rally.mesh.id=mesh-tls", "--spring.grpc.server.port=0",
					"--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.shutdown-grace-period=1s",
					"--spring.main.banner-mode=off", "--rally.cluster.grpc.ssl.bundle=links",
					pem + ".keystore.certificate=" + CLUSTER.chainPem(),
					pem + ".keystore.private-key=" + CLUSTER.privateKeyPem(),
					pem + ".truststore.certificate=" + CLUSTER.authorityPem());
	}

	@AfterAll
	static void stopMesh() {
		mesh.close();
	}

	@Test
	void serverRequiresTheClusterCertificateByDefault() {
		assertThat(mesh.getEnvironment().getProperty("spring.grpc.server.ssl.bundle")).isEqualTo("links");
		assertThat(mesh.getEnvironment().getProperty("spring.grpc.server.ssl.client-auth")).isEqualTo("require");
	}

	@Test
	void callerWithTheClusterCertificateIsServed() {
		MeshChannels channels = mesh.getBean(MeshChannels.class);
		assertThat(EchoService.call(channels.channel(EchoService.SERVICE_NAME), "hello")).isEqualTo("hello");
	}

	@Test
	void callerOfAnotherCaIsRefused() {
		assertRefused(tls(TestCertificates.create("stranger")));
	}

	@Test
	void plaintextCallerIsRefused() {
		assertRefused(null);
	}

	private static void assertRefused(LinkTls tls) {
		try (MeshChannels channels = new MeshChannels(mesh.getBean(InstanceRegistry.class), new MeshClientProperties(),
				tls)) {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> EchoService.call(channels.channel(EchoService.SERVICE_NAME), "let me in"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
	}

	private static LinkTls tls(TestCertificates certificates) {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificate(certificates.chainPem())
			.withPrivateKey(certificates.privateKeyPem());
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(certificates.authorityPem());
		return LinkTls.of("stranger", SslBundle.of(new PemSslStoreBundle(key, trust)));
	}

}
