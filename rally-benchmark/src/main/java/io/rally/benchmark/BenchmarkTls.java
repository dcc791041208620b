package io.rally.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/**
 * The certificate of a {@code --tls} run: a throwaway CA and a server certificate for
 * 127.0.0.1 (EC P-256), generated once per benchmark JVM and written to PEM files the gates
 * read, including the cluster's gate JVM. The load generator trusts that CA and checks the
 * name, as a real client would.
 */
final class BenchmarkTls {

	private static BenchmarkTls shared;

	private final X509Bundle authority;

	private final Path certificate;

	private final Path privateKey;

	private BenchmarkTls(X509Bundle authority, Path certificate, Path privateKey) {
		this.authority = authority;
		this.certificate = certificate;
		this.privateKey = privateKey;
	}

	/** The run's certificate, generated on first use. */
	static synchronized BenchmarkTls shared() {
		if (shared == null) {
			shared = generate();
		}
		return shared;
	}

	private static BenchmarkTls generate() {
		try {
			Instant now = Instant.now();
			CertificateBuilder base = new CertificateBuilder().ecp256()
				.notBefore(now.minus(1, ChronoUnit.HOURS))
				.notAfter(now.plus(7, ChronoUnit.DAYS));
			X509Bundle authority = base.copy()
				.subject("CN=rally-benchmark CA")
				.setIsCertificateAuthority(true)
				.buildSelfSigned();
			X509Bundle server = base.copy()
				.subject("CN=127.0.0.1")
				.addSanIpAddress("127.0.0.1")
				.addSanDnsName("localhost")
				.addExtendedKeyUsageServerAuth()
				.buildIssuedBy(authority);
			Path directory = Files.createTempDirectory("rally-benchmark-tls");
			Path certificate = Files.writeString(directory.resolve("gate.crt"), server.getCertificatePathPEM(),
					StandardCharsets.US_ASCII);
			Path privateKey = Files.writeString(directory.resolve("gate.key"), server.getPrivateKeyPEM(),
					StandardCharsets.US_ASCII);
			// Deleted in reverse order of registration: the files first, then their directory.
			directory.toFile().deleteOnExit();
			certificate.toFile().deleteOnExit();
			privateKey.toFile().deleteOnExit();
			return new BenchmarkTls(authority, certificate, privateKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write the benchmark's TLS certificate", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not generate the benchmark's TLS certificate", ex);
		}
	}

	/** What turns TLS on for {@code transport} in a gate. */
	Map<String, String> gateProperties(BenchmarkOptions.Transport transport) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("rally.gate.tls.enabled", "true");
		properties.put("rally.gate.tls.transports", transport.id());
		properties.put("rally.gate.tls.certificate", this.certificate.toString());
		properties.put("rally.gate.tls.private-key", this.privateKey.toString());
		return properties;
	}

	/** A Netty client context for the load generator, trusting the run's CA. */
	SslContext clientContext() {
		try {
			return SslContextBuilder.forClient()
				.trustManager(this.authority.getCertificate())
				.protocols("TLSv1.3", "TLSv1.2")
				.endpointIdentificationAlgorithm("HTTPS")
				.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("could not build the load generator's TLS context", ex);
		}
	}

	/** Blocking sockets that trust the run's CA, for readiness probes. */
	SocketFactory socketFactory() {
		try {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			trusted.setCertificateEntry("rally-benchmark", this.authority.getCertificate());
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not build the probe's TLS context", ex);
		}
	}

}
