package io.rally.gate.autoconfigure;

import java.nio.file.Path;

import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.NettyGateServer;
import io.rally.gate.internal.tls.CertificateReloader;
import io.rally.gate.internal.tls.ReloadableSslContext;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rally.gate.tls.*}: off by default, on for the transports listed, and a clear failure
 * when the files are missing or a transport is unknown.
 */
class GateTlsAutoConfigurationTest {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("autoconfiguration");

	@TempDir
	Path directory;

	private ApplicationContextRunner runner;

	@BeforeEach
	void writeCertificates() throws Exception {
		CERTIFICATES.writeServer(this.directory.resolve("gate.crt"), this.directory.resolve("gate.key"));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GateAutoConfiguration.class))
			.withBean(InMemoryRegistry.class)
			.withBean(InMemoryLocator.class)
			.withBean(LocalTransport.class)
			.withPropertyValues("rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
					"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0");
	}

	@Test
	void offByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ReloadableSslContext.class);
			assertThat(context).doesNotHaveBean(CertificateReloader.class);
			assertThat(context.getBeansOfType(NettyGateServer.class).values()).noneMatch(NettyGateServer::isTls);
		});
	}

	@Test
	void onlyForTheListedTransports() {
		this.runner.withPropertyValues(tlsWithFiles("rally.gate.tls.transports=ws")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ReloadableSslContext.class);
			assertThat(context).hasSingleBean(CertificateReloader.class);
			assertThat(context.getBean("gateTcpServer", NettyGateServer.class).isTls()).isFalse();
			assertThat(context.getBean("gateWsServer", NettyGateServer.class).isTls()).isTrue();
			assertThat(context.getBean(ReloadableSslContext.class).certificate()).isEqualTo(CERTIFICATES.server());
		});
	}

	@Test
	void failsWithoutACertificate() {
		this.runner.withPropertyValues("rally.gate.tls.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rally.gate.tls.certificate");
		});
	}

	@Test
	void failsForAnUnknownTransport() {
		this.runner.withPropertyValues(tlsWithFiles("rally.gate.tls.transports=tcp,udp")).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rally.gate.tls.transports");
		});
	}

	@Test
	void failsForAMissingKeyFileNamingIt() {
		this.runner
			.withPropertyValues("rally.gate.tls.enabled=true",
					"rally.gate.tls.certificate=" + this.directory.resolve("gate.crt"),
					"rally.gate.tls.private-key=" + this.directory.resolve("missing.key"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("missing.key");
			});
	}

	private String[] tlsWithFiles(String extra) {
		return new String[] { "rally.gate.tls.enabled=true",
				"rally.gate.tls.certificate=" + this.directory.resolve("gate.crt"),
				"rally.gate.tls.private-key=" + this.directory.resolve("gate.key"), extra };
	}

}
